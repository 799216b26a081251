import { hash } from 'node:crypto';
import { canonicalEndV2, canonicalEventV2, canonicalHeadV2, sha256Hex } from './audit-hash.js';
import { chainKey, type StoredEvent } from './audit-verifier.js';
import { EventPage, timestamptzToIso } from './event-page.js';

// EventPage checks rule-2 events on the bytes of a binary COPY page. Its column check must say exactly
// what the verifier's string check says (the bytes start with canonicalHeadV2 and end with
// canonicalEndV2 of the columns), on ordinary events and on every kind of changed column or byte.

/** A stored event as the COPY page carries it: the time in microseconds, the hashed bytes raw, JSON payloads as text. */
type Row = Omit<StoredEvent, 'occurredAt' | 'canonical' | 'canonicalBytes' | 'before' | 'after'> & {
  occurredAtUs: bigint;
  canonical: Buffer | null;
  before: string | null;
  after: string | null;
};

const PG_EPOCH_US = BigInt(Date.UTC(2000, 0, 1)) * 1000n;

/** The binary COPY stream PostgreSQL sends for these rows (columns in EventPage's order). */
function copyStream(rows: Row[]): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  const field = (value: Buffer | null) => {
    const length = Buffer.alloc(4);
    length.writeInt32BE(value === null ? -1 : value.length);
    parts.push(length);
    if (value !== null) parts.push(value);
  };
  const int = (bytes: number, value: number | bigint) => {
    const b = Buffer.alloc(bytes);
    if (bytes === 8) b.writeBigInt64BE(BigInt(value));
    else if (bytes === 4) b.writeInt32BE(Number(value));
    else b.writeInt16BE(Number(value));
    return b;
  };
  const text = (value: string | null) => (value === null ? null : Buffer.from(value));
  const jsonb = (value: string | null) => (value === null ? null : Buffer.concat([Buffer.from([1]), Buffer.from(value)]));
  for (const r of rows) {
    parts.push(int(2, 14));
    field(int(8, r.seq));
    field(int(8, r.occurredAtUs));
    [r.actorId, r.action, r.targetType, r.targetId].forEach((v) => field(text(v)));
    field(int(4, r.chainSeq));
    [r.prevHash, r.hash, r.correlationId].forEach((v) => field(text(v)));
    field(int(2, r.hashVersion));
    field(r.canonical);
    field(jsonb(r.before));
    field(jsonb(r.after));
  }
  parts.push(int(2, -1));
  return Buffer.concat(parts);
}

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPICY = ['"', '\\', '\n', '\u0001', 'é', 'ع', '😀', '\u2028', '\u007f', ' ', ':', ',', '}'];

function build(rand: () => number, seq: number): { row: Row; iso: string } {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const word = () => {
    let s = Math.floor(rand() * 1e12).toString(36).slice(0, 1 + Math.floor(rand() * 8));
    if (rand() < 0.15) s += pick(SPICY);
    return s;
  };
  const ms = Date.UTC(2026, 0, 1) + Math.floor(rand() * 1e11) - 5e10;
  const us = BigInt(ms) * 1000n + BigInt(Math.floor(rand() * 1000)) - PG_EPOCH_US;
  const iso = new Date(ms).toISOString();
  const event = {
    seq,
    occurredAt: iso,
    actorId: rand() < 0.9 ? '5f0b8e0e-8d7e-4b8a-9c41-3f1f6f0c2a11' : word(),
    action: rand() < 0.8 ? 'claim.updated' : word(),
    targetType: rand() < 0.8 ? 'claim' : word(),
    targetId: rand() < 0.8 ? `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}` : word(),
    chainSeq: 1 + Math.floor(rand() * 1000),
    prevHash: rand() < 0.2 ? null : sha256Hex(word()),
    before: rand() < 0.5 ? null : { state: word() },
    after: { statement: word() + ' الجملة', n: seq },
    correlationId: rand() < 0.5 ? null : word(),
  };
  const canonical = canonicalEventV2(event);
  return {
    iso,
    row: {
      seq,
      occurredAtUs: us,
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      chainSeq: event.chainSeq,
      prevHash: event.prevHash,
      hash: sha256Hex(canonical),
      correlationId: event.correlationId,
      hashVersion: 2,
      canonical: Buffer.from(canonical),
      before: null,
      after: null,
    },
  };
}

/** One change to a row: a column, or a byte of its canonical text. */
function tamper(rand: () => number, row: Row): Row {
  const r = { ...row };
  // By code point: a text column never holds half a surrogate pair.
  const other = (s: string) => (s.length && rand() < 0.5 ? [...s].slice(0, -1).join('') : s + (rand() < 0.5 ? 'x' : '"'));
  switch (Math.floor(rand() * 10)) {
    case 0: r.seq += rand() < 0.5 ? 1 : 9; break;
    case 1: r.occurredAtUs += rand() < 0.5 ? 1000n : 1_000_000n; break;
    case 2: r.actorId = other(r.actorId); break;
    case 3: r.action = other(r.action); break;
    case 4: r.targetType = other(r.targetType); break;
    case 5: r.targetId = other(r.targetId); break;
    case 6: r.chainSeq += rand() < 0.5 ? 1 : 10; break;
    case 7: r.prevHash = r.prevHash === null ? sha256Hex('p') : rand() < 0.5 ? null : other(r.prevHash); break;
    case 8: r.correlationId = r.correlationId === null ? 'c' : rand() < 0.5 ? null : other(r.correlationId); break;
    default: {
      const bytes = Buffer.from(r.canonical!);
      bytes[Math.floor(rand() * bytes.length)] ^= 1 << Math.floor(rand() * 7);
      r.canonical = bytes;
    }
  }
  return r;
}

