/**
 * V8 flags the synchronizer runs with (deno.json's `sync` task, scripts/compile.ts and the
 * benchmark use the same value). Its live heap after a full collection is under 40 MiB, but every
 * window brings about 2 MB of upstream JSON, its parsed objects and COPY text, and by default V8
 * lets the heap grow to about four times the live size before collecting (~400 MiB RSS). Growing
 * by half before each full collection keeps RSS near 230 MiB for about a quarter more CPU in the
 * synchronizer (README "Performance"). A cap on the old space instead cost it twice the CPU.
 */
export const SYNC_V8_FLAGS = "--heap-growing-percent=50";
