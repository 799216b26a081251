import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';

/** The PostgreSQL channel every committed change of interest to the web app is announced on. */
export const LIVE_CHANNEL = 'factcheck_events';

/**
 * The channel on which changes to credentials (tokens, sessions, users' roles and state) are announced
 * with the user's id, or '*' for all, by triggers on those tables (migration CredentialChangeNotifications).
 */
export const CREDENTIALS_CHANNEL = 'factcheck_credentials';

/** Follows credential changes, to drop cached credentials; told whenever the LISTEN connection goes up or down. */
export interface CredentialWatcher {
  /** Credentials of this user (or every user, '*') changed. */
  changed(userId: string): void;
  /** While not listening, changes may be missed: nothing cached may be trusted. */
  listening(up: boolean): void;
}

/** What changed, as little as a client needs to refetch it (never the content itself). */
export type LiveEvent =
  | { type: 'claim'; id: string; articleId: string; state: string; version: number; action: string; actorId: string }
  | { type: 'evidence'; claimId: string; sourceId: string }
  | { type: 'capture'; sourceId: string; captureId: string; status: string }
  /** The machine signals of a claim against one capture are ready. */
  | { type: 'signals'; claimId: string; captureId: string }
  | { type: 'report'; articleId: string; version: number }
  /** Sent by the listener itself after it reconnected: events may have been missed, refetch. */
  | { type: 'resync' };

/**
 * Announces changes inside the caller's transaction: PostgreSQL delivers a NOTIFY only when (and if)
 * the transaction commits, so listeners never hear of a change that rolled back.
 */
export async function notifyLive(manager: EntityManager, events: Exclude<LiveEvent, { type: 'resync' }>[]): Promise<void> {
  if (events.length === 0) return;
  const notify = liveNotifyQuery(events, '$1');
  await manager.query(notify.sql, [notify.value]);
}

/**
 * The same announcement as a query to put in the statement that writes the change (a CTE the final
 * SELECT must read, since PostgreSQL skips a SELECT CTE nothing reads): one round trip less.
 */
export function liveNotifyQuery(events: Exclude<LiveEvent, { type: 'resync' }>[], param: string): { sql: string; value: string[] } {
  return { sql: `SELECT count(pg_notify('${LIVE_CHANNEL}', payload))::int AS n FROM unnest(${param}::text[]) AS payload`, value: events.map((event) => JSON.stringify(event)) };
}

/** A consumer of live events (an open Server-Sent Events stream). */
export interface LiveSubscriber {
  event(event: LiveEvent): void;
  /** Called when the process shuts down. */
  close(): void;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * The one LISTEN connection of this process, fanned out to every subscriber. When the connection drops
 * (the database restarted), it reconnects with exponential backoff and then tells subscribers to
 * resync. Works on a PostgreSQL server and on the embedded database (its wire server forwards NOTIFY).
 */
@Injectable()
export class LiveEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('live-events');
  private readonly subscribers = new Set<LiveSubscriber>();
  private readonly credentialWatchers = new Set<CredentialWatcher>();
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private closing = false;
  /** The round trip of caughtUp() in flight, and the one that starts when it ends (callers arriving meanwhile share it). */
  private roundTrip: Promise<boolean> | null = null;
  private nextRoundTrip: Promise<boolean> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  /** Adds a subscriber; call the returned function when it goes away. */
  subscribe(subscriber: LiveSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Adds a credential watcher, told at once whether the connection is up; call the returned function when it goes away. */
  watchCredentials(watcher: CredentialWatcher): () => void {
    this.credentialWatchers.add(watcher);
    watcher.listening(this.listening);
    return () => this.credentialWatchers.delete(watcher);
  }

  /** True while the LISTEN connection is up (for tests and health). */
  get listening(): boolean {
    return this.client !== null;
  }

  /**
   * Resolves true once this connection has delivered every notification committed before the call,
   * false when it cannot tell (not connected, or the round trip failed). A commit signals every listening
   * backend before it returns, and a backend sends what it was signalled before it reads its next command,
   * so a round trip on this connection that starts after the call is enough. Callers that arrive while one
   * is in flight share the next one (which starts after they arrived): one round trip per batch.
   */
  caughtUp(): Promise<boolean> {
    if (!this.client) return Promise.resolve(false);
    if (!this.roundTrip) return (this.roundTrip = this.ping());
    return (this.nextRoundTrip ??= this.roundTrip.then(() => {
      this.nextRoundTrip = null;
      return this.caughtUp();
    }));
  }

  private async ping(): Promise<boolean> {
    const client = this.client;
    try {
      if (!client) return false;
      await client.query('SELECT 1');
      return this.client === client;
    } catch {
      return false;
    } finally {
      this.roundTrip = null;
    }
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.DATABASE_URL, application_name: 'factcheck live events', keepAlive: true });
    client.on('notification', (message) => {
      if (message.channel === LIVE_CHANNEL && message.payload) this.deliver(message.payload);
      else if (message.channel === CREDENTIALS_CHANNEL && message.payload) for (const watcher of this.credentialWatchers) watcher.changed(message.payload);
    });
    // An 'end' always follows a connection error; that is where we reconnect. keepAlive finds a dead peer.
    client.on('error', (error) => this.logger.warn({ err: error, msg: 'live events connection failed' }));
    client.on('end', () => {
      if (this.client !== client) return;
      this.client = null;
      this.tellCredentialWatchers(false);
      this.reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      await client.query(`LISTEN ${CREDENTIALS_CHANNEL}`);
    } catch (error) {
      this.logger.warn({ err: error, msg: 'could not listen for live events; retrying' });
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.reconnectLater();
      return;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.tellCredentialWatchers(true);
    if (this.failures > 0) {
      this.failures = 0;
      this.fanOut({ type: 'resync' });
    }
  }

  private tellCredentialWatchers(up: boolean): void {
    for (const watcher of this.credentialWatchers) watcher.listening(up);
  }

  private reconnectLater(): void {
    if (this.closing) return;
    const delay = Math.min(MAX_BACKOFF_MS, 200 * 2 ** this.failures);
    this.failures += 1;
    this.retry = setTimeout(() => void this.connect(), delay);
    this.retry.unref();
  }

  private deliver(payload: string): void {
    let event: LiveEvent;
    try {
      event = JSON.parse(payload) as LiveEvent;
    } catch {
      this.logger.warn({ msg: 'ignored a malformed live event', payload: payload.slice(0, 200) });
      return;
    }
    this.fanOut(event);
  }

  private fanOut(event: LiveEvent): void {
    for (const subscriber of this.subscribers) subscriber.event(event);
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.retry) clearTimeout(this.retry);
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
    const client = this.client;
    this.client = null;
    this.tellCredentialWatchers(false);
    this.credentialWatchers.clear();
    await client?.end().catch(() => undefined);
  }
}
