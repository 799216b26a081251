/**
 * Provenance analysis over a claim's trail: the graph from its evidence sources back through
 * "derived from" edges. Pure: the service loads the graph, this decides what it means.
 */
export interface TrailGraphNode {
  id: string;
  kind: 'primary' | 'secondary' | 'tertiary';
  /** Whether the source has at least one successful capture. */
  captured: boolean;
}

export interface TrailAnalysis {
  /** Hops from each node to the nearest primary source along derived-from edges (0 for a primary), null if none. */
  distanceToPrimary: Map<string, number | null>;
  /** The fewest hops from any evidence source to a primary source, null when no trail reaches one. */
  primaryDistance: number | null;
  reachesPrimary: boolean;
  /** Circular reporting: each group of sources that cite each other in a loop. */
  cycles: string[][];
  /** Sources with no successful capture: what they said cannot be shown. */
  deadEnds: string[];
}

export function analyzeTrail(roots: string[], nodes: Map<string, TrailGraphNode>, derivedFrom: Map<string, string[]>): TrailAnalysis {
  // Reverse breadth-first search from every primary source: distance = hops a node must follow to reach one.
  const citedBy = new Map<string, string[]>();
  for (const [from, parents] of derivedFrom) {
    for (const parent of parents) citedBy.set(parent, [...(citedBy.get(parent) ?? []), from]);
  }
  const distance = new Map<string, number | null>([...nodes.keys()].map((id) => [id, null]));
  const queue: string[] = [];
  for (const node of nodes.values()) {
    if (node.kind === 'primary') {
      distance.set(node.id, 0);
      queue.push(node.id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const child of citedBy.get(id) ?? []) {
      if (distance.get(child) === null && nodes.has(child)) {
        distance.set(child, distance.get(id)! + 1);
        queue.push(child);
      }
    }
  }
  const rootDistances = roots.map((id) => distance.get(id)).filter((d): d is number => d !== null && d !== undefined);
  const primaryDistance = rootDistances.length ? Math.min(...rootDistances) : null;
  return {
    distanceToPrimary: distance,
    primaryDistance,
    reachesPrimary: primaryDistance !== null,
    cycles: stronglyConnectedCycles(nodes, derivedFrom),
    deadEnds: [...nodes.values()].filter((node) => !node.captured).map((node) => node.id),
  };
}

/** Tarjan's algorithm: components of more than one node, or a node citing itself, are cycles. */
function stronglyConnectedCycles(nodes: Map<string, TrailGraphNode>, edges: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string) => {
    indices.set(id, index);
    lowLink.set(id, index);
    index++;
    stack.push(id);
    onStack.add(id);
    for (const next of edges.get(id) ?? []) {
      if (!nodes.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        lowLink.set(id, Math.min(lowLink.get(id)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(id, Math.min(lowLink.get(id)!, indices.get(next)!));
      }
    }
    if (lowLink.get(id) === indices.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1 || (edges.get(id) ?? []).includes(id)) cycles.push(component.sort());
    }
  };
  for (const id of nodes.keys()) if (!indices.has(id)) visit(id);
  return cycles;
}
