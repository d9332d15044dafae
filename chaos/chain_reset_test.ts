/**
 * Scenario 7: the upstream chain is reset (same heights, new hashes). The synchronizer detects
 * it, stops with a clear error and a non-zero exit, and the database keeps the old chain only.
 */
import assert from "node:assert/strict";
import { bySize } from "./size.ts";
import { startChaos, until } from "./harness.ts";
import { runScenario } from "./report.ts";
import { verifyDatabase } from "./verify.ts";

const size = bySize({ ci: { events: 2_000 }, full: { events: 20_000 } });

Deno.test({
  name: "a chain reset upstream stops the synchronizer with a clear error and mixes nothing",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("7 chain reset upstream", async () => {
      const chaos = await startChaos({ devnet: { seed: "reset", events: size.events } });
      try {
        const sync = chaos.start("sync");
        chaos.start("processor");
        await chaos.waitConsistent();
        const before = chaos.devnet.truth(chaos.devnet.head());
        const blocksBefore = await chaos.sql`SELECT height, hash FROM blocks ORDER BY height`;
        chaos.devnet.reset();
        const resetAt = performance.now();
        chaos.devnet.advance(20);
        const status = await Promise.race([
          sync.exited(),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000)),
        ]);
        assert.ok(status, "the synchronizer stopped within 60 s of the reset");
        const detectSeconds = (performance.now() - resetAt) / 1000;
        assert.notEqual(status.code, 0, "the synchronizer exits non-zero");
        const log = await Deno.readTextFile(sync.logFile);
        assert.match(log, /Chain reset detected/);

        // A restart refuses again rather than index the new chain on top of the old one.
        sync.start();
        const again = await sync.exited();
        assert.notEqual(again.code, 0, "a restarted synchronizer refuses too");
        await until(async () => {
          const [row] = await chaos.sql<{ n: number }[]>`
            SELECT count(*)::int AS n FROM published_windows WHERE applied_parts < part_count`;
          return row.n === 0;
        }, "nothing left to apply");
        const verified = await verifyDatabase(chaos.sql, before);
        const blocksAfter = await chaos.sql`SELECT height, hash FROM blocks ORDER BY height`;
        assert.deepEqual(blocksAfter, blocksBefore, "no block of the new chain is stored");
        const [state] = await chaos.sql<{ status: string; last_error: string }[]>`
          SELECT status, last_error FROM sync_state WHERE component = 'sync'`;
        return {
          recoverySeconds: detectSeconds,
          detail: `detected in ${detectSeconds.toFixed(1)} s, exit ${status.code}, status ` +
            `${state?.status}; the old chain's ${verified.events} events and ` +
            `${verified.balances} balances intact, no block of the new chain stored`,
        };
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs()}`);
      } finally {
        await chaos.close();
      }
    }),
});
