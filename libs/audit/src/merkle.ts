import { createHash } from 'node:crypto';

/**
 * A small RFC 6962 (Certificate Transparency) Merkle tree: leaf hashes SHA-256(0x00 || data), interior
 * nodes SHA-256(0x01 || left || right), the split at the largest power of two below the size; the
 * empty tree's root is SHA-256 of nothing. Hashes are 32-byte Buffers. Pure: the outside verifier uses
 * it as the desk does.
 */
export type Hash = Buffer;

export const leafHash = (data: Buffer | string): Hash => createHash('sha256').update(LEAF_PREFIX).update(data).digest();
export const nodeHash = (left: Hash, right: Hash): Hash => createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** Largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(leaves[from, to)). */
export function rootOf(leaves: readonly Hash[], from = 0, to = leaves.length): Hash {
  const n = to - from;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[from]!;
  const k = split(n);
  return nodeHash(rootOf(leaves, from, from + k), rootOf(leaves, from + k, to));
}

/**
 * The roots of the perfect subtrees a tree of `size` leaves decomposes into, largest (leftmost) first:
 * enough to append leaves and to compute the root without the leaves themselves.
 */
export class Frontier {
  constructor(
    readonly size: number = 0,
    readonly nodes: readonly Hash[] = [],
  ) {
    if (nodes.length !== popCount(size)) throw new Error(`a frontier of ${size} leaves has ${popCount(size)} nodes, not ${nodes.length}`);
  }

  append(leaves: readonly Hash[]): Frontier {
    const nodes = [...this.nodes];
    let size = this.size;
    for (const leaf of leaves) {
      nodes.push(leaf);
      // Each trailing 1 bit of the old size is a perfect subtree the new leaf completes a sibling of.
      for (let s = size; s & 1; s = Math.floor(s / 2)) {
        const right = nodes.pop()!;
        const left = nodes.pop()!;
        nodes.push(nodeHash(left, right));
      }
      size++;
    }
    return new Frontier(size, nodes);
  }

  root(): Hash {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let root = this.nodes[this.nodes.length - 1]!;
    for (let i = this.nodes.length - 2; i >= 0; i--) root = nodeHash(this.nodes[i]!, root);
    return root;
  }

  toJSON(): string[] {
    return this.nodes.map((node) => node.toString('hex'));
  }

  static fromJSON(size: number, nodes: readonly string[]): Frontier {
    return new Frontier(size, nodes.map((node) => Buffer.from(node, 'hex')));
  }
}

function popCount(n: number): number {
  let count = 0;
  for (let s = n; s > 0; s = Math.floor(s / 2)) count += s & 1;
  return count;
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): the nodes that prove the tree of the first m leaves is a prefix of the tree of all n. */
export function consistencyProof(leaves: readonly Hash[], m: number, n = leaves.length): Hash[] {
  if (m < 0 || m > n || n > leaves.length) throw new RangeError(`no consistency proof from ${m} to ${n} leaves`);
  if (m === 0 || m === n) return [];
  return subproof((from, to) => rootOf(leaves, from, to), m, 0, n, true);
}

/**
 * The same proof from the earlier tree's frontier and only the leaves added since (m to n): every node of
 * the proof left of m is a perfect subtree of the earlier tree, that is one of its frontier's nodes, so
 * the leaves before m are never needed.
 */
export function consistencyProofFrom(earlier: Frontier, added: readonly Hash[]): Hash[] {
  const m = earlier.size;
  const n = m + added.length;
  if (m === 0 || m === n) return [];
  const byStart = new Map<number, { size: number; node: Hash }>();
  let start = 0;
  for (const node of earlier.nodes) {
    let size = 1;
    while (size * 2 <= m - start) size *= 2;
    byStart.set(start, { size, node });
    start += size;
  }
  return subproof(
    (from, to) => {
      if (from >= m) return rootOf(added, from - m, to - m);
      const node = byStart.get(from);
      if (node === undefined || node.size !== to - from) throw new Error(`node [${from}, ${to}) is not in the frontier of ${m} leaves`);
      return node.node;
    },
    m,
    0,
    n,
    true,
  );
}

function subproof(root: (from: number, to: number) => Hash, m: number, from: number, to: number, complete: boolean): Hash[] {
  const n = to - from;
  if (m === n) return complete ? [] : [root(from, to)];
  const k = split(n);
  if (m <= k) return [...subproof(root, m, from, from + k, complete), root(from + k, to)];
  return [...subproof(root, m - k, from + k, to, false), root(from, from + k)];
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree (size1, root1) is a prefix of (size2, root2)? */
export function verifyConsistency(size1: number, size2: number, root1: Hash, root2: Hash, proof: readonly Hash[]): boolean {
  if (size1 < 0 || size2 < size1) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (size1 === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = [...proof];
  // A size1 that is a power of two is a node of the bigger tree: its root starts the path.
  if (isPowerOfTwo(size1)) path.unshift(root1);
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn & 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
