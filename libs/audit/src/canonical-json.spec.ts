import canonicalize from 'canonicalize';
import { canonicalEvent, canonicalEventParts, hashEvent, sha256Hex, type HashedEvent } from './audit-hash.js';
import { canonicalJson } from './canonical-json.js';

// Equivalence of the specialised serialiser with the `canonicalize` library (the RFC 8785 reference the
// hashes were defined with), over many generated values: same bytes, or both throw.

/** A small seeded PRNG (mulberry32), so a failure names a reproducible case. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = [
  'a', 'Z', '0', ' ', '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u0001', '\u001f', '\u007f', '\u0080', 'é', 'ß',
  'ع', 'ق', 'د', '\u200f', '\u2028', '\u2029', '\ufeff', '\uffff', '\ue000', '中', '😀', '𝄞', '\u{10ffff}',
];
const LONE = ['\ud800', '\udfff', '\udbff'];
const NUMBERS = [
  0, -0, 1, -1, 7, 12, 0.1, 0.2, 0.1 + 0.2, 1e-7, 1e-6, 123e-20, 1e21, 1e20, 999999999999999900000, 2 ** 53, 2 ** 53 + 2, -(2 ** 31),
  Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 5e-324, 1.7976931348623157e308, 333333333.3333333, 4.35, 0.000001, 1e300,
];
const KEYS = ['a', 'b', 'A', 'id', 'state', '', '1', '10', '9', '-1', '01', 'ab', 'aa', 'é', 'e', 'ع', '😀', '\ue000', '__proto_', 'x y', '"q"'];

function generator(seed: number, options: { plainOnly: boolean }) {
  const r = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  const string = (): string => {
    let s = '';
    const n = Math.floor(r() * 12);
    for (let i = 0; i < n; i++) s += r() < 0.3 ? String.fromCharCode(32 + Math.floor(r() * 95)) : pick(CHARS);
    if (!options.plainOnly && r() < 0.01) s += pick(LONE);
    return s;
  };
  const number = (): number => {
    const x = r();
    if (x < 0.3) return pick(NUMBERS);
    if (x < 0.5) return Math.floor((r() - 0.5) * 2 ** Math.floor(r() * 60));
    if (x < 0.7) return (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    if (!options.plainOnly && x < 0.705) return pick([NaN, Infinity, -Infinity]);
    return r() * 1000;
  };
  const value = (depth: number): unknown => {
    const x = r();
    if (x < 0.08) return null;
    if (x < 0.14) return r() < 0.5;
    if (x < 0.34) return number();
    if (x < 0.55) return string();
    if (!options.plainOnly && x < 0.57) return pick([undefined, new Date(Math.floor(r() * 4e12)), { toJSON: () => ({ z: 1, a: [2] }) }]);
    if (depth > 4) return string();
    if (x < 0.75) return Array.from({ length: Math.floor(r() * 5) }, () => value(depth + 1));
    const object: Record<string, unknown> = {};
    const n = Math.floor(r() * 7);
    for (let i = 0; i < n; i++) object[r() < 0.6 ? pick(KEYS) : string()] = value(depth + 1);
    return object;
  };
  const event = (): HashedEvent => ({
    seq: 1 + Math.floor(r() * 2 ** 40),
    occurredAt: new Date(Math.floor(r() * 4e12)).toISOString(),
    actorId: r() < 0.5 ? '5f0b8e0e-8d7e-4b8a-9c41-3f1f6f0c2a11' : string(),
    action: pick(['claim.created', 'claim.updated', 'verdict.published', string()]),
    targetType: pick(['claim', 'article', string()]),
    targetId: r() < 0.5 ? `00000000-0000-4000-8000-${String(Math.floor(r() * 1e12)).padStart(12, '0')}` : string(),
    chainSeq: 1 + Math.floor(r() * 1000),
    prevHash: r() < 0.2 ? null : sha256Hex(String(r())),
    before: r() < 0.3 ? null : value(0),
    after: value(0),
  });
  return { value, event };
}

/** The output, or the error message when it throws. */
const outcome = (fn: () => string | undefined): { ok: string | undefined } | { error: string } => {
  try {
    return { ok: fn() };
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('canonicalJson is byte-identical to canonicalize', () => {
  it.each([1, 2, 3, 4])('over 5,000 generated values including non-JSON ones (seed %i)', (seed) => {
    const { value } = generator(seed, { plainOnly: false });
    for (let i = 0; i < 5000; i++) {
      const v = value(0);
      expect(outcome(() => canonicalJson(v))).toEqual(outcome(() => canonicalize(v)));
    }
  });

  it('on the edge cases one by one', () => {
    const cases: unknown[] = [
      ...NUMBERS,
      ...NUMBERS.map((n) => -n),
      ...CHARS,
      ...LONE,
      'a\ud800b',
      '\udc00\ud800',
      NaN,
      Infinity,
      { [LONE[0]!]: 1 },
      { b: 1, a: undefined, c: Symbol('s') },
      [undefined, Symbol('s'), () => 1],
      { f: () => 1 },
      { '10': 1, '9': 2, '1': 3, a: 4, '': 5 },
      { é: 1, e: 2, '😀': 3, '\ue000': 4, z: 5 },
      new Date(0),
      { when: new Date(0), nested: [{ b: 1, a: 2 }] },
      Object.create(null),
      [[[]], {}, [{}]],
      '\u2028\u2029',
    ];
    for (const v of cases) expect(outcome(() => canonicalJson(v))).toEqual(outcome(() => canonicalize(v)));
    const bigint = outcome(() => canonicalJson(10n));
    expect(bigint).toEqual(outcome(() => canonicalize(10n)));
    expect(bigint).toHaveProperty('error');
  });
});

describe('canonicalEvent is byte-identical to canonicalize({ v: 1, ...event })', () => {
  it.each([11, 12, 13, 14])('over 5,000 generated events (seed %i)', (seed) => {
    const { event } = generator(seed, { plainOnly: false });
    for (let i = 0; i < 5000; i++) {
      const e = event();
      const expected = outcome(() => canonicalize({ v: 1, ...e }));
      expect(outcome(() => canonicalEvent(e))).toEqual(expected);
      expect(outcome(() => hashEvent(e))).toEqual('ok' in expected ? { ok: sha256Hex(expected.ok!) } : expected);
    }
  });

  it('over generated events after the JSON round trip payloads take through append and JSONB', () => {
    const { event } = generator(21, { plainOnly: true });
    for (let i = 0; i < 5000; i++) {
      const e = event();
      const roundTripped = { ...e, before: JSON.parse(JSON.stringify(e.before)), after: JSON.parse(JSON.stringify(e.after)) };
      expect(canonicalEvent(roundTripped)).toBe(canonicalize({ v: 1, ...roundTripped }));
    }
  });

  it('falls back to canonicalize for events off the declared shape (a missing payload, a string seq)', () => {
    const base: HashedEvent = {
      seq: 7,
      occurredAt: '2026-11-27T10:00:00.000Z',
      actorId: 'u1',
      action: 'claim.created',
      targetType: 'claim',
      targetId: 'c1',
      chainSeq: 1,
      prevHash: null,
      before: null,
      after: { b: 1, a: [1, 2] },
    };
    for (const change of [{ before: undefined }, { after: undefined }, { seq: '7' }, { prevHash: undefined }, { chainSeq: NaN }]) {
      const e = { ...base, ...change } as unknown as HashedEvent;
      expect(outcome(() => canonicalEvent(e))).toEqual(outcome(() => canonicalize({ v: 1, ...e })));
    }
  });

  it('splits into parts that rebuild the whole once the link is known', () => {
    const { event } = generator(31, { plainOnly: true });
    for (let i = 0; i < 500; i++) {
      const e = event();
      const parts = canonicalEventParts(e);
      const prev = e.prevHash === null ? 'null' : JSON.stringify(e.prevHash);
      expect(`${parts.head}${e.chainSeq}${parts.mid}${prev},"seq":${e.seq}${parts.tail}`).toBe(canonicalize({ v: 1, ...e }));
    }
  });
});