/** The verifier's own check, as strings (audit-verifier.ts). */
function stringCheck(row: Row): boolean {
  const text = row.canonical!.toString('utf8');
  const time = Buffer.alloc(8);
  time.writeBigInt64BE(row.occurredAtUs);
  const occurredAt = timestamptzToIso(time, 0);
  return text.startsWith(canonicalHeadV2(row.action, row.actorId)) && text.endsWith(canonicalEndV2(row.chainSeq, row.correlationId, occurredAt, row.prevHash, row.seq, row.targetId, row.targetType));
}

describe('EventPage (binary COPY pages of audit events)', () => {
  const seed = Number(process.env.AUDIT_TAMPER_SEED ?? 1337);

  it(`checks hash and columns of untouched events on their bytes and decodes them whole (seed ${seed})`, () => {
    const rand = random(seed);
    const built = Array.from({ length: 2000 }, (_, i) => build(rand, i + 1));
    const page = new EventPage(copyStream(built.map((b) => b.row)));
    for (const { row, iso } of built) {
      expect(page.next()).toBe(true);
      expect(page.rule2Hash()).toBe(row.hash);
      expect(page.rule2ColumnsMatch()).toBe(true);
      expect(page.chainKey()).toBe(chainKey(row.targetType, row.targetId));
      expect(page.seq()).toBe(row.seq);
      expect(page.chainSeq()).toBe(row.chainSeq);
      expect(page.prevHash()).toBe(row.prevHash);
      expect(page.event()).toEqual({
        seq: row.seq,
        occurredAt: iso,
        actorId: row.actorId,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        chainSeq: row.chainSeq,
        prevHash: row.prevHash,
        hash: row.hash,
        correlationId: row.correlationId,
        hashVersion: 2,
        canonical: row.canonical!.toString('utf8'),
        canonicalBytes: undefined,
        before: null,
        after: null,
      });
    }
    expect(page.next()).toBe(false);
  });

  it(`says what the verifier's string check says about every changed column or byte (seed ${seed})`, () => {
    const rand = random(seed + 1);
    const rows = Array.from({ length: 3000 }, (_, i) => tamper(rand, build(rand, i + 1).row));
    const page = new EventPage(copyStream(rows));
    let mismatches = 0;
    for (const row of rows) {
      page.next();
      const expected = stringCheck(row);
      if (!expected) mismatches++;
      expect({ seq: row.seq, match: page.rule2ColumnsMatch() }).toEqual({ seq: row.seq, match: expected });
      expect(page.rule2Hash()).toBe(hash('sha256', row.canonical!, 'hex') === row.hash ? row.hash : null);
    }
    // Most changes are to columns the bytes repeat (a flipped byte inside a payload changes the hash only).
    expect(mismatches).toBeGreaterThan(rows.length / 2);
  });

  it('sends other rows to the full check: another rule, payload columns, a hash that differs, bytes that are not UTF-8', () => {
    const rand = random(seed + 2);
    const base = build(rand, 1).row;
    const rows: Row[] = [
      { ...base, hashVersion: 1 },
      { ...base, after: '{"a": 1}' },
      { ...base, hash: sha256Hex('other') },
      { ...base, canonical: null },
      { ...base, canonical: Buffer.concat([base.canonical!, Buffer.from([0xff])]) },
    ];
    const page = new EventPage(copyStream(rows));
    for (let i = 0; i < rows.length; i++) {
      expect(page.next()).toBe(true);
      expect(page.rule2Hash()).toBeNull();
    }
    // The last: bytes that are not UTF-8 are kept as they are (hashed and exported as hex), beside their text.
    expect(page.event().canonicalBytes).toEqual(rows[4]!.canonical);
    expect(page.event().canonical).toBe(base.canonical!.toString('utf8') + '\ufffd');
  });

  it('reads times as Date#toISOString does, to the millisecond; ±infinity as a text no event has', () => {
    const b = Buffer.alloc(8);
    const iso = (us: bigint) => {
      b.writeBigInt64BE(us);
      return timestamptzToIso(b, 0);
    };
    for (const ms of [0, 1, 999, Date.UTC(1999, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 11, 3), Date.UTC(1000, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), -62198755200000, Date.UTC(10000, 0, 1)]) {
      for (const extraUs of [0n, 1n, 999n]) expect(iso(BigInt(ms) * 1000n + extraUs - PG_EPOCH_US)).toBe(new Date(ms).toISOString());
    }
    expect(iso(2n ** 63n - 1n)).toMatch(/^timestamptz\(/);
    expect(iso(-(2n ** 63n))).toMatch(/^timestamptz\(/);
  });

  it('refuses what is not a binary COPY stream of event rows', () => {
    expect(() => new EventPage(Buffer.from('seq,hash\n1,ab\n'))).toThrow('not a binary COPY stream');
  });
});
