import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves one PGlite database over the PostgreSQL wire protocol to many client connections (the `pg` pools
 * of TypeORM and BullMQ), on loopback only.
 *
 * PGlite is a single PostgreSQL session, so every connection shares it. Sharing is only correct when each
 * connection has the session to itself for a whole unit of work, which this server enforces:
 * - a connection's messages are executed together up to their Sync or Query (an extended-protocol cycle
 *   never interleaves with another connection's: the unnamed statement and portal stay its own);
 * - once a cycle leaves the session inside a transaction (ReadyForQuery status T or E), the connection
 *   keeps the session until its transaction ends; others wait in arrival order.
 * @electric-sql/pglite-socket queues message by message, which interleaves cycles and transactions of
 * concurrent connections; hence this small server instead.
 *
 * Notifications (LISTEN/NOTIFY) are delivered to every connection: the session listens on behalf of all.
 * A connection idle inside a transaction longer than `idleInTransactionMs` is rolled back and closed, as
 * PostgreSQL's idle_in_transaction_session_timeout would, so one stuck client cannot stall the rest.
 */
export class WireServer {
  private server: Server | null = null;
  private readonly connections = new Set<WireConnection>();
  private holder: WireConnection | null = null;
  private readonly waiting: (() => void)[] = [];
  /** The reply to a startup message, captured once and replayed to every connection. */
  private startupReply: Buffer | null = null;

  constructor(
    private readonly db: PGlite,
    private readonly options: { idleInTransactionMs: number; onWarning?: (message: string) => void },
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    this.startupReply = Buffer.from(await this.db.execProtocolRaw(startupMessage()));
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    // Whatever the last holder left open is rolled back, so a clean shutdown never keeps half a transaction.
    await this.db.execProtocolRaw(simpleQuery('ROLLBACK'));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new WireConnection(socket, this);
    this.connections.add(connection);
    socket.on('close', () => {
      this.connections.delete(connection);
      void connection.closed();
    });
  }

  /** @internal Replies to a connection's startup with the captured server parameters. */
  startupFor(): Buffer {
    return this.startupReply!;
  }

  /** @internal Resolves once `connection` holds the session (immediately when it already does). */
  async acquire(connection: WireConnection): Promise<void> {
    if (this.holder === connection) return;
    if (this.holder) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.holder = connection;
  }

  /** @internal */
  release(connection: WireConnection): void {
    if (this.holder !== connection) return;
    this.holder = null;
    this.waiting.shift()?.();
  }

  /** @internal Runs protocol messages on the session (the caller holds it) and returns PGlite's reply. */
  async execute(messages: Buffer): Promise<Buffer> {
    return Buffer.from(await this.db.execProtocolRaw(messages));
  }

  /** @internal */
  broadcast(notification: Buffer): void {
    for (const connection of this.connections) connection.write(notification);
  }

  /** @internal */
  get idleInTransactionMs(): number {
    return this.options.idleInTransactionMs;
  }

  /** @internal */
  warn(message: string): void {
    this.options.onWarning?.(message);
  }
}

// Untyped first messages (length, then a code).
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
// Typed frontend messages that end a unit the server must answer before the client sends more.
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const FLUSH = 0x48; // 'H'
const TERMINATE = 0x58; // 'X'
// Backend messages the server inspects.
const READY_FOR_QUERY = 0x5a; // 'Z'
const NOTIFICATION = 0x41; // 'A'
const IDLE = 0x49; // 'I'

