/**
 * The /docs page: the HTML the server renders from the OpenAPI document, then (when Chromium is
 * installed) the page as a real browser lays it out. /docs reads no database, so the app here
 * has a pool that never connects. DOCS_SCREENSHOT=path.png keeps screenshots (1280 px, and
 * `-narrow` at 420 px).
 */
import assert from "node:assert/strict";
import { createDatabase } from "../shared/db/mod.ts";
import { silentLogger } from "../shared/log.ts";
import { Registry } from "../shared/metrics.ts";
import { createApp } from "./app.ts";
import { inline, renderDocsPage } from "./docs_page.ts";
import { chromiumAvailable, launchChromium } from "./testing/chromium.ts";

async function withDocs(
  fn: (html: string, app: ReturnType<typeof createApp>) => void | Promise<void>,
) {
  const sql = createDatabase({ url: "postgres://nobody@127.0.0.1:1/none", max: 1 });
  try {
    const app = createApp({
      sql,
      registry: new Registry(),
      logger: silentLogger,
      limits: { defaultLimit: 100, maxLimit: 1000 },
    });
    const response = await app.request("/docs");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /text\/html/);
    await fn(await response.text(), app);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** The HTML of the element with this id, up to its closing `tag`. */
function section(html: string, id: string, tag = "section"): string {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `no element #${id}`);
  return html.slice(start, html.indexOf(`</${tag}>`, start));
}

/** The table row of a parameter or field named `name` in `html`. */
function row(html: string, name: string): string {
  const match = html.match(
    new RegExp(`<tr><td class="name">(?:(?!</tr>).)*?>${name}</code>.*?</tr>`),
  );
  assert.ok(match, `no row for ${name}`);
  return match[0];
}

Deno.test("code spans become <code>, everything else is escaped", () => {
  assert.equal(
    inline("use `limit` & `<b>`, not <i>; a lone ` stays"),
    "use <code>limit</code> &#38; <code>&#60;b&#62;</code>, not &#60;i&#62;; a lone ` stays",
  );
  assert.equal(inline(""), "");
});

Deno.test("/docs is a readable reference: types in words, code spans, no raw JSON", async () => {
  await withDocs((html) => {
    // One document: no script, nothing fetched from elsewhere; the machine-readable one linked.
    assert.ok(!/<script|<link|https?:\/\//.test(html), "no script, no external assets");
    assert.match(html, /<a href="openapi.json">openapi.json<\/a>/);
    // No backtick shows literally and no JSON Schema is printed.
    assert.ok(!html.includes("`"), "every `code` span is rendered");
    assert.ok(
      !/&#34;(type|maxLength|properties|\$ref)&#34;|"type":|<pre/.test(html),
      "no raw JSON",
    );
    assert.match(html, /<code>consistentThrough<\/code>/);

    // Every endpoint, with method and path, summary, parameters and responses.
    for (
      const path of [
        "/tokens",
        "/tokens/balances",
        "/tokens/transfer-history",
        "/tokens/{tokenPath}/balances",
        "/tokens/{tokenPath}",
      ]
    ) {
      assert.ok(html.includes(`<span class="m">GET</span>${path.replaceAll("/", "/<wbr>")}`), path);
    }
    const tokenBalances = section(html, "op-getTokenBalances");
    assert.match(
      tokenBalances,
      /<span class="method">GET<\/span><code class="path">\/tokens\/<span class="var">\{tokenPath\}<\/span>\/balances<\/code>/,
    );
    assert.match(
      tokenBalances,
      /<p class="summary">Balances of one token, or of a realm&#39;s tokens<\/p>/,
    );
    assert.match(row(tokenBalances, "limit"), /integer 1–1000, default <code>100<\/code>/);
    assert.match(
      row(tokenBalances, "tokenPath"),
      /path · <span class="req">required<\/span>.*string, at most 512 characters<span class="example">e\.g\. <code>gno\.land\/r\/demo\/wugnot<\/code>/,
    );
    assert.match(
      row(tokenBalances, "height"),
      /integer ≥ 0<span class="example">e\.g\. <code>120<\/code>/,
    );
    assert.match(row(tokenBalances, "address"), /query · optional.*string, at most 100 characters/);
    assert.match(
      tokenBalances,
      /<td class="status s4">409<\/td><td><code>height<\/code> is above <code>consistentThrough<\/code>/,
    );
    assert.match(
      tokenBalances,
      /<td class="status s2">200<\/td><td>One page of results\.<\/td><td data-label="Body"><a href="#schema-AccountBalancesResponse">AccountBalancesResponse<\/a>/,
    );
    assert.match(tokenBalances, /Returns <a href="#schema-AccountBalancesResponse">/);
    assert.match(tokenBalances, /Try it: <a href="tokens\/gno.land\/r\/demo\/wugnot\/balances">/);
    assert.match(
      section(html, "op-getToken"),
      /<td class="status s4">404<\/td><td>No token of that id has been seen\.<\/td>/,
    );

    // The schemas as field tables, with links to the schemas they hold and back to their users.
    const tokens = section(html, "schema-TokensResponse");
    assert.match(tokens, /<table class="fields">/);
    assert.match(row(tokens, "tokens"), /array of <a href="#schema-Token">Token<\/a>.*always/);
    assert.match(
      row(tokens, "nextCursor"),
      /string or null.*may be null.*Pass as <code>cursor<\/code>/,
    );
    assert.match(tokens, /Used by <a href="#op-getTokens"><code>GET \/tokens<\/code><\/a>/);
    const token = section(html, "schema-Token");
    assert.match(
      token,
      /Used by <a href="#schema-TokensResponse">TokensResponse<\/a>, <a href="#schema-TokenResponse">TokenResponse<\/a>/,
    );
    assert.match(row(token, "decimals"), /integer or null.*may be null/);
    assert.match(row(token, "totalSupply"), /<td class="type" data-label="Type">integer<\/td>/);
    assert.match(
      row(section(html, "schema-Transfer"), "kind"),
      /one of <code>mint<\/code>, <code>burn<\/code>, <code>transfer<\/code>/,
    );
    assert.match(row(section(html, "schema-BalancesResponse"), "height"), /integer.*optional/);
    const error = section(html, "schema-Error");
    assert.match(
      error,
      /<span class="dot">error\.<\/span>code<\/code>.*one of <code>invalid_parameter<\/code>/,
    );
    assert.match(
      error,
      /<span class="dot">error\.<\/span>param<\/code>.*optional.*The offending parameter\./,
    );

    // Every in-page link lands on something.
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) {
      assert.ok(ids.has(target), `#${target} is linked but not on the page`);
    }
  });
});

