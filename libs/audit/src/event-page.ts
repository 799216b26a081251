import { isUtf8 } from 'node:buffer';
import { hash as digest } from 'node:crypto';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { canonicalEndV2, canonicalHeadV2 } from './audit-hash.js';
import type { StoredEvent } from './audit-verifier.js';


/**
 * Pages of audit events in PostgreSQL's binary COPY format. verify() spends its time reading events, so a
 * page is read as one `COPY (SELECT …) TO STDOUT (FORMAT binary)`: the hashed bytes arrive as they are
 * stored (the text protocol hex-encodes bytea), and each row is a run of length-prefixed fields that
 * {@link EventPage} walks in place. The checks a rule-2 event needs (its hash, its columns against its
 * bytes, its chain key) run on those bytes without building the event; anything that does not pass is
 * decoded whole ({@link EventPage.event}) and handed to the verifier's full check, which names the problem.
 */

/** The columns of a page, in order (the field indexes below follow it). */
const COLUMNS = 'seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, correlation_id, hash_version, canonical, before, after';
const SEQ = 0;
const OCCURRED_AT = 1;
const ACTOR_ID = 2;
const ACTION = 3;
const TARGET_TYPE = 4;
const TARGET_ID = 5;
const CHAIN_SEQ = 6;
const PREV_HASH = 7;
const HASH = 8;
const CORRELATION_ID = 9;
const HASH_VERSION = 10;
const CANONICAL = 11;
const BEFORE = 12;
const AFTER = 13;
const FIELDS = 14;
/** The text columns the bytes repeat. */
const TEXT_COLUMNS = [ACTOR_ID, ACTION, TARGET_TYPE, TARGET_ID, PREV_HASH, CORRELATION_ID];

/** 'PGCOPY\n\377\r\n\0', then flags (int32) and the length of a header extension (int32). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** timestamptz in binary: microseconds since 2000-01-01 00:00 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
/** The first byte of a jsonb value in binary (its format version); the JSON text follows. */
const JSONB_VERSION = 1;

/** Reads the events with from < seq <= to, in seq order, as one binary COPY statement. */
export async function readEventPage(client: pg.ClientBase, from: number, to: number): Promise<EventPage> {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new Error(`event page bounds must be integers (${from}, ${to})`);
  // COPY takes no parameters: the bounds are integers checked above.
  const sql = `COPY (SELECT ${COLUMNS} FROM audit_events WHERE seq > ${from} AND seq <= ${to} ORDER BY seq) TO STDOUT (FORMAT binary)`;
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyStreams.to(sql))) chunks.push(chunk as Buffer);
  return new EventPage(Buffer.concat(chunks));
}

/** The literal parts of a rule-2 event's bytes around its columns (see canonicalHeadV2, canonicalEndV2), as bytes. */
const LITERAL = {
  action: Buffer.from('{"action":"'),
  actorId: Buffer.from('","actorId":"'),
  after: Buffer.from('","after":'),
  chainSeq: Buffer.from(',"chainSeq":'),
  correlationId: Buffer.from(',"correlationId":'),
  occurredAt: Buffer.from(',"occurredAt":"'),
  prevHash: Buffer.from('","prevHash":'),
  seq: Buffer.from(',"seq":'),
  targetId: Buffer.from(',"targetId":'),
  targetType: Buffer.from(',"targetType":'),
  end: Buffer.from(',"v":2}'),
  quote: Buffer.from('"'),
  null: Buffer.from('null'),
};
/** The literal parts of a rule-2 event's end, their length together. */
const END_LITERALS_LENGTH = [LITERAL.chainSeq, LITERAL.correlationId, LITERAL.occurredAt, LITERAL.prevHash, LITERAL.seq, LITERAL.targetId, LITERAL.targetType, LITERAL.end].reduce((n, b) => n + b.length, 0);
function digits(n: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
  return count;
}

/** A timestamptz in binary (microseconds since 2000) to milliseconds since 1970, as a Date holds it. */
function timestamptzMs(buf: Buffer, at: number): number {
  const us = buf.readInt32BE(at) * 2 ** 32 + buf.readUInt32BE(at + 4);
  if (Number.isSafeInteger(us)) return Math.floor(us / 1000) + PG_EPOCH_MS;
  // Beyond about 285 years from 2000 microseconds lose precision as a double: divide exactly.
  const exact = buf.readBigInt64BE(at);
  return Number(exact / 1000n - (exact % 1000n < 0n ? 1n : 0n)) + PG_EPOCH_MS;
}

