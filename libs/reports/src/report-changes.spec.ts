import { kindOfChanges, reportChanges } from './report-changes.js';

const claim = (id: string, rating: string | null, extra: { rationale?: string; evidence?: { sourceId: string; stance: string; excerpt?: string | null }[] } = {}) => ({
  id,
  verdict: rating ? ({ rating, rationale: extra.rationale ?? 'Because.' } as never) : null,
  evidence: (extra.evidence ?? []).map((e) => ({ excerpt: null, note: null, ...e })) as never,
});

describe('report changes between versions', () => {
  it('calls new ratings with nothing published changed an update', () => {
    const changes = reportChanges([claim('a', 'accurate'), claim('b', null)], [claim('a', 'accurate'), claim('b', 'inaccurate')]);
    expect(changes).toEqual({ added: ['b'], changed: [], withdrawn: [] });
    expect(kindOfChanges(changes)).toBe('update');
  });

  it('calls a changed rating, rationale or evidence a correction', () => {
    const before = [claim('a', 'accurate', { evidence: [{ sourceId: 's1', stance: 'supports' }] })];
    expect(kindOfChanges(reportChanges(before, [claim('a', 'misleading', { evidence: [{ sourceId: 's1', stance: 'supports' }] })]))).toBe('correction');
    expect(kindOfChanges(reportChanges(before, [claim('a', 'accurate', { rationale: 'Other reason.', evidence: [{ sourceId: 's1', stance: 'supports' }] })]))).toBe('correction');
    expect(kindOfChanges(reportChanges(before, [claim('a', 'accurate', { evidence: [{ sourceId: 's1', stance: 'refutes' }] })]))).toBe('correction');
    expect(kindOfChanges(reportChanges(before, [claim('a', 'accurate', { evidence: [{ sourceId: 's1', stance: 'supports' }, { sourceId: 's2', stance: 'context' }] })]))).toBe('correction');
  });

  it('calls a checked claim gone back to pending a correction, and evidence order no change', () => {
    expect(reportChanges([claim('a', 'accurate')], [claim('a', null)])).toEqual({ added: [], changed: [], withdrawn: ['a'] });
    const evidence = [{ sourceId: 's1', stance: 'supports' }, { sourceId: 's2', stance: 'context' }];
    expect(kindOfChanges(reportChanges([claim('a', 'accurate', { evidence })], [claim('a', 'accurate', { evidence: [...evidence].reverse() })]))).toBe('update');
  });
});
