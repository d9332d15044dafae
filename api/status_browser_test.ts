/**
 * The /status page as a real browser shows it: headless Chromium loads the page from a running
 * API over seeded data and reads what it rendered. Set STATUS_SCREENSHOT=path.png to keep a
 * screenshot (the seeded page at 1280 px; `-narrow`, `-empty` and `-error` variants beside it).
 * Skipped (with a message) only when Chromium is not installed.
 */
import assert from "node:assert/strict";
import { type BrowserPage, chromiumAvailable, launchChromium } from "./testing/chromium.ts";
import { GNS } from "./testing/seed.ts";
import { HEAD, INDEXED, seedStatus } from "./testing/status_seed.ts";
import { createTestApi } from "./testing/test_api.ts";

const available = chromiumAvailable("the /status browser test");

/** The API over a fresh database (seeded or empty), served, and Chromium to open its /status. */
async function serveStatus({ seeded }: { seeded: boolean }) {
  await using stack = new AsyncDisposableStack();
  const api = stack.use(await createTestApi({ statusMaxAgeMs: 0 }));
  if (seeded) await seedStatus(api.sql);
  const server = stack.use(
    Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, api.app.fetch),
  );
  const browser = stack.use(await launchChromium());
  const url = `http://127.0.0.1:${server.addr.port}/status`;
  const resources = stack.move();
  /** A new tab of `width` px on the page. */
  const open = async (width: number) => {
    const page = await browser.newPage({ width, height: 900 });
    await page.navigate(url);
    return page;
  };
  return { api, open, [Symbol.asyncDispose]: () => resources.disposeAsync() };
}

