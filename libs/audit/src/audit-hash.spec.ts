import { hashCheckpoint, hashEvent, type HashedEvent } from './audit-hash.js';

const event: HashedEvent = {
  seq: 7,
  occurredAt: '2026-11-27T10:00:00.000Z',
  actorId: 'u1',
  action: 'claim.created',
  targetType: 'claim',
  targetId: 'c1',
  chainSeq: 1,
  prevHash: null,
  before: null,
  after: { statement: 'عقد الاجتماع في 12 نوفمبر', b: 1, a: [1, 2] },
};

describe('hashEvent', () => {
  it('does not depend on key order', () => {
    const reordered = { ...event, after: { a: [1, 2], b: 1, statement: 'عقد الاجتماع في 12 نوفمبر' } };
    expect(hashEvent(reordered)).toBe(hashEvent(event));
  });

  it.each([
    ['seq', { seq: 8 }],
    ['actor', { actorId: 'u2' }],
    ['chain position', { chainSeq: 2 }],
    ['previous hash', { prevHash: 'ab' }],
    ['payload', { after: { statement: 'عقد الاجتماع في 13 نوفمبر', b: 1, a: [1, 2] } }],
  ])('changes when the %s changes', (_name, change) => {
    expect(hashEvent({ ...event, ...change })).not.toBe(hashEvent(event));
  });
});

describe('hashCheckpoint', () => {
  const head = (targetId: string) => ({ targetType: 'claim', targetId, chainSeq: 1, eventSeq: 1, eventHash: 'h' + targetId });
  it('does not depend on the order heads were read in', () => {
    const base = { seq: 1, createdAt: '2026-11-27T10:00:00.000Z', headCount: 2, maxEventSeq: 1, prevHash: null };
    expect(hashCheckpoint({ ...base, heads: [head('a'), head('b')] })).toBe(
      hashCheckpoint({ ...base, heads: [head('b'), head('a')] }),
    );
    expect(hashCheckpoint({ ...base, heads: [head('a')] })).not.toBe(hashCheckpoint({ ...base, heads: [head('b')] }));
  });
});
