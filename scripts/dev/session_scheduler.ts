/**
 * Shares PGlite's one database session between several client connections, for
 * `deno task dev`. pglite-socket's own multiplexer switches connections between single protocol
 * messages, which breaks the extended query protocol every PostgreSQL driver uses (a Parse from
 * one connection lands between another's Parse and Bind) as soon as two pools are busy at once.
 * This scheduler gives the session to one connection from its first message until that
 * connection is idle again: its Sync or simple Query has completed with no transaction block
 * open. Everything else queues, in order, per connection.
 *
 * It plugs into pglite-socket's PGLiteSocketHandler as its `queryQueue`.
 */

/** The part of PGlite the scheduler drives. */
export interface Session {
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(
    message: Uint8Array,
    options: { onRawData: (data: Uint8Array) => void },
  ): Promise<void>;
  isInTransaction(): boolean;
  exec(query: string): Promise<unknown>;
}

interface Pending {
  connection: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

export interface SessionScheduler {
  /** Runs one protocol message of `connection`; resolves with the bytes answered. */
  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<
    number
  >;
  /** The connection is gone: its queued messages fail. */
  clearQueueForHandler(connection: number): void;
  /** The connection is gone: if it held the session, roll back and hand the session on. */
  clearTransactionIfNeeded(connection: number): Promise<void>;
  getQueueLength(): number;
}

export function createSessionScheduler(session: Session): SessionScheduler {
  let queue: Pending[] = [];
  let owner: number | null = null;
  let running = false;

  /** A message after which the connection may give the session up. */
  const endsExchange = (message: Uint8Array) => {
    const type = message[0];
    // A startup message has no type byte: it begins with its length, whose high byte is 0.
    return type === SYNC || type === QUERY || type === TERMINATE || type === 0;
  };

  const next = (): Pending | undefined => {
    const index = owner === null ? 0 : queue.findIndex((p) => p.connection === owner);
    if (index < 0 || index >= queue.length) return undefined;
    return queue.splice(index, 1)[0];
  };

  const drain = async () => {
    if (running) return;
    running = true;
    try {
      for (let item = next(); item; item = next()) {
        owner = item.connection;
        let bytes = 0;
        const current = item;
        try {
          await session.runExclusive(() =>
            session.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            })
          );
        } catch (error) {
          owner = null;
          current.reject(error as Error);
          continue;
        }
        if (endsExchange(current.message) && !session.isInTransaction()) owner = null;
        current.resolve(bytes);
      }
    } finally {
      running = false;
    }
  };

  return {
    enqueue(connection, message, onData) {
      return new Promise((resolve, reject) => {
        queue.push({ connection, message, onData, resolve, reject });
        void drain();
      });
    },
    clearQueueForHandler(connection) {
      queue = queue.filter((p) => {
        if (p.connection !== connection) return true;
        p.reject(new Error("Connection closed"));
        return false;
      });
    },
    async clearTransactionIfNeeded(connection) {
      if (owner !== connection) return;
      if (session.isInTransaction()) await session.exec("ROLLBACK");
      owner = null;
      await drain();
    },
    getQueueLength: () => queue.length,
  };
}