/** A timestamptz in binary to the ISO string the event was hashed with (Date#toISOString, milliseconds). */
export function timestamptzToIso(buf: Buffer, at: number): string {
  const date = new Date(timestamptzMs(buf, at));
  // ±infinity and dates JavaScript cannot hold: a text that no event was hashed with, so the check fails.
  return Number.isNaN(date.getTime()) ? `timestamptz(${buf.toString('hex', at, at + 8)})` : date.toISOString();
}

/** One page: a cursor over its rows ({@link next}), with the current row's fields read in place. */
export class EventPage {
  /** Start and end offset of each field of the current row ([2i], [2i + 1]); start -1 for NULL. */
  private readonly at = new Int32Array(2 * FIELDS);
  private pos: number;
  /** Scratch for the slow column check (expected text written out as UTF-8). */
  private scratch = Buffer.allocUnsafe(4096);

  constructor(readonly buf: Buffer) {
    if (buf.length < SIGNATURE.length + 8 || buf.compare(SIGNATURE, 0, SIGNATURE.length, 0, SIGNATURE.length) !== 0) {
      throw new Error('not a binary COPY stream');
    }
    this.pos = SIGNATURE.length + 8 + buf.readInt32BE(SIGNATURE.length + 4);
  }

  /** Moves to the next row; false after the last. */
  next(): boolean {
    const buf = this.buf;
    const fields = buf.readInt16BE(this.pos);
    this.pos += 2;
    if (fields === -1) return false;
    if (fields !== FIELDS) throw new Error(`an event page row with ${fields} fields`);
    const at = this.at;
    let pos = this.pos;
    for (let i = 0; i < FIELDS; i++) {
      const length = buf.readInt32BE(pos);
      pos += 4;
      if (length < 0) {
        at[2 * i] = -1;
        at[2 * i + 1] = -1;
      } else {
        at[2 * i] = pos;
        at[2 * i + 1] = pos + length;
        pos += length;
      }
    }
    this.pos = pos;
    return true;
  }

  private isNull(field: number): boolean {
    return this.at[2 * field] === -1;
  }

  private text(field: number): string | null {
    return this.isNull(field) ? null : this.buf.toString('utf8', this.at[2 * field], this.at[2 * field + 1]);
  }

  /** An int8 column as a number (as Number() of its text would give; exact up to 2^53). */
  private int8(field: number): number {
    const at = this.at[2 * field];
    return this.buf.readInt32BE(at) * 2 ** 32 + this.buf.readUInt32BE(at + 4);
  }

  seq(): number {
    return this.int8(SEQ);
  }

  chainSeq(): number {
    return this.buf.readInt32BE(this.at[2 * CHAIN_SEQ]);
  }

  /** The chain key (see chainKey in the verifier) of the current row: one slice, as the two fields are adjacent. */
  chainKey(): string {
    return this.buf.toString('latin1', this.at[2 * TARGET_TYPE], this.at[2 * TARGET_ID + 1]);
  }

  prevHash(): string | null {
    return this.isNull(PREV_HASH) ? null : this.buf.toString('latin1', this.at[2 * PREV_HASH], this.at[2 * PREV_HASH + 1]);
  }

