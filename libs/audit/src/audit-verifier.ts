import { hash } from 'node:crypto';
import { canonicalEndV2, canonicalHeadV2, hashCheckpoint, hashEvent, type HashedCheckpointHead } from './audit-hash.js';
import { Frontier, leafHash } from './merkle.js';
import { verifySignature } from './signing-key.js';
import { parseStatement, sealedHeadLeaf, type CheckpointStatement } from './checkpoint-statement.js';

export type AuditProblemKind =
  /** The stored event does not match its hash: it was changed. */
  | 'hash-mismatch'
  /** A column of a rule-2 event says something other than the hashed bytes beside it. */
  | 'field-mismatch'
  /** prev_hash does not link to the previous event of the target, or chain positions are out of order. */
  | 'chain-broken'
  /** Chain positions are missing before this event (removed from the middle or the start). */
  | 'events-missing'
  /** A checkpoint sealed this event and it is no longer in the log (a cut tail). */
  | 'sealed-event-missing'
  /** A checkpoint sealed this event with another hash (rewritten, even if re-hashed). */
  | 'sealed-event-changed'
  | 'checkpoint-hash-mismatch'
  | 'checkpoint-chain-broken'
  /** A rule-2 checkpoint's signature does not verify with its key, or the key is unknown. */
  | 'checkpoint-signature-invalid'
  /** A rule-2 checkpoint's Merkle root or tree size is not what its sealed heads give. */
  | 'checkpoint-root-mismatch'
  /** A checkpoint someone kept is not in the log: it was removed, or the log was rewound to an older copy. */
  | 'kept-checkpoint-missing'
  /** A checkpoint someone kept differs from the log's checkpoint of that number: history was rewritten. */
  | 'kept-checkpoint-differs'
  /** An export that does not end with its end line, or whose counts differ from it: it was cut. */
  | 'export-incomplete';

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The event (or, for checkpoint problems, checkpoint) sequence number concerned. */
  seq: number | null;
  target?: AuditTarget;
  chainSeq?: number;
  detail: string;
}

/** One stored event as the database (or an export) holds it; timestamps as ISO strings. */
export interface StoredEvent {
  seq: number;
  occurredAt: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  chainSeq: number;
  prevHash: string | null;
  hash: string;
  correlationId: string | null;
  hashVersion: number;
  /** Rule 2: the hashed bytes, as UTF-8 text (null when missing). */
  canonical: string | null;
  /** Rule 2, when the bytes are not valid UTF-8: the raw bytes (hashed instead of `canonical`). */
  canonicalBytes?: Buffer;
  /** Rule 1: the payloads; rule 2: the columns must be null (the payloads live in the bytes). */
  before: unknown;
  after: unknown;
}

export interface StoredCheckpointHead extends HashedCheckpointHead {
  leafIndex: number | null;
}

/** One stored checkpoint with the heads it sealed. */
export interface StoredCheckpoint {
  seq: number;
  version: number;
  createdAt: string;
  headCount: number;
  maxEventSeq: number | null;
  prevHash: string | null;
  hash: string;
  treeSize: number | null;
  rootHash: string | null;
  keyId: string | null;
  signature: string | null;
  /** Rule 2: the signed statement (RFC 8785 JSON text). */
  statement: string | null;
  heads: StoredCheckpointHead[];
}

/** Where an incremental verification starts: a checkpoint already verified, and the tree it had. */
export interface VerifiedCheckpoint {
  seq: number;
  hash: string;
  treeSize: number;
  frontier: Frontier;
}

const sha256Hex = (data: string | Buffer) => hash('sha256', data, 'hex');
/**
 * The key of a target's chain: the bytes of its type, the int32 length of its id, its id (UTF-8), read as
 * latin1. Unambiguous, and exactly what a binary COPY row holds for target_type and target_id, so the
 * desk's page reader takes it as one slice of the row (see EventPage.chainKey).
 */
export function chainKey(targetType: string, targetId: string): string {
  const type = Buffer.from(targetType);
  const id = Buffer.from(targetId);
  const key = Buffer.allocUnsafe(type.length + 4 + id.length);
  type.copy(key, 0);
  key.writeInt32BE(id.length, type.length);
  id.copy(key, type.length + 4);
  return key.toString('latin1', 0, key.length);
}

