import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { startPostgres } from "../../scripts/services/postgres.ts";
import { sleep } from "../shutdown.ts";
import { serverUrl } from "../testing/database.ts";
import { createDatabase } from "./connect.ts";

Deno.test("pools connect, run queries and COPY", async () => {
  const sql = createDatabase({ url: serverUrl(), max: 2 });
  try {
    await sql.begin(async (tx) => {
      await tx`CREATE TEMP TABLE copied (n int, s text) ON COMMIT DROP`;
      const writable = await tx`COPY copied FROM STDIN`.writable();
      await new Promise<void>((resolve, reject) => {
        writable.on("error", reject);
        writable.end("1\tone\n2\ttwo\n", () => resolve());
      });
      const rows = await tx<{ n: number; s: string }[]>`SELECT n, s FROM copied ORDER BY n`;
      assert.deepEqual(rows.map((r) => [r.n, r.s]), [[1, "one"], [2, "two"]]);
    });
  } finally {
    await sql.end();
  }
});

Deno.test("a refused connection fails the query and the pool still ends", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const sql = createDatabase({ url: `postgres://nobody@127.0.0.1:${port}/none`, max: 1 });
  await assert.rejects(sql`SELECT 1`, /ECONNREFUSED|refused/i);
  await sql.end({ timeout: 1 });
});

Deno.test({
  name: "a pool reconnects after the server restarts",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const postgres = await startPostgres();
    const sql = createDatabase({ url: postgres.url, max: 2 });
    try {
      assert.equal((await sql`SELECT 1 AS one`)[0].one, 1);
      await postgres.restart();
      let answered = false;
      for (let attempt = 0; attempt < 50 && !answered; attempt++) {
        answered = await sql`SELECT 1`.then(() => true, () => false);
        if (!answered) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.ok(answered, "no query succeeded after the restart");
    } finally {
      await sql.end({ timeout: 1 });
      await postgres.stop();
    }
  },
});

// The next three cover the patches in vendor/postgres (see vendor/postgres/PATCHES.md).

Deno.test("a transaction whose backend is terminated fails, and the pool goes on", async () => {
  const sql = createDatabase({ url: serverUrl(), max: 2 });
  const admin = createDatabase({ url: serverUrl(), max: 1 });
  try {
    for (let round = 0; round < 5; round++) {
      let pid: number | null = null;
      const outcome = sql.begin(async (tx) => {
        pid = (await tx<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0].pid;
        await tx`SELECT pg_sleep(5)`;
      }).then(() => undefined, (error: Error & { code?: string }) => error);
      while (pid === null) await sleep(10);
      await admin`SELECT pg_terminate_backend(${pid})`;
      const failure = await outcome;
      assert.equal(failure?.code, "CONNECTION_CLOSED");
      // Before the patch the ROLLBACK hit a null socket from an immediate, an uncaught
      // TypeError, and the next query failed with the dead backend's 57P01.
      assert.equal((await sql<{ one: number }[]>`SELECT 1 AS one`)[0].one, 1);
      assert.equal((await sql.begin((tx) => tx<{ two: number }[]>`SELECT 2 AS two`))[0].two, 2);
    }
  } finally {
    await sql.end({ timeout: 1 });
    await admin.end({ timeout: 1 });
  }
});