  /**
   * For a rule-2 event with its bytes and no payload columns: the sha256 (hex) of its bytes when it is the
   * stored hash; null otherwise (the event needs the full check).
   */
  rule2Hash(): string | null {
    const at = this.at;
    if (at[2 * CANONICAL] === -1 || at[2 * HASH] === -1 || at[2 * BEFORE] !== -1 || at[2 * AFTER] !== -1) return null;
    if (at[2 * HASH_VERSION + 1] - at[2 * HASH_VERSION] !== 2 || this.buf.readInt16BE(at[2 * HASH_VERSION]) !== 2) return null;
    const hex = digest('sha256', this.buf.subarray(at[2 * CANONICAL], at[2 * CANONICAL + 1]), 'hex');
    const start = at[2 * HASH];
    if (at[2 * HASH + 1] - start !== hex.length) return null;
    for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== this.buf[start + i]) return null;
    return hex;
  }

  /**
   * Whether the columns say what the rule-2 bytes say: the bytes start with canonicalHeadV2 of action and
   * actor and end with canonicalEndV2 of the other columns, exactly the verifier's check. Compared byte by
   * byte against the columns' own bytes when no column needs escaping in JSON (ASCII without quote,
   * backslash or control characters: ids, hashes, actions, times); otherwise through the verifier's strings.
   */
  rule2ColumnsMatch(): boolean {
    const at = this.at;
    for (const field of TEXT_COLUMNS) if (!this.isNull(field) && !this.plain(field)) return this.columnsMatchAsStrings();
    const ms = timestamptzMs(this.buf, at[2 * OCCURRED_AT]);
    const second = this.secondOf(ms);
    if (second === null) return this.columnsMatchAsStrings();
    const start = at[2 * CANONICAL];
    const end = at[2 * CANONICAL + 1];
    const chainSeq = this.chainSeq();
    const seq = this.seq();
    if (chainSeq < 0 || seq < 0 || !Number.isSafeInteger(seq)) return this.columnsMatchAsStrings();
    // The head: {"action":"…","actorId":"…","after":
    let p = start;
    if ((p = this.literal(p, end, LITERAL.action)) < 0 || (p = this.field(p, end, ACTION)) < 0 || (p = this.literal(p, end, LITERAL.actorId)) < 0) return false;
    if ((p = this.field(p, end, ACTOR_ID)) < 0 || this.literal(p, end, LITERAL.after) < 0) return false;
    // The end, from its length back: ,"chainSeq":n,"correlationId":…,"occurredAt":"…","prevHash":…,"seq":n,"targetId":"…","targetType":"…","v":2}
    const length =
      END_LITERALS_LENGTH + digits(chainSeq) + this.quotedLength(CORRELATION_ID) + second.length + '.000Z'.length +
      this.quotedLength(PREV_HASH) + digits(seq) + this.quotedLength(TARGET_ID) + this.quotedLength(TARGET_TYPE);
    p = end - length;
    if (p < start) return false;
    if ((p = this.literal(p, end, LITERAL.chainSeq)) < 0 || (p = this.decimal(p, end, chainSeq)) < 0) return false;
    if ((p = this.literal(p, end, LITERAL.correlationId)) < 0 || (p = this.nullableField(p, end, CORRELATION_ID)) < 0) return false;
    if ((p = this.literal(p, end, LITERAL.occurredAt)) < 0 || (p = this.literal(p, end, second)) < 0 || (p = this.milliseconds(p, end, ms)) < 0) return false;
    if ((p = this.literal(p, end, LITERAL.prevHash)) < 0 || (p = this.nullableField(p, end, PREV_HASH)) < 0) return false;
    if ((p = this.literal(p, end, LITERAL.seq)) < 0 || (p = this.decimal(p, end, seq)) < 0) return false;
    if ((p = this.literal(p, end, LITERAL.targetId)) < 0 || (p = this.nullableField(p, end, TARGET_ID)) < 0) return false;
    if ((p = this.literal(p, end, LITERAL.targetType)) < 0 || (p = this.nullableField(p, end, TARGET_TYPE)) < 0) return false;
    return this.literal(p, end, LITERAL.end) === end;
  }

  /** The ISO text of a time up to its second ('2026-01-01T00:00:00') as bytes, kept for the next event: times repeat. */
  private second = { ms: NaN, bytes: Buffer.alloc(0) };
  private secondOf(ms: number): Buffer | null {
    const second = ms - (((ms % 1000) + 1000) % 1000);
    if (second !== this.second.ms) {
      const date = new Date(second);
      if (Number.isNaN(date.getTime())) return null;
      this.second = { ms: second, bytes: Buffer.from(date.toISOString().slice(0, -'.000Z'.length), 'latin1') };
    }
    return this.second.bytes;
  }

  /** '.mmmZ' of a time at p: the position after it, or -1. */
  private milliseconds(p: number, end: number, ms: number): number {
    if (p + 5 > end) return -1;
    const buf = this.buf;
    const m = ((ms % 1000) + 1000) % 1000;
    const ok = buf[p] === 0x2e && buf[p + 1] === 0x30 + Math.floor(m / 100) && buf[p + 2] === 0x30 + (Math.floor(m / 10) % 10) && buf[p + 3] === 0x30 + (m % 10) && buf[p + 4] === 0x5a;
    return ok ? p + 5 : -1;
  }

  /** The decimal digits of a non-negative integer at p: the position after them, or -1. */
  private decimal(p: number, end: number, n: number): number {
    const length = digits(n);
    if (p + length > end) return -1;
    const buf = this.buf;
    for (let i = p + length - 1, rest = n; i >= p; i--, rest = Math.floor(rest / 10)) if (buf[i] !== 0x30 + (rest % 10)) return -1;
    return p + length;
  }

  /** The length of a text column as JSON: 'null', or its bytes between quotes. */
  private quotedLength(field: number): number {
    return this.isNull(field) ? 4 : this.at[2 * field + 1] - this.at[2 * field] + 2;
  }

  /** A text column whose JSON string is its own bytes between quotes. */
  private plain(field: number): boolean {
    const buf = this.buf;
    for (let i = this.at[2 * field], end = this.at[2 * field + 1]; i < end; i++) {
      const b = buf[i]!;
      if (b < 0x20 || b >= 0x80 || b === 0x22 || b === 0x5c) return false;
    }
    return true;
  }

  /** The bytes of `literal` at p (before end): the position after them, or -1. */
  private literal(p: number, end: number, literal: Uint8Array): number {
    const length = literal.length;
    if (p + length > end) return -1;
    const buf = this.buf;
    for (let i = 0; i < length; i++) if (buf[p + i] !== literal[i]) return -1;
    return p + length;
  }

  /** The bytes of a (plain) column at p: the position after them, or -1. */
  private field(p: number, end: number, field: number): number {
    const from = this.at[2 * field];
    const length = this.at[2 * field + 1] - from;
    if (from === -1 || p + length > end) return -1;
    const buf = this.buf;
    for (let i = 0; i < length; i++) if (buf[p + i] !== buf[from + i]) return -1;
    return p + length;
  }

  /** `null`, or the column's bytes between quotes. */
  private nullableField(p: number, end: number, field: number): number {
    if (this.isNull(field)) return this.literal(p, end, LITERAL.null);
    let q = this.literal(p, end, LITERAL.quote);
    if (q < 0 || (q = this.field(q, end, field)) < 0) return -1;
    return this.literal(q, end, LITERAL.quote);
  }

  /** The verifier's check, word for word: the expected head and end built as strings, compared as UTF-8. */
  private columnsMatchAsStrings(): boolean {
    const occurredAt = timestamptzToIso(this.buf, this.at[2 * OCCURRED_AT]);
    const head = canonicalHeadV2(this.text(ACTION)!, this.text(ACTOR_ID)!);
    const end = canonicalEndV2(this.chainSeq(), this.text(CORRELATION_ID), occurredAt, this.text(PREV_HASH), this.seq(), this.text(TARGET_ID)!, this.text(TARGET_TYPE)!);
    const start = this.at[2 * CANONICAL];
    const stop = this.at[2 * CANONICAL + 1];
    return this.bytesAre(start, stop, head, 'start') && this.bytesAre(start, stop, end, 'end');
  }

  private bytesAre(start: number, stop: number, expected: string, where: 'start' | 'end'): boolean {
    const length = Buffer.byteLength(expected);
    if (length > stop - start) return false;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(length);
    this.scratch.write(expected, 0);
    const from = where === 'start' ? start : stop - length;
    return this.buf.compare(this.scratch, 0, length, from, from + length) === 0;
  }

  /** The current row decoded whole, as the verifier's full check and the export take it. */
  event(): StoredEvent {
    const at = this.at;
    let canonical: string | null = null;
    let canonicalBytes: Buffer | undefined;
    if (!this.isNull(CANONICAL)) {
      const bytes = this.buf.subarray(at[2 * CANONICAL], at[2 * CANONICAL + 1]);
      canonical = bytes.toString('utf8');
      // Bytes that are not UTF-8 do not survive as text: keep them (hashed, and exported as hex, instead).
      if (!isUtf8(bytes)) canonicalBytes = Buffer.from(bytes);
    }
    return {
      seq: this.seq(),
      occurredAt: timestamptzToIso(this.buf, at[2 * OCCURRED_AT]),
      actorId: this.text(ACTOR_ID)!,
      action: this.text(ACTION)!,
      targetType: this.text(TARGET_TYPE)!,
      targetId: this.text(TARGET_ID)!,
      chainSeq: this.chainSeq(),
      prevHash: this.text(PREV_HASH),
      hash: this.text(HASH)!,
      correlationId: this.text(CORRELATION_ID),
      hashVersion: this.buf.readInt16BE(at[2 * HASH_VERSION]),
      canonical,
      canonicalBytes,
      before: this.json(BEFORE),
      after: this.json(AFTER),
    };
  }

  private json(field: number): unknown {
    if (this.isNull(field)) return null;
    const start = this.at[2 * field];
    if (this.buf[start] !== JSONB_VERSION) throw new Error(`jsonb in binary format version ${this.buf[start]}`);
    return JSON.parse(this.buf.toString('utf8', start + 1, this.at[2 * field + 1]));
  }
}
