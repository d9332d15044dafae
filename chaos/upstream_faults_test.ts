/**
 * Scenario 3: upstream faults, one after the other while blocks keep coming: 10% HTTP 500 with
 * 5% 429, slow responses, a silent gap that heals later, the websocket dropped. After each fault
 * ends, the system is consistent with the head again within 60 s.
 */
import assert from "node:assert/strict";
import { bySize } from "./size.ts";
import { sleep, startChaos } from "./harness.ts";
import { runScenario } from "./report.ts";

const size = bySize({
  ci: { events: 2_000, faultMs: 3_000, newBlocks: 60 },
  full: { events: 50_000, faultMs: 20_000, newBlocks: 600 },
});

const RECOVERY_LIMIT_SECONDS = 60;

Deno.test({
  name: "upstream faults heal and the system is exact again within 60 s of each",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("3 upstream faults", async () => {
      const chaos = await startChaos({
        devnet: { seed: "faults", events: size.events },
        env: { sync: { SYNC_WINDOW_BLOCKS: "20", SYNC_REQUEST_TIMEOUT_MS: "2000" } },
      });
      const { devnet } = chaos;
      try {
        chaos.start("sync");
        chaos.start("processor");
        await chaos.waitConsistent();
        const recoveries: Record<string, number> = {};
        const during = async (name: string, start: () => void, end: () => void) => {
          start();
          const started = performance.now();
          while (performance.now() - started < size.faultMs) {
            devnet.advance(Math.ceil(size.newBlocks / 10));
            await sleep(size.faultMs / 10);
          }
          end();
          devnet.advance(1);
          const seconds = await chaos.waitConsistent({ timeoutMs: RECOVERY_LIMIT_SECONDS * 1000 });
          await chaos.verify();
          recoveries[name] = seconds;
        };
        await during(
          "5xx/429",
          () => devnet.setFaults({ serverErrorRate: 0.1, rateLimitRate: 0.05 }),
          () => devnet.setFaults({ serverErrorRate: 0, rateLimitRate: 0 }),
        );
        await during(
          "slow",
          () => devnet.setFaults({ latencyMs: 1_500 }),
          () => devnet.setFaults({ latencyMs: 0 }),
        );
        let gap = -1;
        await during("silent gap", () => {
          gap = devnet.head() + 2;
          devnet.hideBlock(gap);
        }, () => devnet.healBlock(gap));
        await during("websocket dropped", () => {
          devnet.dropWebsockets();
        }, () => {});
        const worst = Math.max(...Object.values(recoveries));
        assert.ok(worst <= RECOVERY_LIMIT_SECONDS);
        const verified = await chaos.verify();
        return {
          recoverySeconds: worst,
          detail: Object.entries(recoveries).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(", ") +
            `; ${verified.events} events and ${verified.balances} balances exact after each`,
        };
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs()}`);
      } finally {
        await chaos.close();
      }
    }),
});
