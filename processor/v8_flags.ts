/**
 * V8 flags the processor runs with (deno.json's `process` task, scripts/compile.ts and the
 * benchmark use the same values). Without them V8 lets the heap grow lazily to 300-350 MiB RSS
 * while the processor works through a backlog, although the live heap after a collection is
 * 10-50 MiB. The old space is capped, and the heap grows by at most its live size before the
 * next full collection. The new space is capped at 8 MiB semi-spaces: the COPY apply's large
 * batches otherwise let it grow to V8's 16 MiB default and RSS to ~250 MiB
 * (docs/performance.md, "Memory"). (A 2 MiB new space cost 15 % more processor CPU in
 * scavenges.)
 */
export const PROCESSOR_V8_FLAGS =
  "--max-old-space-size=256,--heap-growing-percent=100,--max-semi-space-size=8";
