import assert from "node:assert/strict";
import { freePort } from "./services/free_port.ts";

/** What `deno task dev` needs from the environment: nothing that points at real services. */
function bareEnv(): Record<string, string> {
  const keep = ["PATH", "HOME", "DENO_DIR", "DENO_TLS_CA_STORE", "XDG_CACHE_HOME", "TMPDIR"];
  return Object.fromEntries(
    keep.flatMap((name) => {
      const value = Deno.env.get(name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

Deno.test({
  name: "deno task dev runs the whole system on embedded defaults and stops on SIGTERM",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const port = freePort();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-kv", new URL("./dev.ts", import.meta.url).pathname],
      clearEnv: true,
      env: { ...bareEnv(), DEVNET_BLOCKS: "300", DEVNET_LIVE_MS: "500", API_PORT: String(port) },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const output = Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
    ]);
    const api = `http://127.0.0.1:${port}`;
    try {
      let ready: Record<string, unknown> = {};
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        ready = await getJson(`${api}/ready`).then((r) => r.body).catch(() => ({}));
        if (Number(ready.consistentThrough ?? -1) >= 300) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      assert.ok(
        Number(ready.consistentThrough) >= 300,
        `the pipeline did not catch up: ${JSON.stringify(ready)}`,
      );

      const balances = await getJson(`${api}/tokens/balances?limit=5`);
      assert.equal(balances.status, 200);
      assert.equal((balances.body.balances as unknown[]).length, 5);
      const history = await getJson(`${api}/tokens/transfer-history?limit=3`);
      assert.equal((history.body.transfers as unknown[]).length, 3);
      const status = await getJson(`${api}/status.json`);
      assert.ok(Number(status.body.indexedHeight) >= 300);
    } finally {
      child.kill("SIGTERM");
    }
    const stopped = await Promise.race([
      child.status,
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000)),
    ]);
    if (stopped === "timeout") child.kill("SIGKILL");
    const [stdout, stderr] = await output;
    assert.notEqual(stopped, "timeout", "dev did not stop within 15 s of SIGTERM");
    assert.equal((stopped as Deno.CommandStatus).code, 0, stderr.slice(-2000));
    assert.match(stdout, new RegExp(`127\\.0\\.0\\.1:${port}`), "dev printed where the API is");
  },
});
