/** The small queue interface sync/ publishes to and processor/ consumes from. */

export interface QueueMessage {
  id: string;
  body: string;
  /** Opaque handle for delete / release; valid until the visibility timeout ends. */
  receiptHandle: string;
  /** How many times this message has been received, this time included. */
  receiveCount: number;
  /** When the message was first sent (ms since epoch). */
  sentAt: number;
}

export interface ReceiveOptions {
  maxMessages?: number;
  waitSeconds?: number;
  visibilityTimeoutSeconds?: number;
  signal?: AbortSignal;
}

export interface QueueStats {
  visible: number;
  inFlight: number;
  delayed: number;
}

export interface Queue {
  /** Sends the bodies in batches; resolves only when every one is accepted. */
  send(bodies: readonly string[], signal?: AbortSignal): Promise<void>;
  receive(options?: ReceiveOptions): Promise<QueueMessage[]>;
  delete(messages: readonly QueueMessage[]): Promise<void>;
  /** Hands messages back to the queue at once (visibility 0), e.g. on shutdown. */
  release(messages: readonly QueueMessage[]): Promise<void>;
  /** Moves a message that can never be processed to the dead-letter queue. */
  deadLetter(message: QueueMessage, reason: string): Promise<void>;
  stats(): Promise<QueueStats>;
  deadLetterStats(): Promise<QueueStats>;
  /** Receives from the dead-letter queue (inspection and tests). */
  receiveDeadLetters(options?: ReceiveOptions): Promise<QueueMessage[]>;
  close(): void;
}

/** The largest body SQS accepts, and the largest total of one batch send. */
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_BATCH_ENTRIES = 10;

/**
 * Groups bodies into send batches of at most 10 entries and 256 KiB in total, keeping order.
 * A single body over the limit is an error: the caller must split its payload.
 */
export function planBatches(bodies: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const body of bodies) {
    const bytes = utf8Length(body);
    if (bytes > MAX_BODY_BYTES) {
      throw new RangeError(
        `Message body of ${bytes} bytes exceeds the ${MAX_BODY_BYTES} byte limit`,
      );
    }
    if (current.length === MAX_BATCH_ENTRIES || size + bytes > MAX_BODY_BYTES) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(body);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const NON_ASCII = /[\u0080-\uffff]/;

export function utf8Length(text: string): number {
  // Bodies are ASCII JSON nearly always; a regex scan is far cheaper than the loop below.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