Deno.test({
  name: "the status page shows heights, events by kind, rejections and the latest transfers",
  ignore: !available,
  async fn() {
    await using status = await serveStatus({ seeded: true });
    const { api } = status;
    const page = await status.open(1280);
    await page.waitFor("document.body.dataset.loaded === 'true'", "the status page to render");

    const text = (id: string) =>
      page.evaluate<string>(`document.getElementById("${id}").innerText`);
    assert.equal(await text("indexed-height"), String(INDEXED));
    assert.equal(await text("head-height"), String(HEAD));
    assert.equal(await text("lag"), String(HEAD - INDEXED));
    assert.equal(await text("sync-status"), "syncing");
    // The badge says what /ready says: 101 blocks behind is more than the 50 allowed.
    assert.equal(await text("verdict"), "catching up: 101 blocks behind");
    assert.equal(await text("ready-word"), "API not ready");
    assert.equal((await api.get("/ready")).status, 503);
    assert.match(await text("lag-sub"), /synchronizer 101 behind · \/ready allows 50/);

    // UTC everywhere, and how old the snapshot is.
    assert.match(await text("updated"), /^updated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    assert.match(await text("age"), /^(just now|\d+ s ago)$/);
    const generatedAt = await page.evaluate<string>(`document.getElementById("age").dataset.at`);
    assert.equal(
      await text("updated"),
      `updated ${generatedAt.slice(0, 10)} ${generatedAt.slice(11, 19)} UTC`,
    );

    // Every chart and bar list has its scale.
    assert.equal(await text("blocks-chart-max"), "20");
    assert.equal(await text("events-chart-max"), "5");
    const times = await page.evaluate<string[]>(
      `[...document.querySelectorAll("#blocks-chart-times span")].map((s) => s.textContent)`,
    );
    assert.equal(times.length, 10);
    assert.ok(times.every((t) => /^\d\d:\d\d$/.test(t)), JSON.stringify(times));
    assert.equal(times.at(-1), generatedAt.slice(11, 16), "the current minute is last");
    const blockValues = await page.evaluate<string[]>(
      `[...document.querySelectorAll("#blocks-chart .v")].map((s) => s.textContent)`,
    );
    assert.deepEqual(blockValues, ["", "", "", "", "", "", "", "", "", "20"]);
    assert.match(await text("throughput-range"), /^\d\d:\d\d–\d\d:\d\d UTC$/);
    assert.equal(await text("kind-max"), "2");
    assert.equal(await text("reason-max"), "2");
    assert.equal(await text("holder-max"), "2");
    assert.equal(await text("kind-total"), "5 events");

    const kinds = await page.evaluate<string[][]>(
      `[...document.querySelectorAll("#events-by-kind tr")].map((r) =>
        [...r.cells].slice(0, 2).map((c) => c.innerText))`,
    );
    assert.deepEqual(kinds, [["mint", "2"], ["burn", "1"], ["transfer", "2"]]);
    assert.deepEqual(
      await page.evaluate<string[]>(
        `[...document.querySelectorAll("#events-by-kind tr")].map((r) => r.cells[2].innerText)`,
      ),
      ["40%", "20%", "40%"],
    );

    const rejections = await text("rejections");
    assert.match(rejections, /forged_token\s+2/);
    assert.match(rejections, /invalid_value\s+1/);

    const newest = await page.evaluate<string[]>(
      `[...document.querySelector("#latest-transfers tr").cells].map((c) => c.innerText)`,
    );
    assert.equal(newest[0], "17");
    assert.equal(newest[2], "transfer");
    assert.equal(newest[3], GNS);
    assert.equal(newest[6], "12345");
    assert.equal(
      await page.evaluate<number>(`document.querySelectorAll("#latest-transfers tr").length`),
      5,
    );
    assert.equal(await text("problem"), "");
    assert.equal(
      await page.evaluate<string>(`document.getElementById("token-count").textContent`),
      "2 tokens",
    );
    const largest = await page.evaluate<string[][]>(
      `[...document.querySelectorAll("#largest-tokens tr")].map((r) =>
        [...r.cells].slice(0, 3).map((c) => c.innerText))`,
    );
    assert.deepEqual(largest.map((r) => r[2]), ["2", "2"]);
    assert.ok(largest.some((r) => r[0] === "GNS" && r[1] === GNS), JSON.stringify(largest));
    for (const id of ["stall", "sync-alert", "empty"]) assert.equal(await visible(page, id), false);
    assert.equal(await overflow(page), 0, "nothing wider than the window");

    await screenshot(page, "");
    const narrow = await status.open(420);
    await narrow.waitFor("document.body.dataset.loaded === 'true'", "the status page to render");
    assert.equal(await overflow(narrow), 0, "nothing wider than a 420 px window");
    await screenshot(narrow, "-narrow");
  },
});

Deno.test({
  name: "the status badge says what /ready says: following, catching up, error, stalled",
  ignore: !available,
  async fn() {
    await using status = await serveStatus({ seeded: true });
    const { api } = status;
    const page = await status.open(1280);
    const text = (id: string) =>
      page.evaluate<string>(`document.getElementById("${id}").innerText`);
    /** Changes sync_state, waits for the page's next poll to show `words`, checks /ready. */
    const badge = async (change: () => Promise<unknown>, words: string, ready: boolean) => {
      await change();
      await page.waitFor(
        `document.getElementById("verdict").innerText === ${JSON.stringify(words)}`,
        `the badge to say "${words}"`,
      );
      assert.equal((await api.get("/ready")).status, ready ? 200 : 503, words);
      assert.equal(await text("ready-word"), ready ? "API ready" : "API not ready");
    };

    await badge(async () => {}, "catching up: 101 blocks behind", false);
    assert.equal(
      await page.evaluate(`document.getElementById("verdict").className`),
      "pill behind",
    );

    // Lag 1 while the synchronizer still says `syncing`: the data is fresh, /ready is 200.
    await badge(
      () => api.sql`UPDATE sync_state SET head_height = last_height + 1 WHERE component = 'sync'`,
      "following the head",
      true,
    );
    assert.equal(await text("sync-status"), "syncing", "the sync's own status stays visible");
    assert.equal(await text("lag"), "1");
    assert.equal(
      await page.evaluate(`document.getElementById("verdict").className`),
      "pill following",
    );

    // An error with a long message: the whole message is readable, with the retry schedule.
    const longError = "Chain reset detected: block 18 hash changed " +
      "0123456789abcdef".repeat(30) +
      " <b>not markup</b>";
    await badge(
      () =>
        api.sql`UPDATE sync_state SET status = 'error', last_error = ${longError},
          error_count = 7, retry_failures = 7, next_retry_at = now() + interval '40 seconds'
        WHERE component = 'sync'`,
      "error",
      false,
    );
    assert.equal(await visible(page, "sync-alert"), true);
    assert.equal(await text("sync-alert-message"), longError);
    assert.equal(await page.evaluate(`document.querySelectorAll("#sync-alert b").length`), 0);
    assert.match(
      await text("sync-alert-retry"),
      /^7 sync cycles failed in a row · next attempt at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    assert.match(await text("sync-alert-retry-in"), /^ · in \d+ s$/);
    assert.equal(await text("sync-status"), "error");
    assert.equal(await overflow(page), 0, "a long error wraps");
    await screenshot(page, "-error");

    // A block that cannot be indexed: its height in the badge, the reason and the schedule.
    await badge(
      () =>
        api.sql`UPDATE sync_state SET status = 'stalled', stalled_height = ${INDEXED + 1},
          last_error = 'Block 20 failed validation', retry_failures = 3,
          next_retry_at = now() + interval '12 seconds' WHERE component = 'sync'`,
      `stalled at block ${INDEXED + 1}`,
      false,
    );
    assert.equal(await visible(page, "stall"), true);
    assert.equal(await visible(page, "sync-alert"), false);
    assert.equal(await text("stall-height"), String(INDEXED + 1));
    assert.equal(await text("stall-reason"), "Block 20 failed validation");
    assert.match(
      await text("stall-retry"),
      /^3 sync cycles failed in a row · next attempt at .+ UTC$/,
    );

    // Cycles failing while it still syncs: a warning with the schedule, the badge unchanged.
    await badge(
      () =>
        api.sql`UPDATE sync_state SET status = 'syncing', stalled_height = NULL,
          last_error = 'fetch failed: connection refused', retry_failures = 2,
          next_retry_at = now() + interval '5 seconds', head_height = last_height
        WHERE component = 'sync'`,
      "following the head",
      true,
    );
    assert.equal(await visible(page, "sync-alert"), true);
    assert.equal(
      await text("sync-alert-title"),
      "Sync cycles are failing; the synchronizer retries",
    );
    assert.match(await text("sync-alert-retry"), /^2 sync cycles failed in a row/);
  },
});

Deno.test({
  name: "the status page over an empty database says nothing is indexed yet",
  ignore: !available,
  async fn() {
    await using status = await serveStatus({ seeded: false });
    for (const width of [1280, 420]) {
      const page = await status.open(width);
      await page.waitFor("document.body.dataset.loaded === 'true'", "the status page to render");
      const text = (id: string) =>
        page.evaluate<string>(`document.getElementById("${id}").innerText`);
      assert.equal(await text("verdict"), "not started");
      assert.equal(await text("ready-word"), "API not ready");
      assert.equal(await visible(page, "empty"), true);
      assert.equal(await text("indexed-height"), "—");
      assert.equal(await text("lag"), "—");
      assert.equal(await text("token-count"), "0 tokens");
      assert.equal(await text("events-by-kind"), "no token events yet");
      assert.equal(await text("latest-transfers"), "no transfers yet");
      assert.equal(await visible(page, "blocks-chart-quiet"), true, "an empty chart says so");
      assert.equal(await text("problem"), "");
      assert.equal(await overflow(page), 0, `nothing wider than a ${width} px window`);
      if (width === 420) await screenshot(page, "-empty");
    }
  },
});

/** How many pixels the page is wider than its window. */
function overflow(page: BrowserPage): Promise<number> {
  return page.evaluate<number>(
    "document.documentElement.scrollWidth - document.documentElement.clientWidth",
  );
}

function visible(page: BrowserPage, id: string): Promise<boolean> {
  return page.evaluate<boolean>(`document.getElementById("${id}").offsetParent !== null`);
}

/** With STATUS_SCREENSHOT=x.png, writes x<suffix>.png. */
async function screenshot(page: BrowserPage, suffix: string) {
  const path = Deno.env.get("STATUS_SCREENSHOT");
  if (path) {
    await Deno.writeFile(path.replace(/(\.png)?$/, `${suffix}.png`), await page.screenshot());
  }
}