Deno.test("a dead transaction's later statements never run in the connection's next session", async () => {
  const sql = createDatabase({ url: serverUrl(), max: 1 });
  const admin = createDatabase({ url: serverUrl(), max: 1 });
  const table = `probe_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  try {
    await admin`CREATE TABLE ${admin(table)} (label text)`;
    let pid: number | null = null;
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => resume = resolve);
    let attempted!: () => void;
    const deadAttempted = new Promise<void>((resolve) => attempted = resolve);
    const dead = sql.begin(async (tx) => {
      pid = (await tx<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0].pid;
      await tx`INSERT INTO ${tx(table)} VALUES ('dead 1')`;
      await paused;
      try {
        await tx`INSERT INTO ${tx(table)} VALUES ('dead 2')`;
      } finally {
        attempted();
      }
    }).then(() => undefined, (error: Error) => error);
    while (pid === null) await sleep(10);
    await admin`SELECT pg_terminate_backend(${pid})`;
    assert.ok(await dead, "the transaction whose backend died did not fail");

    // The pool reconnects the same connection for the next transaction; the dead one wakes up
    // while that one is open. Its INSERT and COMMIT must fail, not land in this session.
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => inserted = resolve);
    const next = sql.begin(async (tx) => {
      await tx`INSERT INTO ${tx(table)} VALUES ('next 1')`;
      inserted();
      // The dead transaction's statement is tried while this one is open. (A driver that
      // queued it behind this transaction would never settle it: the bound ends the wait.)
      const bound = new AbortController();
      await Promise.race([deadAttempted, sleep(5_000, bound.signal)]);
      bound.abort();
      await tx`INSERT INTO ${tx(table)} VALUES ('next 2')`;
    });
    await firstInserted;
    resume();
    await next;
    const rows = await admin<{ label: string }[]>`SELECT label FROM ${admin(table)} ORDER BY 1`;
    assert.deepEqual(rows.map((row) => row.label), ["next 1", "next 2"]);
  } finally {
    await admin`DROP TABLE IF EXISTS ${admin(table)}`;
    await sql.end({ timeout: 1 });
    await admin.end({ timeout: 1 });
  }
});

Deno.test({
  name: "transactions and COPYs across PostgreSQL restarts each commit whole or fail, none hangs",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const postgres = await startPostgres();
    const sql = createDatabase({ url: postgres.url, max: 4 });
    let running = true;
    let attempts = 0;
    const committed: number[] = [];
    const pending = new Set<Promise<unknown>>();
    // Half the workers write their pair with COPY FROM STDIN, large enough to take several writes.
    const pad = "x".repeat(100_000);
    const copied = new Set<number>();
    const worker = async (_: unknown, index: number) => {
      while (running) {
        const id = attempts++;
        const attempt = sql.begin(async (tx) => {
          if (index % 2 === 0) {
            copied.add(id);
            const stream = await tx`COPY pairs (attempt, pad) FROM STDIN`.writable();
            await pipeline(Readable.from([`${id}\t${pad}\n`, `${id}\t${pad}\n`]), stream);
            return;
          }
          await tx`INSERT INTO pairs VALUES (${id})`;
          await tx`SELECT pg_sleep(0.005)`;
          await tx`INSERT INTO pairs VALUES (${id})`;
        });
        pending.add(attempt);
        const ok = await attempt.then(() => true, () => false);
        pending.delete(attempt);
        if (ok) committed.push(id);
        else await sleep(50);
      }
    };
    try {
      await sql`CREATE TABLE pairs (attempt int, pad text)`;
      // More workers than connections, so BEGINs also wait in the pool's queue.
      const workers = Array.from({ length: 6 }, worker);
      for (let restart = 0; restart < 3; restart++) {
        await sleep(700);
        await postgres.restart();
      }
      await sleep(1_000);
      running = false;
      // Every transaction settles (a lost BEGIN or write used to hang forever).
      const deadline = new AbortController();
      const settled = await Promise.race([
        Promise.all(workers).then(() => true),
        sleep(30_000, deadline.signal).then(() => false),
      ]);
      deadline.abort();
      assert.ok(settled, `${pending.size} transactions never settled`);
      const stored = await sql<{ attempt: number; rows: number }[]>`
        SELECT attempt, count(*)::int AS rows FROM pairs GROUP BY attempt`;
      const rowsOf = new Map(stored.map((row) => [row.attempt, row.rows]));
      assert.ok(committed.some((id) => copied.has(id)), "no COPY committed");
      assert.ok(committed.some((id) => !copied.has(id)), "no INSERT transaction committed");
      // A commit whose answer was lost in a restart may be stored without being reported; but
      // no transaction is ever stored in part, and every reported commit is stored.
      assert.deepEqual(stored.filter((row) => row.rows !== 2), [], "a transaction stored in part");
      assert.deepEqual(committed.filter((id) => rowsOf.get(id) !== 2), [], "a commit was lost");
    } finally {
      running = false;
      await sql.end({ timeout: 1 });
      await postgres.stop();
    }
  },
});
