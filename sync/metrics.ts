/** The synchronizer's Prometheus metrics. */
import { type Registry, SECONDS_BUCKETS } from "../shared/metrics.ts";

export type SyncMetrics = ReturnType<typeof createSyncMetrics>;

export function createSyncMetrics(registry: Registry) {
  return {
    blocks: registry.counter("sync_blocks_total", "Blocks stored"),
    transactions: registry.counter("sync_transactions_total", "Transactions stored"),
    events: registry.counter("sync_token_events_total", "Token events published"),
    rejected: registry.counter(
      "sync_rejected_events_total",
      "Transfer events not applied, by reason",
    ),
    messages: registry.counter("sync_messages_total", "Queue messages sent"),
    windows: registry.counter("sync_windows_total", "Windows applied, by kind (head, backfill)"),
    windowBlocks: registry.histogram(
      "sync_window_blocks",
      "Heights per applied window",
      [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    ),
    windowSeconds: registry.histogram(
      "sync_window_apply_seconds",
      "Time to store and publish one window",
      SECONDS_BUCKETS,
    ),
    checkpoint: registry.gauge("sync_checkpoint_height", "Last height stored and published"),
    head: registry.gauge("sync_head_height", "Latest upstream height seen"),
    lag: registry.gauge("sync_lag_blocks", "Upstream head minus checkpoint"),
    retries: registry.counter("sync_retries_total", "Retries, by kind"),
    errors: registry.counter("sync_errors_total", "Failures, by kind"),
    deadLetters: registry.counter(
      "sync_dead_letters_total",
      "Failures that exhausted the retry schedule",
    ),
    stalledHeight: registry.gauge(
      "sync_stalled_height",
      "The block that keeps failing validation and holds the checkpoint, or -1",
    ),
    chainReset: registry.gauge("sync_chain_reset", "1 when a chain reset stopped the synchronizer"),
    republished: registry.counter(
      "sync_republished_windows_total",
      "Windows published again because they were not applied in time",
    ),
    upstreamRequests: registry.counter(
      "sync_upstream_requests_total",
      "tx-indexer requests, by outcome",
    ),
    upstreamSeconds: registry.histogram(
      "sync_upstream_request_seconds",
      "tx-indexer request latency",
      SECONDS_BUCKETS,
    ),
    failovers: registry.counter("sync_upstream_failovers_total", "Moves to the next upstream URL"),
    websocketConnected: registry.gauge(
      "sync_websocket_connected",
      "1 while the new-block subscription is up",
    ),
    lockHeld: registry.gauge("sync_writer_lock_held", "1 while this instance is the writer"),
  };
}
