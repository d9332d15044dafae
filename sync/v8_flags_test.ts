import assert from "node:assert/strict";
import { SYNC_V8_FLAGS } from "./v8_flags.ts";

Deno.test("the sync task runs the synchronizer with its V8 flags", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assert.match(config.tasks.sync, new RegExp(` --v8-flags=${SYNC_V8_FLAGS} `));
});
