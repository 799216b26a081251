import { consistencyProof, consistencyProofFrom, EMPTY_ROOT, Frontier, leafHash, rootOf, verifyConsistency, type Hash } from './merkle.js';

// RFC 6962 test vectors (the Certificate Transparency reference leaves, roots and consistency proofs).
const DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((hex) => Buffer.from(hex, 'hex'));
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CONSISTENCY = [
  { m: 1, n: 1, proof: [] },
  { m: 1, n: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { m: 6, n: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { m: 2, n: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
];
const LEAVES = DATA.map((data) => leafHash(data));
const hex = (hashes: Hash[]) => hashes.map((hash) => hash.toString('hex'));

describe('RFC 6962 Merkle tree', () => {
  it('gives the reference root for every size from 0 to 8, by recursion and by the frontier', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(ROOTS[0]);
    let frontier = new Frontier();
    for (let n = 0; n <= LEAVES.length; n++) {
      expect(rootOf(LEAVES.slice(0, n)).toString('hex')).toBe(ROOTS[n]);
      expect(frontier.root().toString('hex')).toBe(ROOTS[n]);
      if (n < LEAVES.length) frontier = frontier.append([LEAVES[n]!]);
    }
  });

  it.each(CONSISTENCY)('gives and accepts the reference consistency proof from $m to $n leaves', ({ m, n, proof }) => {
    expect(hex(consistencyProof(LEAVES, m, n))).toEqual(proof);
    const nodes = proof.map((node) => Buffer.from(node, 'hex'));
    expect(verifyConsistency(m, n, Buffer.from(ROOTS[m]!, 'hex'), Buffer.from(ROOTS[n]!, 'hex'), nodes)).toBe(true);
  });

  const many = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from([i, i * 7])));

  it('proves every prefix of every tree up to 40 leaves, and refuses altered proofs, roots and sizes', () => {
    for (let n = 1; n <= many.length; n++) {
      const root = rootOf(many.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(many, m, n);
        const oldRoot = rootOf(many.slice(0, m));
        expect(verifyConsistency(m, n, oldRoot, root, proof)).toBe(true);
        if (m === n) continue;
        const flipped = proof.map((node, i) => (i === 0 ? Buffer.from(node.map((byte, j) => (j === 0 ? byte ^ 1 : byte))) : node));
        expect(verifyConsistency(m, n, oldRoot, root, flipped)).toBe(false);
        expect(verifyConsistency(m, n, rootOf(many.slice(1, m + 1)), root, proof)).toBe(false);
        expect(verifyConsistency(m, n, oldRoot, rootOf(many.slice(1, n + 1)), proof)).toBe(false);
        expect(verifyConsistency(m + 1, n, oldRoot, root, proof)).toBe(false);
      }
    }
  });

  it('gives the same proofs from the earlier frontier and the leaves added since, for every m ≤ n ≤ 40', () => {
    for (let n = 1; n <= many.length; n++) {
      for (let m = 0; m <= n; m++) {
        const earlier = new Frontier().append(many.slice(0, m));
        expect(hex(consistencyProofFrom(earlier, many.slice(m, n)))).toEqual(hex(consistencyProof(many, m, n)));
      }
    }
  });

  it('extends a frontier in batches to the same root as building it leaf by leaf', () => {
    const batched = new Frontier().append(many.slice(0, 13)).append(many.slice(13, 14)).append(many.slice(14));
    expect(batched.root()).toEqual(rootOf(many));
    expect(Frontier.fromJSON(batched.size, batched.toJSON()).root()).toEqual(rootOf(many));
  });
});
