/**
 * V8 flags the synchronizer runs with (deno.json's `sync` task, scripts/compile.ts and the
 * benchmark use the same value). Its live heap after a full collection is under 40 MiB, but every
 * window brings a few MB of upstream JSON, its parsed objects and COPY text. By default V8 lets
 * the old space grow to about four times the live size before collecting (~300-400 MiB RSS);
 * growing it by 130 % keeps RSS near 210 MiB. A 16 MiB semi-space lets most of a window's objects
 * die young instead of being promoted, which is what made a tighter bound expensive: growing by
 * 50 % with the default young generation cost a third more CPU (docs/performance.md). A cap on
 * the old space instead thrashes.
 */
export const SYNC_V8_FLAGS = "--max-semi-space-size=16,--heap-growing-percent=130";
