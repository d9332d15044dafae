/**
 * Scenario 2: the backing services go away in the middle of a backfill. PostgreSQL restarts
 * (connections cut); ElasticMQ restarts with its in-memory queues wiped, so windows that were
 * published and not yet applied exist nowhere but in the sync's bookkeeping: they must be
 * detected and republished.
 */
import assert from "node:assert/strict";
import { bySize } from "./size.ts";
import { sleep, startChaos, until } from "./harness.ts";
import { runScenario } from "./report.ts";

const size = bySize({
  ci: { events: 3_000, newBlocks: 300 },
  full: { events: 50_000, newBlocks: 2_000 },
});

const chaosEnv = {
  sync: { SYNC_WINDOW_BLOCKS: "10", SYNC_REPUBLISH_AFTER_SECONDS: "5" },
};

Deno.test({
  name: "a PostgreSQL restart in the middle of a backfill loses nothing",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("2a PostgreSQL restarted mid-backfill", async () => {
      const chaos = await startChaos({
        devnet: { seed: "pg-restart", events: size.events },
        env: chaosEnv,
      });
      try {
        chaos.start("sync");
        chaos.start("processor");
        await until(async () => (await chaos.appliedHeight()) > 0, "the first applied window");
        chaos.devnet.advance(size.newBlocks);
        const before = await chaos.appliedHeight();
        await chaos.services.postgres.restart();
        // Recovered: windows are applied again past the height reached before the restart.
        const recoverySeconds = await until(
          async () => (await chaos.appliedHeight()) > before,
          "progress after the restart",
        );
        chaos.devnet.advance(size.newBlocks);
        await chaos.waitConsistent();
        const verified = await chaos.verify();
        assert.ok(chaos.processes.every((p) => p.running()), "every service survived");
        return {
          recoverySeconds,
          detail:
            `restarted at applied height ${before} of ${chaos.devnet.head() - size.newBlocks}; ` +
            `${verified.events} events and ${verified.balances} balances exact`,
        };
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs()}`);
      } finally {
        await chaos.close();
      }
    }),
});

Deno.test({
  name: "an ElasticMQ restart that wipes its queues loses nothing: lost windows are republished",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    runScenario("2b ElasticMQ restarted, queues wiped", async () => {
      const chaos = await startChaos({
        devnet: { seed: "mq-restart", events: size.events },
        env: chaosEnv,
      });
      try {
        chaos.start("sync");
        const processor = chaos.start("processor");
        await until(async () => (await chaos.appliedHeight()) > 0, "the first applied window");
        // With the processor frozen, published windows wait in the queue, then vanish with it.
        processor.signal("SIGSTOP");
        chaos.devnet.advance(size.newBlocks);
        await until(async () => {
          const [row] = await chaos.sql<{ n: number }[]>`
            SELECT count(*)::int AS n FROM published_windows WHERE applied_parts < part_count`;
          return row.n > 0;
        }, "windows published and not applied");
        await sleep(500);
        const [lost] = await chaos.sql<{ n: number; through: string }[]>`
          SELECT count(*)::int AS n, max(to_height)::text AS through
          FROM published_windows WHERE applied_parts < part_count`;
        await chaos.services.elasticmq.restart();
        processor.signal("SIGCONT");
        // Recovered: every window that vanished with the queue is applied.
        const recoverySeconds = await until(
          async () => (await chaos.appliedHeight()) >= Number(lost.through),
          "the wiped windows applied",
          120_000,
        );
        chaos.devnet.advance(size.newBlocks);
        await chaos.waitConsistent();
        const verified = await chaos.verify();
        assert.ok(chaos.processes.every((p) => p.running()), "every service survived");
        const syncLog = await Deno.readTextFile(chaos.processes[0].logFile);
        const republished = syncLog.split("window republished").length - 1;
        return {
          recoverySeconds,
          detail: `${lost.n} windows published and unapplied when the queue was wiped; ` +
            `${republished} republished; ` +
            `${verified.events} events and ${verified.balances} balances exact`,
        };
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await chaos.logs()}`);
      } finally {
        await chaos.close();
      }
    }),
});
