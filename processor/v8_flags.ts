/**
 * V8 flags the processor runs with (deno.json's `process` task, scripts/compile.ts and the
 * benchmark use the same values). Without them V8 lets the heap grow lazily to 300-350 MiB RSS
 * while the processor works through a backlog, although the live heap after a collection is
 * 10-50 MiB; with them RSS stays under 190 MiB (120 MiB when keeping up with a live chain) for
 * about 2 us more CPU per event. Below 192 MiB of old space the collector thrashes: the
 * HTTP and database buffers held outside the heap count towards V8's limits.
 */
export const PROCESSOR_V8_FLAGS = "--max-old-space-size=256,--max-semi-space-size=2";
