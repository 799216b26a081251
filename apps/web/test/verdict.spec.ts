import { approvedVerdict, leaseHolder, ratingLabel, ratingsFor, returnedInto, type Rating } from '../src/verdict/verdict.js';

const rating = (key: string, group: 'general' | 'quote', value: number | null, labels: Record<string, string>): Rating => ({ key, group, value, labels });
const SCALE = [
  rating('accurate', 'general', 2, { en: 'Accurate', ar: 'دقيق' }),
  rating('inaccurate', 'general', 1, { en: 'Inaccurate', 'ar-EG': 'غير دقيق' }),
  rating('unverifiable', 'general', null, { en: 'Unverifiable' }),
  rating('misquote', 'quote', 1, { en: 'Misquote', ar: 'اقتباس محرّف' }),
];

const entry = (seq: number, action: string, from: string, to: string, extra: { actorId?: string; comment?: string; details?: Record<string, unknown> } = {}) => ({
  seq,
  action,
  from,
  to,
  actorId: extra.actorId ?? 'checker',
  comment: extra.comment ?? null,
  details: extra.details ?? null,
  at: `2026-12-03T10:0${seq}:00.000Z`,
});

describe('verdict section rules', () => {
  it('labels a rating in the interface language, then its primary subtag, then English, saying which language it is in', () => {
    expect(ratingLabel(SCALE[0]!, 'ar')).toEqual({ text: 'دقيق', lang: 'ar' });
    expect(ratingLabel(SCALE[0]!, 'ar-EG')).toEqual({ text: 'دقيق', lang: 'ar' });
    expect(ratingLabel(SCALE[1]!, 'ar-EG')).toEqual({ text: 'غير دقيق', lang: 'ar-EG' });
    expect(ratingLabel(SCALE[2]!, 'ar')).toEqual({ text: 'Unverifiable', lang: 'en' });
  });

  it('offers quote ratings for quote claims only, and only value-less ratings after research without a captured source', () => {
    const keys = (claim: { kind: 'quote' | 'date' | null; unverifiableReason: string | null }) => ratingsFor(SCALE, claim).map((r) => r.key);
    expect(keys({ kind: 'date', unverifiableReason: null })).toEqual(['accurate', 'inaccurate', 'unverifiable']);
    expect(keys({ kind: 'quote', unverifiableReason: null })).toEqual(['accurate', 'inaccurate', 'unverifiable', 'misquote']);
    expect(keys({ kind: null, unverifiableReason: 'the ministry site is down' })).toEqual(['unverifiable']);
  });

  it('counts a lease only until it expires', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(leaseHolder({ assigneeId: 'u1', leaseExpiresAt: '2026-12-03T10:05:00Z' }, now)).toBe('u1');
    expect(leaseHolder({ assigneeId: 'u1', leaseExpiresAt: '2026-12-03T09:59:59Z' }, now)).toBeNull();
    expect(leaseHolder({ assigneeId: null, leaseExpiresAt: null }, now)).toBeNull();
  });

  it('reads the approved verdict from the latest approval and the proposal before it, not an earlier returned one', () => {
    const timeline = [
      entry(1, 'propose', 'assessment', 'review', { details: { rating: 'accurate', rationale: 'first try' } }),
      entry(2, 'return', 'review', 'assessment', { actorId: 'editor', comment: 'attach the readout', details: { rating: 'accurate', proposedBy: 'checker' } }),
      entry(3, 'propose', 'assessment', 'review', { actorId: 'checker2', details: { rating: 'inaccurate', rationale: 'the readout says otherwise' } }),
      entry(4, 'approve', 'review', 'done', { actorId: 'editor', details: { rating: 'inaccurate', proposedBy: 'checker2' } }),
    ];
    expect(approvedVerdict(timeline)).toEqual({
      rating: 'inaccurate',
      rationale: 'the readout says otherwise',
      proposedBy: 'checker2',
      proposedAt: timeline[2]!.at,
      approvedBy: 'editor',
      approvedAt: timeline[3]!.at,
    });
    expect(approvedVerdict(timeline.slice(0, 3))).toBeNull();
  });

  it('shows the comment of the return that brought the claim into its step, even after its lease was taken, and no older one', () => {
    const returned = entry(2, 'return', 'review', 'research', { actorId: 'editor', comment: 'find the primary source' });
    const taken = entry(3, 'take', 'research', 'research');
    expect(returnedInto([entry(1, 'propose', 'assessment', 'review'), returned, taken], 'research')).toBe(returned);
    expect(returnedInto([returned, taken, entry(4, 'finish-research', 'research', 'assessment')], 'assessment')).toBeNull();
  });
});
