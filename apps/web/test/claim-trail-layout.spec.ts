import { layoutTrail, type TrailBranch, type TrailNodeLike } from '../src/claim/trail-layout.js';

const node = (sourceId: string, kind: TrailNodeLike['kind'], evidenceStance: string | null = null, deadEnd = false): TrailNodeLike => ({ sourceId, kind, evidenceStance, deadEnd });

/** The forest as lines `depth:id[marks]`, in drawing order. */
function drawn(forest: TrailBranch[]): string[] {
  const lines: string[] = [];
  const walk = (b: TrailBranch) => {
    const marks = [b.primary && 'primary', b.deadEnd && 'dead-end', b.inCycle && 'in-cycle', b.cycleBack && 'cycle-back', b.seenAbove && 'seen'].filter(Boolean);
    lines.push(`${b.depth}:${b.node.sourceId}${marks.length ? `[${marks.join(',')}]` : ''}`);
    b.children.forEach(walk);
  };
  forest.forEach(walk);
  return lines;
}

describe("the claim panel's trail layout", () => {
  it('draws each evidence source with what it derives from beneath it, down to the primary source', () => {
    const forest = layoutTrail({
      nodes: [node('news', 'secondary', 'supports'), node('agency', 'secondary'), node('ministry', 'primary')],
      edges: [
        { from: 'news', derivedFrom: 'agency' },
        { from: 'agency', derivedFrom: 'ministry' },
      ],
      cycles: [],
      deadEnds: [],
    });
    expect(drawn(forest)).toEqual(['0:news', '1:agency', '2:ministry[primary]']);
  });

  it('cuts circular reporting where it comes back, marking the edge and every source of the cycle', () => {
    const forest = layoutTrail({
      nodes: [node('a', 'secondary', 'context'), node('b', 'secondary'), node('c', 'tertiary')],
      edges: [
        { from: 'a', derivedFrom: 'b' },
        { from: 'b', derivedFrom: 'c' },
        { from: 'c', derivedFrom: 'a' },
      ],
      cycles: [['a', 'b', 'c']],
      deadEnds: [],
    });
    expect(drawn(forest)).toEqual(['0:a[in-cycle]', '1:b[in-cycle]', '2:c[in-cycle]', '3:a[in-cycle,cycle-back]']);
  });

  it('draws a source two branches share once, and refers to it the second time', () => {
    const forest = layoutTrail({
      nodes: [node('x', 'secondary', 'supports'), node('y', 'secondary', 'refutes'), node('treaty', 'primary')],
      edges: [
        { from: 'x', derivedFrom: 'treaty' },
        { from: 'y', derivedFrom: 'treaty' },
      ],
      cycles: [],
      deadEnds: [],
    });
    expect(drawn(forest)).toEqual(['0:x', '1:treaty[primary]', '0:y', '1:treaty[primary,seen]']);
  });

  it('marks dead ends, whether the node or the trail says so, and ignores edges to sources outside the trail', () => {
    const forest = layoutTrail({
      nodes: [node('refused', 'secondary', 'context', true), node('blog', 'tertiary', 'context')],
      edges: [{ from: 'blog', derivedFrom: 'not-in-trail' }],
      cycles: [],
      deadEnds: ['blog'],
    });
    expect(drawn(forest)).toEqual(['0:refused[dead-end]', '0:blog[dead-end]']);
  });

  it('still shows a source no evidence leads to', () => {
    expect(drawn(layoutTrail({ nodes: [node('orphan', 'primary')], edges: [], cycles: [], deadEnds: [] }))).toEqual(['0:orphan[primary]']);
  });
});