class WireConnection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private pending: Buffer[] = [];
  /** Work is handled strictly in order per connection. */
  private chain: Promise<void> = Promise.resolve();
  private holdsSession = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private gone = false;

  constructor(
    private readonly socket: Socket,
    private readonly server: WireServer,
  ) {
    socket.on('data', (chunk) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.enqueue(() => this.consume());
    });
    socket.on('error', () => socket.destroy());
  }

  write(data: Buffer): void {
    if (!this.gone && this.socket.writable) this.socket.write(data);
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The socket closed: roll back what it left open and hand the session on. */
  async closed(): Promise<void> {
    this.gone = true;
    this.enqueue(() => this.abandon());
    await this.chain;
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((error: unknown) => {
      this.server.warn(`embedded database connection failed: ${(error as Error).message}`);
      this.socket.destroy();
    });
  }

  private async consume(): Promise<void> {
    if (!this.started) {
      if (!this.consumeStartup()) return;
    }
    while (this.buffer.length >= 5) {
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) break;
      const message = this.buffer.subarray(0, 1 + length);
      this.buffer = this.buffer.subarray(1 + length);
      const type = message[0]!;
      if (type === TERMINATE) {
        this.socket.end();
        return;
      }
      this.pending.push(message);
      if (type === SYNC || type === QUERY || type === FLUSH) await this.run();
    }
  }

  /** Answers SSL/GSS requests with "no", ignores cancel requests, and replies to the startup message. */
  private consumeStartup(): boolean {
    while (this.buffer.length >= 8) {
      const length = this.buffer.readInt32BE(0);
      const code = this.buffer.readInt32BE(4);
      if (this.buffer.length < length) return false;
      this.buffer = this.buffer.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.write(Buffer.from('N'));
      } else if (code === CANCEL_REQUEST) {
        // Queries cannot be interrupted inside PGlite; the client's own timeout applies.
        this.socket.end();
        return false;
      } else {
        this.write(this.server.startupFor());
        this.started = true;
        return true;
      }
    }
    return false;
  }

  private async run(): Promise<void> {
    const messages = Buffer.concat(this.pending);
    this.pending = [];
    this.clearIdleTimer();
    if (!this.holdsSession) {
      await this.server.acquire(this);
      this.holdsSession = true;
    }
    if (this.gone) return; // the rollback in abandon() releases the session
    const reply = await this.server.execute(messages);
    const { forClient, notifications, status } = splitReply(reply);
    this.write(forClient);
    for (const notification of notifications) this.server.broadcast(notification);
    if (status === IDLE) {
      this.holdsSession = false;
      this.server.release(this);
    } else {
      // Inside a transaction (or mid-cycle after a Flush): the session stays ours until it ends.
      this.idleTimer = setTimeout(() => this.timeOutIdleTransaction(), this.server.idleInTransactionMs);
      this.idleTimer.unref();
    }
  }

  private timeOutIdleTransaction(): void {
    this.server.warn(`embedded database: a connection stayed idle in a transaction for ${this.server.idleInTransactionMs} ms; rolled back and closed`);
    this.gone = true;
    this.socket.destroy();
  }

  private async abandon(): Promise<void> {
    this.clearIdleTimer();
    if (!this.holdsSession) return;
    this.holdsSession = false;
    try {
      await this.server.execute(simpleQuery('ROLLBACK'));
    } finally {
      this.server.release(this);
    }
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/**
 * Separates notifications (broadcast to every connection) from the rest of a reply, and reads the
 * transaction status of its last ReadyForQuery (null when the reply has none, e.g. after a Flush).
 */
export function splitReply(reply: Buffer): { forClient: Buffer; notifications: Buffer[]; status: number | null } {
  const kept: Buffer[] = [];
  const notifications: Buffer[] = [];
  let status: number | null = null;
  let offset = 0;
  while (offset + 5 <= reply.length) {
    const end = offset + 1 + reply.readInt32BE(offset + 1);
    const message = reply.subarray(offset, end);
    if (message[0] === NOTIFICATION) notifications.push(message);
    else kept.push(message);
    if (message[0] === READY_FOR_QUERY) status = message[5]!;
    offset = end;
  }
  return { forClient: Buffer.concat(kept), notifications, status };
}

function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = QUERY;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

function startupMessage(): Buffer {
  const parameters = Buffer.from('user\0postgres\0database\0postgres\0\0', 'utf8');
  const message = Buffer.alloc(8 + parameters.length);
  message.writeInt32BE(8 + parameters.length, 0);
  message.writeInt32BE(196608, 4); // protocol 3.0
  parameters.copy(message, 8);
  return message;
}
