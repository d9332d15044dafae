import assert from "node:assert/strict";
import { PROCESSOR_V8_FLAGS } from "./v8_flags.ts";

Deno.test("the process task runs the processor with its V8 flags", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
  assert.match(config.tasks.process, new RegExp(` --v8-flags=${PROCESSOR_V8_FLAGS} `));
});