interface Seal {
  hash: string;
  eventSeq: number;
  checkpointSeq: number;
  target: AuditTarget;
  chainSeq: number;
}

/** A chain as verified so far (chainSeq 0: no event of it seen yet), with the seals still to be met. */
interface ChainState {
  chainSeq: number;
  hash: string | null;
  seals: Seal[] | null;
}
const MAX_PROBLEMS_KEPT = 1000;

/**
 * Checks an audit log fed to it piece by piece: checkpoints in number order (first), then events in
 * sequence order. Pure and incremental, so the desk's verification job (pages from the database) and
 * the outside verifier (an NDJSON export) run the very same checks and name the same problems.
 */
export class AuditLogVerifier {
  readonly problems: AuditProblem[] = [];
  problemCount = 0;
  eventsChecked = 0;
  checkpointsChecked = 0;
  latestCheckpoint: StoredCheckpoint | null = null;

  private readonly chains = new Map<string, ChainState>();
  private previousHash: string | null;
  private frontier: Frontier;
  private readonly statements = new Map<number, string>();

  /**
   * @param publicKeys the keys checkpoints may be signed with, by key id
   * @param from an incremental start: a checkpoint verified before (its chain and tree are taken as given)
   */
  constructor(
    private readonly publicKeys: ReadonlyMap<string, string>,
    from?: VerifiedCheckpoint,
  ) {
    this.previousHash = from?.hash ?? null;
    this.frontier = from?.frontier ?? new Frontier();
  }

  /** An incremental start: the last event of a chain verified before. */
  seedChain(target: AuditTarget, chainSeq: number, hash: string): void {
    const state = this.chain(chainKey(target.type, target.id));
    state.chainSeq = chainSeq;
    state.hash = hash;
  }

  private chain(key: string): ChainState {
    let state = this.chains.get(key);
    if (state === undefined) {
      state = { chainSeq: 0, hash: null, seals: null };
      this.chains.set(key, state);
    }
    return state;
  }

  private report(problem: AuditProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(problem);
  }

  checkpoint(checkpoint: StoredCheckpoint): void {
    this.checkpointsChecked++;
    const seq = checkpoint.seq;
    if (checkpoint.version === 1) {
      const expected = hashCheckpoint({
        seq,
        createdAt: checkpoint.createdAt,
        headCount: checkpoint.headCount,
        maxEventSeq: checkpoint.maxEventSeq,
        prevHash: checkpoint.prevHash,
        heads: checkpoint.heads.map(({ targetType, targetId, chainSeq, eventSeq, eventHash }) => ({ targetType, targetId, chainSeq, eventSeq, eventHash })),
      });
      if (expected !== checkpoint.hash) this.report({ kind: 'checkpoint-hash-mismatch', seq, detail: `checkpoint ${seq} does not match its hash` });
    } else {
      this.checkSigned(checkpoint);
    }
    if (checkpoint.prevHash !== this.previousHash) {
      this.report({ kind: 'checkpoint-chain-broken', seq, detail: `checkpoint ${seq} does not link to the checkpoint before it` });
    }
    this.previousHash = checkpoint.hash;
    if (checkpoint.statement !== null) this.statements.set(seq, checkpoint.statement);
    for (const head of checkpoint.heads) {
      const state = this.chain(chainKey(head.targetType, head.targetId));
      const seal: Seal = { hash: head.eventHash, eventSeq: head.eventSeq, checkpointSeq: seq, target: { type: head.targetType, id: head.targetId }, chainSeq: head.chainSeq };
      // A later checkpoint sealing the same position replaces the earlier seal.
      const seals = (state.seals ??= []);
      const same = seals.findIndex((s) => s.chainSeq === head.chainSeq);
      if (same === -1) seals.push(seal);
      else seals[same] = seal;
    }
    this.latestCheckpoint = checkpoint;
  }

