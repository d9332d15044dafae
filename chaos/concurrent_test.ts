/**
 * Scenario 6: two synchronizers and three processors at once. One synchronizer holds the writer
 * lock; killing it hands the work to the other. Processors apply windows out of order in
 * parallel; none double-counts.
 */
import { bySize } from "./size.ts";
import { sleep, startChaos, until } from "./harness.ts";
import { runScenario } from "./report.ts";

const size = bySize({
  ci: { events: 3_000, newBlocks: 400 },
  full: { events: 100_000, newBlocks: 3_000 },
});

Deno.test({
  name: "two synchronizers and three processors at once count everything exactly once",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("6 two syncs, three processors", async () => {
      const chaos = await startChaos({
        devnet: { seed: "concurrent", events: size.events },
        env: { sync: { SYNC_WINDOW_BLOCKS: "20" } },
      });
      try {
        const syncs = [chaos.start("sync"), chaos.start("sync")];
        for (let i = 0; i < 3; i++) chaos.start("processor");
        await until(async () => (await chaos.appliedHeight()) > 0, "the first applied window");
        // Kill whichever synchronizer holds the lock: the other must take over.
        const holders = await Promise.all(syncs.map(async (s) => {
          const text = await Deno.readTextFile(s.logFile);
          return text.includes("writer lock acquired");
        }));
        const holder = syncs[holders.indexOf(true)] ?? syncs[0];
        chaos.devnet.advance(size.newBlocks);
        await sleep(300);
        const [{ checkpoint }] = await chaos.sql<{ checkpoint: string }[]>`
          SELECT last_height::text AS checkpoint FROM sync_state WHERE component = 'sync'`;
        await holder.kill("SIGKILL");
        // Recovered: the other synchronizer took the lock and moves the checkpoint on.
        const recoverySeconds = await until(async () => {
          const [row] = await chaos.sql<{ checkpoint: string }[]>`
            SELECT last_height::text AS checkpoint FROM sync_state WHERE component = 'sync'`;
          return Number(row.checkpoint) > Number(checkpoint);
        }, "the other synchronizer at work");
        chaos.devnet.advance(size.newBlocks);
        await chaos.waitConsistent();
        holder.start();
        chaos.devnet.advance(size.newBlocks);
        await chaos.waitConsistent();
        const verified = await chaos.verify();
        return {
          recoverySeconds,
          detail: `lock holder ${holder.name} SIGKILLed, the other took over; ` +
            `${verified.events} events and ${verified.balances} balances exact`,
        };
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs()}`);
      } finally {
        await chaos.close();
      }
    }),
});