Deno.test("/docs escapes what the document says", () => {
  const html = renderDocsPage({
    info: { title: "<T>", version: "1", description: "`<x>` & y" },
    paths: {
      "/a/{b}": {
        get: {
          operationId: "getA",
          summary: "<s>",
          description: "d `<c>`",
          parameters: [{
            name: "b<",
            in: "path",
            description: "`q`",
            schema: { type: "string", example: "<e>", enum: undefined },
          }],
          responses: { "200": { description: "<ok>" } },
        },
      },
    },
    components: {
      schemas: {
        S: {
          type: "object",
          properties: { "f<": { type: "string", description: "<d>" } },
          required: [],
        },
      },
    },
  });
  assert.ok(!/<(T|x|s|c|e|ok|d|b)>|b<|f</.test(html), html);
  assert.match(html, /<code>&#60;x&#62;<\/code> &#38; y/);
  assert.match(html, /optional/);
});

const available = chromiumAvailable("the /docs browser test");

Deno.test({
  name: "/docs fits the window at 1280 px and at 420 px, code spans and field tables rendered",
  ignore: !available,
  async fn() {
    await withDocs(async (_html, app) => {
      await using server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        app.fetch,
      );
      await using browser = await launchChromium();
      for (const width of [1280, 420]) {
        const page = await browser.newPage({ width, height: 900 });
        await page.navigate(`http://127.0.0.1:${server.addr.port}/docs`);
        await page.waitFor(
          "document.readyState === 'complete' && document.querySelector('.op')",
          "the docs page to render",
        );
        const check = await page.evaluate<{
          overflow: number;
          widest: number;
          tables: number;
          fieldTables: number;
          codeSpans: number;
          backticks: boolean;
          refLinks: number;
        }>(`(() => {
          const root = document.documentElement;
          const tables = [...document.querySelectorAll("table")];
          return {
            overflow: root.scrollWidth - root.clientWidth,
            widest: Math.max(...tables.map((t) => t.getBoundingClientRect().right)) - root.clientWidth,
            tables: tables.length,
            fieldTables: document.querySelectorAll(".schema table.fields").length,
            codeSpans: document.querySelectorAll(".op p code").length,
            backticks: document.body.innerText.includes("\`"),
            refLinks: document.querySelectorAll('.fields a[href^="#schema-"]').length,
          };
        })()`);
        assert.equal(check.overflow, 0, `the page is no wider than ${width} px`);
        assert.ok(check.widest <= 0, `every table fits ${width} px (${check.widest} px over)`);
        assert.ok(check.tables >= 15, String(check.tables));
        assert.equal(check.fieldTables, 9, "one field table per schema");
        assert.ok(check.codeSpans > 10, String(check.codeSpans));
        assert.equal(check.backticks, false);
        assert.equal(check.refLinks, 5, "Balance ×2, Transfer, Token ×2 linked from fields");
        // A parameter's type reads as words.
        const limitType = await page.evaluate<string>(
          `[...document.querySelectorAll("#op-getTokens td.name")]
            .find((td) => td.querySelector("code").textContent === "limit")
            .nextElementSibling.innerText`,
        );
        assert.match(limitType, /integer 1–1000, default 100/);
        const path = Deno.env.get("DOCS_SCREENSHOT");
        if (path) {
          const file = path.replace(/(\.png)?$/, width === 1280 ? ".png" : "-narrow.png");
          await Deno.writeFile(file, await page.screenshot());
        }
      }
    });
  },
});