  private checkSigned(checkpoint: StoredCheckpoint): void {
    const seq = checkpoint.seq;
    const statementText = checkpoint.statement ?? '';
    if (sha256Hex(statementText) !== checkpoint.hash) {
      this.report({ kind: 'checkpoint-hash-mismatch', seq, detail: `checkpoint ${seq}'s statement does not match its hash` });
    }
    let statement: CheckpointStatement | null = null;
    try {
      statement = parseStatement(statementText);
    } catch {
      // reported below as a mismatch with the columns
    }
    const publicKey = checkpoint.keyId === null ? undefined : this.publicKeys.get(checkpoint.keyId);
    if (publicKey === undefined) {
      this.report({ kind: 'checkpoint-signature-invalid', seq, detail: `checkpoint ${seq} is signed with a key that is not known (${checkpoint.keyId ?? 'none'})` });
    } else if (!verifySignature(publicKey, Buffer.from(statementText), checkpoint.signature ?? '')) {
      this.report({ kind: 'checkpoint-signature-invalid', seq, detail: `checkpoint ${seq}'s signature does not verify with key ${checkpoint.keyId}` });
    }
    const agrees =
      statement !== null &&
      statement.number === seq &&
      statement.createdAt === checkpoint.createdAt &&
      statement.headCount === checkpoint.headCount &&
      statement.maxEventSeq === checkpoint.maxEventSeq &&
      statement.prevHash === checkpoint.prevHash &&
      statement.keyId === checkpoint.keyId &&
      statement.treeSize === checkpoint.treeSize &&
      statement.rootHash === checkpoint.rootHash;
    if (!agrees) this.report({ kind: 'checkpoint-hash-mismatch', seq, detail: `checkpoint ${seq}'s columns differ from its signed statement` });
    // The leaves it appended: its heads in leaf order, right after the previous tree.
    const heads = [...checkpoint.heads].sort((a, b) => (a.leafIndex ?? -1) - (b.leafIndex ?? -1));
    const contiguous = heads.every((head, i) => head.leafIndex === this.frontier.size + i);
    const extended = this.frontier.append(heads.map(sealedHeadLeaf).map((leaf) => leafHash(leaf)));
    if (!contiguous || extended.size !== statement?.treeSize || extended.root().toString('hex') !== statement.rootHash || heads.length !== statement.headCount) {
      this.report({ kind: 'checkpoint-root-mismatch', seq, detail: `checkpoint ${seq}'s Merkle root is not the root of the heads it sealed on top of the checkpoints before it` });
    }
    this.frontier = extended;
  }

  /** The tree after the checkpoints seen so far (what an incremental verification continues from). */
  get tree(): Frontier {
    return this.frontier;
  }

  event(event: StoredEvent): void {
    this.eventsChecked++;
    const at = { seq: event.seq, target: { type: event.targetType, id: event.targetId }, chainSeq: event.chainSeq };
    if (event.hashVersion === 2) {
      if (event.canonical === null) {
        this.report({ kind: 'hash-mismatch', ...at, detail: 'a rule-2 event without its hashed bytes' });
      } else {
        if (sha256Hex(event.canonicalBytes ?? event.canonical) !== event.hash) {
          this.report({ kind: 'hash-mismatch', ...at, detail: 'the stored event does not match its hash: it was changed' });
        }
        const text = event.canonical;
        const head = canonicalHeadV2(event.action, event.actorId);
        const end = canonicalEndV2(event.chainSeq, event.correlationId, event.occurredAt, event.prevHash, event.seq, event.targetId, event.targetType);
        if (!text.startsWith(head) || !text.endsWith(end) || event.before !== null || event.after !== null) {
          this.report({ kind: 'field-mismatch', ...at, detail: 'a stored column differs from the hashed bytes beside it' });
        }
      }
    } else if (event.hashVersion !== 1 || hashEvent(event) !== event.hash) {
      this.report({ kind: 'hash-mismatch', ...at, detail: 'the stored event does not match its hash: it was changed' });
    }
    const state = this.chain(chainKey(event.targetType, event.targetId));
    const expectedChainSeq = state.chainSeq + 1;
    if (event.chainSeq > expectedChainSeq) {
      this.report({ kind: 'events-missing', ...at, detail: `chain position ${expectedChainSeq} to ${event.chainSeq - 1} of this target are missing before this event` });
    } else if (event.chainSeq < expectedChainSeq) {
      this.report({ kind: 'chain-broken', ...at, detail: `chain position ${event.chainSeq} comes after position ${expectedChainSeq - 1} in the log's order` });
    } else if (event.prevHash !== state.hash) {
      this.report({ kind: 'chain-broken', ...at, detail: 'prev_hash does not match the previous event of this target' });
    }
    state.chainSeq = event.chainSeq;
    state.hash = event.hash;
    this.meetSeal(state, event.chainSeq, event.seq, event.hash);
  }

