/**
 * The /status page as a real browser shows it: headless Chromium loads the page from a running
 * API over seeded data and reads what it rendered. Set STATUS_SCREENSHOT=path.png to keep a
 * screenshot. Skipped (with a message) only when Chromium is not installed.
 */
import assert from "node:assert/strict";
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from "./testing/chromium.ts";
import { GNS } from "./testing/seed.ts";
import { HEAD, INDEXED, seedStatus } from "./testing/status_seed.ts";
import { createTestApi } from "./testing/test_api.ts";

const available = chromiumAvailable();
if (!available) {
  console.warn(
    `Skipping the /status browser test: Chromium is not installed at ${CHROMIUM_PATH} ` +
      "(apt-get install chromium, or set CHROMIUM_PATH)",
  );
}

Deno.test({
  name: "the status page shows heights, events by kind, rejections and the latest transfers",
  ignore: !available,
  async fn() {
    await using api = await createTestApi({ statusMaxAgeMs: 0 });
    await seedStatus(api.sql);
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      api.app.fetch,
    );
    await using browser = await launchChromium();
    const page = await browser.newPage({ width: 1280, height: 900 });
    await page.navigate(`http://127.0.0.1:${server.addr.port}/status`);
    await page.waitFor("document.body.dataset.loaded === 'true'", "the status page to render");

    const text = (id: string) =>
      page.evaluate<string>(`document.getElementById("${id}").innerText`);
    assert.equal(await text("indexed-height"), String(INDEXED));
    assert.equal(await text("head-height"), String(HEAD));
    assert.equal(await text("lag"), String(HEAD - INDEXED));
    assert.equal(await text("sync-status"), "syncing");

    const kinds = await page.evaluate<string[][]>(
      `[...document.querySelectorAll("#events-by-kind tr")].map((r) =>
        [...r.cells].slice(0, 2).map((c) => c.innerText))`,
    );
    assert.deepEqual(kinds, [["mint", "2"], ["burn", "1"], ["transfer", "2"]]);

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

    const screenshotPath = Deno.env.get("STATUS_SCREENSHOT");
    if (screenshotPath) await Deno.writeFile(screenshotPath, await page.screenshot());
  },
});
