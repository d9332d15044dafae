/** Scenario 5: SIGTERM in the middle of work: every service exits within 15 s, nothing is lost. */
import assert from "node:assert/strict";
import { bySize } from "./size.ts";
import { sleep, startChaos, until } from "./harness.ts";
import { runScenario } from "./report.ts";

const size = bySize({
  ci: { events: 3_000, rounds: 2, newBlocks: 300 },
  full: { events: 50_000, rounds: 5, newBlocks: 2_000 },
});

Deno.test({
  name: "SIGTERM stops every service within 15 s and loses nothing",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("5 SIGTERM", async () => {
      const chaos = await startChaos({
        devnet: { seed: "sigterm", events: size.events },
        env: { sync: { SYNC_WINDOW_BLOCKS: "10" } },
      });
      try {
        chaos.start("sync");
        chaos.start("processor");
        chaos.start("api");
        await until(async () => (await chaos.appliedHeight()) > 0, "the first applied window");
        let slowest = 0;
        const codes: string[] = [];
        for (let round = 0; round < size.rounds; round++) {
          chaos.devnet.advance(size.newBlocks);
          // Mid-work, not mid-start-up (that case comes after the rounds).
          await Promise.all(chaos.processes.map((p) => chaos.waitHealthy(p)));
          await sleep(300);
          const exits = await Promise.all(chaos.processes.map(async (p) => {
            const started = performance.now();
            const status = await p.kill("SIGTERM");
            return {
              name: p.name,
              code: status.code,
              seconds: (performance.now() - started) / 1000,
            };
          }));
          for (const exit of exits) {
            slowest = Math.max(slowest, exit.seconds);
            codes.push(`${exit.name}:${exit.code}`);
            assert.ok(exit.seconds < 15, `${exit.name} took ${exit.seconds.toFixed(1)} s to exit`);
            assert.equal(exit.code, 0, `${exit.name} exited with ${exit.code}`);
          }
          for (const p of chaos.processes) p.start();
        }
        // A SIGTERM that lands during start-up (migrations, queue creation) stops it as well.
        await sleep(150);
        for (const p of chaos.processes) {
          const started = performance.now();
          const status = await p.kill("SIGTERM");
          const seconds = (performance.now() - started) / 1000;
          slowest = Math.max(slowest, seconds);
          assert.ok(seconds < 15, `${p.name} took ${seconds.toFixed(1)} s to exit during start-up`);
          // 143: the signal came before the handlers were installed (still loading modules);
          // nothing had started, so the default action loses nothing either.
          assert.ok(
            status.code === 0 || status.code === 143,
            `${p.name} exited with ${status.code} during start-up`,
          );
          p.start();
        }
        const restartedAt = performance.now();
        await chaos.waitConsistent();
        const recoverySeconds = (performance.now() - restartedAt) / 1000;
        await Promise.all(chaos.processes.map((p) => chaos.waitHealthy(p)));
        const verified = await chaos.verify();
        return {
          recoverySeconds,
          detail: `${size.rounds} rounds of SIGTERM to all, one during start-up; slowest exit ` +
            `${slowest.toFixed(1)} s, all exit 0; ${verified.events} events and ` +
            `${verified.balances} balances exact (API sample too)`,
        };
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs()}`);
      } finally {
        await chaos.close();
      }
    }),
});
