import { Injectable } from '@nestjs/common';
import type { CredentialWatcher } from '@app/db';

/** Most credentials held; past this the oldest cached is dropped. */
const MAX_ENTRIES = 20_000;
/** Longest an entry is served without asking the database again, should a change ever go unannounced. */
const MAX_AGE_MS = 5 * 60_000;

interface Entry<T> {
  value: T;
  userId: string;
  /** Date.now() after which the entry is not served (the credential's own expiry, or the maximum age). */
  validUntil: number;
}

/** A read of the database that may be cached, taken with the generation current before it started. */
export interface CacheTicket {
  readonly generation: number;
}

/**
 * Resolved API tokens and sessions (by the sha256 of their secret), kept in this process so that a request
 * needs no statement to authenticate. It is trusted only while this process LISTENs for credential changes
 * (`LiveEvents.watchCredentials`): a change to a user's tokens, sessions, roles or state drops that user's
 * entries when PostgreSQL announces it (at commit, to every replica), and an entry is served only after a
 * round trip on that connection has delivered every announcement committed before the request; while the
 * LISTEN connection is down the cache is empty and bypassed. A database read that started before a change
 * is not cached (the generation moved). Processes that do not listen (the worker, scripts) never cache.
 */
@Injectable()
export class CredentialCache implements CredentialWatcher {
  private readonly entries = new Map<string, Entry<unknown>>();
  private generation = 0;
  private up = false;
  /** Whoever feeds the announcements: resolves once every change committed so far has been heard. */
  private catchUp: () => Promise<boolean> = async () => false;

  /** Set by the process's LISTEN wiring (CredentialInvalidation) with LiveEvents.caughtUp. */
  followAnnouncements(catchUp: () => Promise<boolean>): void {
    this.catchUp = catchUp;
  }

  /**
   * The entry for `key`, served only once every change committed before this call has been heard: a
   * revocation committed on another replica is dropped here before its answer reaches anyone, so it
   * takes effect on the very next request. A miss needs no wait (the caller asks the database).
   */
  async lookup<T>(key: string): Promise<T | undefined> {
    if (this.get(key) === undefined) return undefined;
    if (!(await this.catchUp())) return undefined;
    return this.get<T>(key);
  }

  /** True while entries may be served (the LISTEN connection is up). */
  get active(): boolean {
    return this.up;
  }

  /** The entry as held now, without waiting for announcements in flight (see {@link lookup}). */
  get<T>(key: string): T | undefined {
    if (!this.up) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() >= entry.validUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  /** Taken before reading a credential from the database, so that `put` can tell whether a change overtook the read. */
  ticket(): CacheTicket {
    return { generation: this.generation };
  }

  put<T>(ticket: CacheTicket, key: string, value: T, userId: string, expiresAt: Date | null): void {
    if (!this.up || ticket.generation !== this.generation) return;
    const validUntil = Math.min(Date.now() + MAX_AGE_MS, expiresAt ? expiresAt.getTime() : Infinity);
    this.entries.delete(key);
    this.entries.set(key, { value, userId, validUntil });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(oldest);
    }
  }

  /** Drops one entry (a session touched, a credential found gone). */
  drop(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every entry of this user ('*': of everyone); also called by the process that made the change, before it answers. */
  changed(userId: string): void {
    this.generation += 1;
    if (userId === '*') {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  listening(up: boolean): void {
    this.generation += 1;
    this.entries.clear();
    this.up = up;
  }
}
