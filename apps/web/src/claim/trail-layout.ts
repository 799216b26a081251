/** The parts of a trail node the layout reads (the API's `TrailNode`). */
export interface TrailNodeLike {
  sourceId: string;
  kind: 'primary' | 'secondary' | 'tertiary';
  evidenceStance: string | null;
  deadEnd: boolean;
}

/** The parts of a trail the layout reads (the API's `Trail`). */
export interface TrailLike<N extends TrailNodeLike = TrailNodeLike> {
  nodes: N[];
  edges: { from: string; derivedFrom: string }[];
  cycles: string[][];
  deadEnds: string[];
}

/**
 * One node as drawn: a source, and the sources it is derived from beneath it. `cycleBack` marks an edge
 * that leads back to a source already on the path above (circular reporting): the branch stops there.
 * `seenAbove` marks a source drawn in full elsewhere in the tree, which is not drawn twice.
 */
export interface TrailBranch<N extends TrailNodeLike = TrailNodeLike> {
  node: N;
  depth: number;
  /** The edge into this node closes a cycle: the node is an ancestor on this path. */
  cycleBack: boolean;
  /** Drawn in full under another branch already. */
  seenAbove: boolean;
  /** Part of one of the trail's cycles. */
  inCycle: boolean;
  primary: boolean;
  deadEnd: boolean;
  children: TrailBranch<N>[];
}

/**
 * The trail as a forest to draw: one tree per evidence source (in the API's order), each going down its
 * derived-from edges towards the primary sources. A cycle is cut where it returns to a source on the
 * current path (that edge is drawn, marked); a source reached again from another branch is drawn once
 * and referred to after, so the drawing stays as large as the graph.
 */
export function layoutTrail<N extends TrailNodeLike>(trail: TrailLike<N>): TrailBranch<N>[] {
  const byId = new Map(trail.nodes.map((node) => [node.sourceId, node]));
  const parents = new Map<string, string[]>();
  for (const edge of trail.edges) {
    if (!byId.has(edge.derivedFrom)) continue;
    parents.set(edge.from, [...(parents.get(edge.from) ?? []), edge.derivedFrom]);
  }
  const inCycle = new Set(trail.cycles.flat());
  const deadEnds = new Set(trail.deadEnds);
  const drawn = new Set<string>();

  const branch = (node: N, depth: number, path: ReadonlySet<string>): TrailBranch<N> => {
    const id = node.sourceId;
    const base = { node, depth, inCycle: inCycle.has(id), primary: node.kind === 'primary', deadEnd: node.deadEnd || deadEnds.has(id) };
    if (path.has(id)) return { ...base, cycleBack: true, seenAbove: false, children: [] };
    if (drawn.has(id)) return { ...base, cycleBack: false, seenAbove: true, children: [] };
    drawn.add(id);
    const below = new Set(path).add(id);
    const children = (parents.get(id) ?? []).map((parentId) => branch(byId.get(parentId)!, depth + 1, below));
    return { ...base, cycleBack: false, seenAbove: false, children };
  };

  const roots = trail.nodes.filter((node) => node.evidenceStance !== null);
  const forest = roots.map((root) => branch(root, 0, new Set()));
  // Nodes no evidence leads to (should not happen; the API builds the trail from the evidence) are still shown.
  for (const node of trail.nodes) if (!drawn.has(node.sourceId)) forest.push(branch(node, 0, new Set()));
  return forest;
}
