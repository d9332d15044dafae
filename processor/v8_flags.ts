/**
 * V8 flags the processor runs with (deno.json's `process` task, scripts/compile.ts and the
 * benchmark use the same values). Without them V8 lets the heap grow lazily to 300-350 MiB RSS
 * while the processor works through a backlog, although the live heap after a collection is
 * 10-50 MiB. The old space is capped, and the heap grows by at most its live size before the
 * next full collection: RSS stays near 160 MiB during a backfill. (A 2 MiB new space held it at
 * 120 MiB but cost 15 % more processor CPU in scavenges.)
 */
export const PROCESSOR_V8_FLAGS = "--max-old-space-size=256,--heap-growing-percent=100";
