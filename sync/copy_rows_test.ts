import assert from "node:assert/strict";
import { copyChunks, escapeCopy } from "../shared/db/copy_in.ts";
import { blockRow, decodeCopyText, transactionRow } from "./copy_rows.ts";

Deno.test("a COPY row holds the transaction's columns with its JSON escaped", () => {
  const row = transactionRow({
    hash: "h=",
    index: 2,
    block_height: 7,
    success: false,
    messages: [{ value: { __typename: "MsgCall", pkg_path: "gno.land/r/x" } }],
    response: {
      events: [{
        __typename: "GnoEvent",
        type: "T",
        pkg_path: "p",
        attrs: [{ key: "k", value: 'a"\\' }],
      }],
    },
  });
  const columns = row.slice(0, -1).split("\t");
  assert.equal(row.at(-1), "\n");
  assert.deepEqual(columns.slice(0, 4), ["7", "2", "h=", "f"]);
  const unescape = (text: string) => text.replace(/\\\\/g, "\\");
  assert.equal(JSON.parse(unescape(columns[5]))[0].attrs[0].value, 'a"\\');
  assert.equal(JSON.parse(unescape(columns[4]))[0].value.pkg_path, "gno.land/r/x");
});

Deno.test("COPY chunks hold every row once, in order", () => {
  const txs = Array.from({ length: 3000 }, (_, i) => ({
    hash: `h${i}`,
    index: i,
    block_height: 1,
    success: true,
    messages: [],
    response: { events: [{ __typename: "UnknownEvent", padding: "x".repeat(200) }] },
  }));
  const chunks = [...copyChunks(txs as never, transactionRow)];
  assert.ok(chunks.length > 1);
  const rows = chunks.join("").split("\n").filter(Boolean);
  assert.deepEqual(rows.map((r) => r.split("\t")[2]), txs.map((t) => t.hash));
});

Deno.test("a COPY row of a block holds its columns in table order", () => {
  const row = blockRow({
    height: 5,
    hash: "b=",
    last_block_hash: "a=",
    time: "2025-01-01T00:00:25Z",
    num_txs: 3,
    chain_id: "dev",
  });
  assert.equal(row, "5\tb=\ta=\t2025-01-01T00:00:25Z\t3\tdev\n");
});

Deno.test("COPY text decodes back into the rows it was written from", () => {
  const awkward = 'line\nbreak\ttab\\backslash\r"quote"';
  const text = `7\t${escapeCopy(awkward)}\tplain\n8\t\t${escapeCopy("\\n literally")}\n`;
  assert.deepEqual(decodeCopyText([text], ["n", "a", "b"]), [
    { n: "7", a: awkward, b: "plain" },
    { n: "8", a: "", b: "\\n literally" },
  ]);
});
