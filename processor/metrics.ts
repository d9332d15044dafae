/** The processor's Prometheus metrics, registered once per process. */
import type { Counter, Gauge, Histogram, Registry } from "../shared/metrics.ts";

export interface ProcessorMetrics {
  eventsApplied: Counter;
  eventsDuplicate: Counter;
  partsApplied: Counter;
  partsDuplicate: Counter;
  /** Labelled by outcome: applied, dead_lettered. */
  messages: Counter;
  /** Messages sent to the dead-letter queue, labelled by reason. */
  rejections: Counter;
  batchMessages: Histogram;
  batchEvents: Histogram;
  applySeconds: Histogram;
  /** From the publisher's send to the commit of the apply. */
  queueLatencySeconds: Histogram;
  /** Transactions retried after a deadlock or serialization failure. */
  applyRetries: Counter;
  /** Batches left on the queue after a transient failure, labelled by stage. */
  failures: Counter;
  /** Labelled by state: visible, in_flight, delayed. */
  queueMessages: Gauge;
  deadLetterMessages: Gauge;
  oldestMessageAgeSeconds: Gauge;
  appliedHeight: Gauge;
}

const BATCH_MESSAGE_BUCKETS = [1, 2, 3, 5, 8, 10];
const BATCH_EVENT_BUCKETS = [0, 10, 100, 1_000, 2_500, 5_000, 10_000, 20_000, 50_000];
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

export function createProcessorMetrics(registry: Registry): ProcessorMetrics {
  return {
    eventsApplied: registry.counter(
      "processor_events_applied_total",
      "Token events inserted and added to the balances",
    ),
    eventsDuplicate: registry.counter(
      "processor_events_duplicate_total",
      "Token events skipped because they were already applied",
    ),
    partsApplied: registry.counter(
      "processor_parts_applied_total",
      "Window parts recorded as applied",
    ),
    partsDuplicate: registry.counter(
      "processor_parts_duplicate_total",
      "Window parts received again after they were applied",
    ),
    messages: registry.counter("processor_messages_total", "Queue messages handled, by outcome"),
    rejections: registry.counter(
      "processor_messages_rejected_total",
      "Queue messages sent to the dead-letter queue, by reason",
    ),
    batchMessages: registry.histogram(
      "processor_batch_messages",
      "Messages per received batch",
      BATCH_MESSAGE_BUCKETS,
    ),
    batchEvents: registry.histogram(
      "processor_batch_events",
      "Token events per applied batch",
      BATCH_EVENT_BUCKETS,
    ),
    applySeconds: registry.histogram(
      "processor_apply_seconds",
      "Duration of one batch's database transaction",
    ),
    queueLatencySeconds: registry.histogram(
      "processor_queue_latency_seconds",
      "Time from a message's send to the commit of its apply",
      LATENCY_BUCKETS,
    ),
    applyRetries: registry.counter(
      "processor_apply_retries_total",
      "Batch transactions retried after a deadlock or serialization failure",
    ),
    failures: registry.counter(
      "processor_failures_total",
      "Transient failures by stage (receive, apply, delete); messages come back later",
    ),
    queueMessages: registry.gauge(
      "processor_queue_messages",
      "Approximate messages in the queue, by state",
    ),
    deadLetterMessages: registry.gauge(
      "processor_dead_letter_messages",
      "Approximate messages in the dead-letter queue",
    ),
    oldestMessageAgeSeconds: registry.gauge(
      "processor_oldest_message_age_seconds",
      "Age of the oldest message received during the last stats interval",
    ),
    appliedHeight: registry.gauge(
      "processor_applied_height",
      "Height through which every published window is applied",
    ),
  };
}
