import { analyzeTrail, type TrailGraphNode } from './trail.js';

const graph = (spec: Record<string, [TrailGraphNode['kind'], boolean, string[]]>) => ({
  nodes: new Map(Object.entries(spec).map(([id, [kind, captured]]) => [id, { id, kind, captured }])),
  edges: new Map(Object.entries(spec).map(([id, [, , parents]]) => [id, parents])),
});

describe('analyzeTrail', () => {
  it('finds a primary source two hops from the evidence', () => {
    const { nodes, edges } = graph({
      report: ['secondary', true, ['agency']],
      agency: ['secondary', true, ['statement']],
      statement: ['primary', true, []],
    });
    const trail = analyzeTrail(['report'], nodes, edges);
    expect(trail).toMatchObject({ reachesPrimary: true, primaryDistance: 2, cycles: [], deadEnds: [] });
    expect(trail.distanceToPrimary.get('agency')).toBe(1);
    expect(trail.distanceToPrimary.get('statement')).toBe(0);
  });

  it('takes the nearest primary when several evidence sources lead to one', () => {
    const { nodes, edges } = graph({
      far: ['tertiary', true, ['mid']],
      mid: ['secondary', true, ['primary']],
      near: ['secondary', true, ['primary']],
      primary: ['primary', true, []],
    });
    expect(analyzeTrail(['far', 'near'], nodes, edges).primaryDistance).toBe(1);
  });

  it('flags circular reporting and says no primary is reached', () => {
    const { nodes, edges } = graph({
      a: ['secondary', true, ['b']],
      b: ['secondary', true, ['c']],
      c: ['secondary', true, ['a']],
    });
    const trail = analyzeTrail(['a'], nodes, edges);
    expect(trail.cycles).toEqual([['a', 'b', 'c']]);
    expect(trail.reachesPrimary).toBe(false);
    expect(trail.primaryDistance).toBeNull();
  });

  it('flags a source citing itself as a cycle', () => {
    const { nodes, edges } = graph({ a: ['secondary', true, ['a']] });
    expect(analyzeTrail(['a'], nodes, edges).cycles).toEqual([['a']]);
  });

  it('lists dead ends: sources without a successful capture', () => {
    const { nodes, edges } = graph({
      report: ['secondary', true, ['gone']],
      gone: ['primary', false, []],
    });
    const trail = analyzeTrail(['report'], nodes, edges);
    expect(trail.deadEnds).toEqual(['gone']);
    // The primary is still reached (it exists), but what it said cannot be shown: the flag tells.
    expect(trail.primaryDistance).toBe(1);
  });

  it('counts a primary evidence source as distance 0', () => {
    const { nodes, edges } = graph({ treaty: ['primary', true, []] });
    expect(analyzeTrail(['treaty'], nodes, edges)).toMatchObject({ reachesPrimary: true, primaryDistance: 0 });
  });
});