  /**
   * The fast path for a rule-2 event whose hash and columns the caller has already checked against its
   * bytes (the desk's page reader does, on the bytes as read): when it links to its chain as expected and
   * meets any seal on it, it is counted and true returned; otherwise nothing changes and false is
   * returned, and the caller hands the whole event to {@link event}, which names the problem.
   */
  linked(key: string, chainSeq: number, prevHash: string | null, seq: number, hash: string): boolean {
    const state = this.chains.get(key);
    if (state === undefined) {
      if (chainSeq !== 1 || prevHash !== null) return false;
      this.chains.set(key, { chainSeq, hash, seals: null });
    } else {
      if (chainSeq !== state.chainSeq + 1 || prevHash !== state.hash) return false;
      if (state.seals !== null) {
        const seal = state.seals.find((s) => s.chainSeq === chainSeq);
        if (seal !== undefined && (seal.hash !== hash || seal.eventSeq !== seq)) return false;
        this.meetSeal(state, chainSeq, seq, hash);
      }
      state.chainSeq = chainSeq;
      state.hash = hash;
    }
    this.eventsChecked++;
    return true;
  }

  /** An event a checkpoint may have sealed (events verified before, in an incremental run, come here directly). */
  confirmSealed(targetType: string, targetId: string, chainSeq: number, seq: number, hash: string): void {
    const state = this.chains.get(chainKey(targetType, targetId));
    if (state !== undefined) this.meetSeal(state, chainSeq, seq, hash);
  }

  private meetSeal(state: ChainState, chainSeq: number, seq: number, hash: string): void {
    if (state.seals === null) return;
    const i = state.seals.findIndex((s) => s.chainSeq === chainSeq);
    if (i === -1) return;
    const seal = state.seals[i]!;
    state.seals.splice(i, 1);
    if (state.seals.length === 0) state.seals = null;
    if (seal.hash !== hash || seal.eventSeq !== seq) {
      this.report({ kind: 'sealed-event-changed', seq, target: seal.target, chainSeq, detail: `differs from the hash sealed by checkpoint ${seal.checkpointSeq}` });
    }
  }

  /** Compares a checkpoint someone kept (already checked to be validly signed) with the log's. */
  kept(number: number, statement: string): void {
    const ours = this.statements.get(number);
    if (ours === undefined) {
      const latest = this.latestCheckpoint?.seq ?? 0;
      this.report({
        kind: 'kept-checkpoint-missing',
        seq: number,
        detail: `the kept checkpoint ${number} is not in the log (its latest is ${latest}): checkpoints were removed or the log was rewound to an older copy`,
      });
    } else if (ours !== statement) {
      this.report({ kind: 'kept-checkpoint-differs', seq: number, detail: `the log's checkpoint ${number} differs from the kept one: what it covered was rewritten` });
    }
  }

  /** Every sealed event not seen by now is missing; returns the result. */
  finish(): { ok: boolean; eventsChecked: number; checkpointsChecked: number; latestCheckpointSeq: number | null; problemCount: number; problems: AuditProblem[] } {
    const missing = [...this.chains.values()].flatMap((state) => state.seals ?? []).sort((a, b) => a.checkpointSeq - b.checkpointSeq || a.eventSeq - b.eventSeq);
    for (const seal of missing) {
      this.report({ kind: 'sealed-event-missing', seq: seal.eventSeq, target: seal.target, chainSeq: seal.chainSeq, detail: `sealed by checkpoint ${seal.checkpointSeq} but no longer in the log (tail cut)` });
    }
    for (const state of this.chains.values()) state.seals = null;
    return {
      ok: this.problemCount === 0,
      eventsChecked: this.eventsChecked,
      checkpointsChecked: this.checkpointsChecked,
      latestCheckpointSeq: this.latestCheckpoint?.seq ?? null,
      problemCount: this.problemCount,
      problems: this.problems,
    };
  }
}

