import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type Actor } from '@app/core';
import pg from 'pg';
import { canonicalJson } from './canonical-json.js';
import { canonicalPartsV2, sha256Hex, type HashedCheckpointHead, type HashedEvent } from './audit-hash.js';
import { AuditLogVerifier, type AuditProblem, type StoredCheckpoint, type VerifiedCheckpoint } from './audit-verifier.js';
import { sealedHeadLeaf, statementText, STATEMENT_TYPE, type CheckpointStatement, type SignedCheckpoint } from './checkpoint-statement.js';
import { consistencyProof, consistencyProofFrom, Frontier, leafHash, type Hash } from './merkle.js';
import { AUDIT_SIGNING_KEY, type AuditSigningKey } from './signing-key.js';
import { EXPORT_FORMAT } from './offline-verify.js';
import { readEventPage, type EventPage } from './event-page.js';

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AppendAuditEvent {
  actor: Actor;
  /** Dotted verb, e.g. `claim.created`. */
  action: string;
  target: AuditTarget;
  before?: unknown;
  after?: unknown;
  correlationId?: string | null;
}

/** An event with its chain link, hash and hashed bytes (rule 2), ready to insert (see {@link AuditService.prepare}). */
export interface PreparedAuditEvent extends Omit<HashedEvent, 'occurredAt'> {
  occurredAt: Date;
  hash: string;
  correlationId: string | null;
  /** The hashed bytes as text (UTF-8 in the database). */
  canonical: string;
}

/**
 * The INSERT of prepared events as one statement taking one jsonb parameter (named by `param`, e.g. `$3`),
 * so that it can also be a data-modifying CTE of a larger statement. Rule 2: the payloads are stored once,
 * inside the hashed bytes.
 */
export function auditInsert(events: PreparedAuditEvent[], param: string): { sql: string; value: string } {
  return {
    sql: `INSERT INTO audit_events (seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, correlation_id, hash_version, canonical)
          SELECT seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, correlation_id, 2, convert_to(canonical, 'UTF8')
            FROM jsonb_to_recordset(${param}::jsonb) AS e(seq bigint, occurred_at timestamptz, actor_id text, action text, target_type text,
                 target_id text, chain_seq integer, prev_hash text, hash text, correlation_id text, canonical text)`,
    value: JSON.stringify(
      events.map((e) => ({
        seq: e.seq,
        occurred_at: e.occurredAt.toISOString(),
        actor_id: e.actorId,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId,
        chain_seq: e.chainSeq,
        prev_hash: e.prevHash,
        hash: e.hash,
        correlation_id: e.correlationId,
        canonical: e.canonical,
      })),
    ),
  };
}

export interface AuditEventView {
  seq: number;
  occurredAt: string;
  actorId: string;
  action: string;
  target: AuditTarget;
  chainSeq: number;
  prevHash: string | null;
  hash: string;
  before: unknown;
  after: unknown;
  correlationId: string | null;
}

export type { AuditProblem, AuditProblemKind } from './audit-verifier.js';

export interface AuditVerification {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  latestCheckpointSeq: number | null;
  problemCount: number;
  problems: AuditProblem[];
}

interface EventRow {
  seq: string;
  occurred_at: Date;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  chain_seq: number;
  prev_hash: string | null;
  hash: string;
  hash_version: number;
  canonical: string | null;
  before: unknown;
  after: unknown;
  correlation_id: string | null;
}

const EVENT_COLUMNS = `seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, hash_version,
  convert_from(canonical, 'UTF8') AS canonical, before, after, correlation_id`;

/** Key of the advisory lock that serialises checkpoints (never the event chains). */
const CHECKPOINT_LOCK_KEY = 7_417_001;

const payloadsOf = (row: { hash_version: number; canonical: string | null; before: unknown; after: unknown }) => {
  if (row.hash_version !== 2 || row.canonical === null) return { before: row.before, after: row.after };
  const parsed = JSON.parse(row.canonical) as { before: unknown; after: unknown };
  return { before: parsed.before, after: parsed.after };
};

const toView = (row: EventRow): AuditEventView => ({
  seq: Number(row.seq),
  occurredAt: row.occurred_at.toISOString(),
  actorId: row.actor_id,
  action: row.action,
  target: { type: row.target_type, id: row.target_id },
  chainSeq: row.chain_seq,
  prevHash: row.prev_hash,
  hash: row.hash,
  ...payloadsOf(row),
  correlationId: row.correlation_id,
});

/**
 * Pages in flight, each on its own connection. 1 already reads the next page while this one is checked;
 * 2 measured no faster on a 2-core machine (bench/audit.ts), where the database and Node share the cores.
 */
const READ_AHEAD = 1;

interface CheckpointRow {
  seq: string;
  version: number;
  created_at: Date;
  head_count: number;
  max_event_seq: string | null;
  prev_hash: string | null;
  hash: string;
  tree_size: string | null;
  root_hash: string | null;
  frontier: string[] | null;
  key_id: string | null;
  signature: string | null;
  statement: string | null;
}

const CHECKPOINT_COLUMNS = `seq, version, created_at, head_count, max_event_seq, prev_hash, hash, tree_size, root_hash, frontier, key_id, signature,
  convert_from(statement, 'UTF8') AS statement`;

const nullableNumber = (value: string | null) => (value === null ? null : Number(value));

const publicCheckpoint = (row: CheckpointRow): SignedCheckpoint => ({
  number: Number(row.seq),
  statement: row.statement!,
  signature: row.signature!,
  keyId: row.key_id!,
  hash: row.hash,
  createdAt: row.created_at.toISOString(),
  treeSize: Number(row.tree_size),
  rootHash: row.root_hash!,
  prevHash: row.prev_hash,
  maxEventSeq: nullableNumber(row.max_event_seq),
});

/** What proves a later checkpoint extends an earlier one: the RFC 6962 consistency proof between their trees. */
export interface CheckpointConsistency {
  from: SignedCheckpoint;
  to: SignedCheckpoint;
  /** Hex nodes of PROOF(from.treeSize, tree of to.treeSize leaves). */
  proof: string[];
}

export interface VerifyOptions {
  /** Events per page (one statement each). */
  pageSize: number;
  /** Start after this verified position instead of the beginning. */
  from?: { checkpointSeq: number; throughEventSeq: number };
  /** Called after each page (and once the checkpoints are read). */
  onProgress?: (progress: { eventsChecked: number; eventsTotal: number; checkpointsChecked: number }) => Promise<void> | void;
}

export interface VerificationOutcome extends AuditVerification {
  /** Highest event sequence number covered; the next incremental verification starts after it. */
  throughEventSeq: number;
  fromCheckpointSeq: number | null;
}

/** The tamper-evident audit log: append inside the caller's transaction, list, checkpoint, verify, export. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional() @Inject(AUDIT_SIGNING_KEY) private readonly signingKey?: AuditSigningKey,
  ) {}

  /**
   * Appends one event inside the caller's transaction (pass its EntityManager), so a change and its
   * audit event commit or roll back together. One statement (audit_append): the chain link, the hashed
   * bytes, the sha256 and the INSERT; only writers on the same target wait for each other.
   */
  async append(manager: EntityManager, input: AppendAuditEvent): Promise<{ seq: number; hash: string }> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside a transaction');
    }
    const occurredAt = new Date();
    const correlationId = input.correlationId ?? null;
    const parts = canonicalPartsV2(
      { action: input.action, actorId: input.actor.id, targetType: input.target.type, targetId: input.target.id, occurredAt: occurredAt.toISOString(), correlationId },
      canonicalJson(input.before === undefined ? null : toJsonValue(input.before)),
      canonicalJson(input.after === undefined ? null : toJsonValue(input.after)),
    );
    const [row]: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      input.target.type,
      input.target.id,
      occurredAt,
      input.actor.id,
      input.action,
      correlationId,
      parts.head,
      parts.mid,
      parts.tail,
    ]);
    return { seq: Number(row!.seq), hash: row!.hash };
  }

  /** Appends several events inside the caller's transaction in two statements (links, then one INSERT). */
  async appendMany(manager: EntityManager, inputs: AppendAuditEvent[]): Promise<PreparedAuditEvent[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside a transaction');
    }
    const events = await this.prepare(manager, inputs);
    if (events.length) {
      const insert = auditInsert(events, '$1');
      await manager.query(insert.sql, [insert.value]);
    }
    return events;
  }

  /**
   * Takes the next chain link of each event's target (one statement, whatever the number of events)
   * and hashes the events; the caller then writes them with {@link auditInsert}, as its own statement or
   * as part of a larger one, in the same transaction: the per-target advisory lock taken here is held to
   * its end. Locks are taken in target order, so two batches cannot deadlock on each other's targets;
   * several events of one target in a batch are chained to each other in input order.
   */
  async prepare(manager: EntityManager, inputs: AppendAuditEvent[]): Promise<PreparedAuditEvent[]> {
    if (inputs.length === 0) return [];
    const key = (target: AuditTarget) => `${target.type}\u0000${target.id}`;
    const counts = new Map<string, { target: AuditTarget; count: number }>();
    for (const input of inputs) {
      const entry = counts.get(key(input.target));
      if (entry) entry.count++;
      else counts.set(key(input.target), { target: input.target, count: 1 });
    }
    const targets = [...counts.values()].sort((a, b) => compareTargets(a.target, b.target));
    const rows: { ord: string; next_seq: string; next_chain_seq: number; prev_hash: string | null; more_seqs: string[] }[] = await manager.query(
      `SELECT t.ord, l.next_seq, l.next_chain_seq, l.prev_hash,
              ARRAY(SELECT nextval(pg_get_serial_sequence('audit_events', 'seq')) FROM generate_series(2, t.n)) AS more_seqs
         FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS t(target_type, target_id, n, ord)
        CROSS JOIN LATERAL audit_next_link(t.target_type, t.target_id) l
        ORDER BY t.ord`,
      [targets.map((t) => t.target.type), targets.map((t) => t.target.id), targets.map((t) => t.count)],
    );
    const links = new Map<string, { seqs: number[]; chainSeq: number; prevHash: string | null }>();
    rows.forEach((row, index) => {
      links.set(key(targets[index]!.target), {
        seqs: [Number(row.next_seq), ...row.more_seqs.map(Number)],
        chainSeq: row.next_chain_seq,
        prevHash: row.prev_hash,
      });
    });
    const occurredAt = new Date();
    return inputs.map((input) => {
      const link = links.get(key(input.target))!;
      const seq = link.seqs.shift()!;
      const correlationId = input.correlationId ?? null;
      const before = input.before === undefined ? null : toJsonValue(input.before);
      const after = input.after === undefined ? null : toJsonValue(input.after);
      const parts = canonicalPartsV2(
        { action: input.action, actorId: input.actor.id, targetType: input.target.type, targetId: input.target.id, occurredAt: occurredAt.toISOString(), correlationId },
        canonicalJson(before),
        canonicalJson(after),
      );
      const canonical =
        parts.head + String(link.chainSeq) + parts.mid + (link.prevHash === null ? 'null' : JSON.stringify(link.prevHash)) + ',"seq":' + String(seq) + parts.tail;
      const event: PreparedAuditEvent = {
        seq,
        occurredAt,
        actorId: input.actor.id,
        action: input.action,
        targetType: input.target.type,
        targetId: input.target.id,
        chainSeq: link.chainSeq,
        prevHash: link.prevHash,
        before,
        after,
        hash: sha256Hex(canonical),
        correlationId,
        canonical,
      };
      link.chainSeq += 1;
      link.prevHash = event.hash;
      return event;
    });
  }

  /** Highest event sequence number committed so far (0 for an empty log). */
  async latestSeq(): Promise<number> {
    const [row]: { seq: string | null }[] = await this.dataSource.query('SELECT max(seq) AS seq FROM audit_events');
    return Number(row?.seq ?? 0);
  }

  /** Events in append order, optionally for one target or actor, after a sequence number. */
  async list(filter: { target?: AuditTarget; actorId?: string; afterSeq?: number; limit: number }): Promise<AuditEventView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.target) {
      params.push(filter.target.type, filter.target.id);
      where.push(`target_type = $${params.length - 1} AND target_id = $${params.length}`);
    }
    if (filter.actorId) {
      params.push(filter.actorId);
      where.push(`actor_id = $${params.length}`);
    }
    if (filter.afterSeq !== undefined) {
      params.push(filter.afterSeq);
      where.push(`seq > $${params.length}`);
    }
    params.push(filter.limit);
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    return rows.map(toView);
  }

  private requireKey(): AuditSigningKey {
    if (!this.signingKey) throw new Error('AuditService has no signing key: checkpoints cannot be signed');
    return this.signingKey;
  }

  /**
   * Seals every chain head that moved since the previous checkpoint into a signed checkpoint (rule 2):
   * the heads become leaves appended to an RFC 6962 tree (in target order), the statement commits to the
   * tree's size and root and to the previous checkpoint, and the desk's key signs it. The first signed
   * checkpoint seals every head of the log, so the tree covers every chain. It reads only the chains
   * written since the previous checkpoint's horizon (indexed `txid`) and extends the tree from the stored
   * frontier: its cost follows what moved, not the size of the log.
   */
  async checkpoint(): Promise<{ seq: number; headCount: number } | null> {
    const key = this.requireKey();
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK_KEY]);
      const [previous]: { seq: string; hash: string; version: number; event_horizon_txid: string | null; tree_size: string | null; frontier: string[] | null }[] =
        await manager.query('SELECT seq, hash, version, event_horizon_txid, tree_size, frontier FROM audit_checkpoints ORDER BY seq DESC LIMIT 1');
      // Read before the heads, by an earlier statement (READ COMMITTED: an older snapshot), so every
      // transaction below this horizon had finished when the heads were read.
      const [{ horizon }]: { horizon: string }[] = await manager.query('SELECT txid_snapshot_xmin(txid_current_snapshot()) AS horizon');
      type Head = { target_type: string; target_id: string; chain_seq: number; seq: string; hash: string };
      const firstSigned = previous?.version !== 2;
      const heads: Head[] =
        firstSigned || previous?.event_horizon_txid == null
          ? // The first signed checkpoint (or no horizon to start from): every head the tree does not hold yet.
            await manager.query(
              `SELECT h.target_type, h.target_id, h.chain_seq, h.seq, h.hash
               FROM (SELECT DISTINCT ON (target_type, target_id) target_type, target_id, chain_seq, seq, hash
                     FROM audit_events ORDER BY target_type, target_id, chain_seq DESC) h
               LEFT JOIN (SELECT DISTINCT ON (target_type, target_id) target_type, target_id, chain_seq
                          FROM audit_checkpoint_heads WHERE leaf_index IS NOT NULL ORDER BY target_type, target_id, checkpoint_seq DESC) sealed
                 USING (target_type, target_id)
               WHERE sealed.chain_seq IS NULL OR sealed.chain_seq < h.chain_seq`,
            )
          : // Only the targets written to by transactions the previous checkpoint may not have seen;
            // their heads and last seals are still read from the events and the checkpoints.
            await manager.query(
              `SELECT moved.target_type, moved.target_id, h.chain_seq, h.seq, h.hash
               FROM (SELECT DISTINCT target_type, target_id FROM audit_events WHERE txid >= $1) moved
               CROSS JOIN LATERAL (SELECT e.chain_seq, e.seq, e.hash FROM audit_events e
                                   WHERE e.target_type = moved.target_type AND e.target_id = moved.target_id
                                   ORDER BY e.chain_seq DESC LIMIT 1) h
               LEFT JOIN LATERAL (SELECT s.chain_seq FROM audit_checkpoint_heads s
                                  WHERE s.target_type = moved.target_type AND s.target_id = moved.target_id
                                  ORDER BY s.checkpoint_seq DESC LIMIT 1) sealed ON true
               WHERE sealed.chain_seq IS NULL OR sealed.chain_seq < h.chain_seq`,
              [previous!.event_horizon_txid],
            );
      if (heads.length === 0) return null;
      heads.sort((a, b) => compareTargets({ type: a.target_type, id: a.target_id }, { type: b.target_type, id: b.target_id }));
      const [{ seq: nextSeq }]: { seq: string }[] = await manager.query(`SELECT nextval(pg_get_serial_sequence('audit_checkpoints', 'seq')) AS seq`);
      const seq = Number(nextSeq);
      const createdAt = new Date();
      const hashedHeads: HashedCheckpointHead[] = heads.map((h) => ({
        targetType: h.target_type,
        targetId: h.target_id,
        chainSeq: h.chain_seq,
        eventSeq: Number(h.seq),
        eventHash: h.hash,
      }));
      const before = firstSigned ? new Frontier() : Frontier.fromJSON(Number(previous!.tree_size), previous!.frontier ?? []);
      const tree = before.append(hashedHeads.map((head) => leafHash(sealedHeadLeaf(head))));
      const maxEventSeq = hashedHeads.reduce((max, h) => Math.max(max, h.eventSeq), 0);
      const statement: CheckpointStatement = {
        type: STATEMENT_TYPE,
        v: 2,
        number: seq,
        createdAt: createdAt.toISOString(),
        headCount: heads.length,
        maxEventSeq,
        prevHash: previous?.hash ?? null,
        treeSize: tree.size,
        rootHash: tree.root().toString('hex'),
        keyId: key.keyId,
      };
      const text = statementText(statement);
      await manager.query('INSERT INTO audit_signing_keys (key_id, public_key) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [key.keyId, key.publicKeyPem]);
      await manager.query(
        `INSERT INTO audit_checkpoints (seq, created_at, head_count, max_event_seq, prev_hash, hash, event_horizon_txid, version, tree_size, root_hash, frontier, key_id, signature, statement)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 2, $8, $9, $10, $11, $12, convert_to($13, 'UTF8'))`,
        [seq, createdAt, heads.length, maxEventSeq, statement.prevHash, sha256Hex(text), horizon, tree.size, statement.rootHash, JSON.stringify(tree.toJSON()), key.keyId, key.sign(Buffer.from(text)), text],
      );
      await manager.query(
        `INSERT INTO audit_checkpoint_heads (checkpoint_seq, target_type, target_id, chain_seq, event_seq, event_hash, leaf_index)
         SELECT $1, t, i, c, e, h, $7 + ord - 1 FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[]) WITH ORDINALITY AS u(t, i, c, e, h, ord)`,
        [
          seq,
          hashedHeads.map((h) => h.targetType),
          hashedHeads.map((h) => h.targetId),
          hashedHeads.map((h) => h.chainSeq),
          hashedHeads.map((h) => h.eventSeq),
          hashedHeads.map((h) => h.eventHash),
          before.size,
        ],
      );
      return { seq, headCount: heads.length };
    });
  }

  /** A signed checkpoint by number, or the latest (null when there is none). */
  async signedCheckpoint(number: number | 'latest', manager: EntityManager = this.dataSource.manager): Promise<SignedCheckpoint | null> {
    const rows: CheckpointRow[] =
      number === 'latest'
        ? await manager.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE version = 2 ORDER BY seq DESC LIMIT 1`)
        : await manager.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE version = 2 AND seq = $1`, [number]);
    return rows[0] ? publicCheckpoint(rows[0]) : null;
  }

  /** Every public key a checkpoint was signed with, by id (the current key first once it has signed). */
  async publicKeys(): Promise<{ keyId: string; publicKey: string; createdAt: string; current: boolean }[]> {
    const rows: { key_id: string; public_key: string; created_at: Date }[] = await this.dataSource.query(
      'SELECT key_id, public_key, created_at FROM audit_signing_keys ORDER BY created_at, key_id',
    );
    const keys = rows.map((row) => ({ keyId: row.key_id, publicKey: row.public_key, createdAt: row.created_at.toISOString(), current: row.key_id === this.signingKey?.keyId }));
    if (this.signingKey && !keys.some((k) => k.current)) keys.push({ keyId: this.signingKey.keyId, publicKey: this.signingKey.publicKeyPem, createdAt: new Date().toISOString(), current: true });
    return keys;
  }

  /** The desk's current public key (PEM) and its id. */
  currentPublicKey(): { keyId: string; publicKey: string } {
    const key = this.requireKey();
    return { keyId: key.keyId, publicKey: key.publicKeyPem };
  }

  /**
   * What proves checkpoint `to` extends checkpoint `from`: the RFC 6962 consistency proof between their
   * trees, from `from`'s stored frontier and the leaves sealed after it (cost follows what was added
   * between the two). The frontier is not signed: if it does not give `from`'s signed root, every leaf
   * is read instead.
   */
  async consistency(fromNumber: number, toNumber: number): Promise<CheckpointConsistency> {
    if (fromNumber > toNumber) {
      throw new DomainError('invalid', 'checkpoint-order', 'from must not be later than to', [{ field: 'from', message: 'must be at most to' }]);
    }
    const [from, to] = await Promise.all([this.signedCheckpoint(fromNumber), this.signedCheckpoint(toNumber)]);
    if (!from) throw new DomainError('not-found', 'checkpoint-not-found', `No signed checkpoint ${fromNumber}.`);
    if (!to) throw new DomainError('not-found', 'checkpoint-not-found', `No signed checkpoint ${toNumber}.`);
    const [row]: { frontier: string[] | null }[] = await this.dataSource.query('SELECT frontier FROM audit_checkpoints WHERE seq = $1', [fromNumber]);
    const frontier = row?.frontier ? Frontier.fromJSON(from.treeSize, row.frontier) : null;
    const proof =
      frontier !== null && frontier.root().toString('hex') === from.rootHash
        ? consistencyProofFrom(frontier, await this.treeLeaves(from.treeSize, to.treeSize))
        : consistencyProof(await this.treeLeaves(0, to.treeSize), from.treeSize, to.treeSize);
    return { from, to, proof: proof.map((node) => node.toString('hex')) };
  }

  /** The Merkle leaves with from <= leaf_index < to, in order. */
  private async treeLeaves(from: number, to: number): Promise<Hash[]> {
    const leaves: Hash[] = [];
    const page = 10_000;
    while (from + leaves.length < to) {
      const rows: { target_type: string; target_id: string; chain_seq: number; event_seq: string; event_hash: string }[] = await this.dataSource.query(
        `SELECT target_type, target_id, chain_seq, event_seq, event_hash FROM audit_checkpoint_heads
         WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index`,
        [from + leaves.length, Math.min(to, from + leaves.length + page)],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        leaves.push(leafHash(sealedHeadLeaf({ targetType: row.target_type, targetId: row.target_id, chainSeq: row.chain_seq, eventSeq: Number(row.event_seq), eventHash: row.event_hash })));
      }
    }
    return leaves;
  }

  /** Every key id → PEM the desk knows. */
  private async keyMap(): Promise<Map<string, string>> {
    const rows: { key_id: string; public_key: string }[] = await this.dataSource.query('SELECT key_id, public_key FROM audit_signing_keys');
    return new Map(rows.map((row) => [row.key_id, row.public_key]));
  }

  /**
   * Reads checkpoints (with their heads) in number order, `batch` at a time, from after `afterSeq` up to
   * `throughSeq`, and hands each to `onCheckpoint`.
   */
  private async readCheckpoints(afterSeq: number, throughSeq: number, onCheckpoint: (checkpoint: StoredCheckpoint) => void): Promise<void> {
    const batch = 100;
    for (let last = afterSeq; last < throughSeq; ) {
      const rows: CheckpointRow[] = await this.dataSource.query(
        `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
        [last, throughSeq, batch],
      );
      if (rows.length === 0) break;
      const heads: { checkpoint_seq: string; target_type: string; target_id: string; chain_seq: number; event_seq: string; event_hash: string; leaf_index: string | null }[] =
        await this.dataSource.query(
          `SELECT checkpoint_seq, target_type, target_id, chain_seq, event_seq, event_hash, leaf_index FROM audit_checkpoint_heads
           WHERE checkpoint_seq > $1 AND checkpoint_seq <= $2`,
          [last, Number(rows[rows.length - 1]!.seq)],
        );
      const bySeq = new Map<number, StoredCheckpoint['heads']>();
      for (const h of heads) {
        const list = bySeq.get(Number(h.checkpoint_seq)) ?? [];
        list.push({ targetType: h.target_type, targetId: h.target_id, chainSeq: h.chain_seq, eventSeq: Number(h.event_seq), eventHash: h.event_hash, leafIndex: nullableNumber(h.leaf_index) });
        bySeq.set(Number(h.checkpoint_seq), list);
      }
      for (const row of rows) {
        const seq = Number(row.seq);
        onCheckpoint({
          seq,
          version: row.version,
          createdAt: row.created_at.toISOString(),
          headCount: row.head_count,
          maxEventSeq: nullableNumber(row.max_event_seq),
          prevHash: row.prev_hash,
          hash: row.hash,
          treeSize: nullableNumber(row.tree_size),
          rootHash: row.root_hash,
          keyId: row.key_id,
          signature: row.signature,
          statement: row.statement,
          heads: bySeq.get(seq) ?? [],
        });
      }
      last = Number(rows[rows.length - 1]!.seq);
    }
  }

  /**
   * Reads events with afterSeq < seq <= throughSeq in pages of `pageSize` (keyset on seq, one short
   * binary COPY per page, never one long statement or transaction) and hands each page to `onPage`.
   */
  private async readEvents(afterSeq: number, throughSeq: number, pageSize: number, onPage: (page: EventPage) => Promise<void> | void): Promise<void> {
    // Pages are ranges of `pageSize` sequence numbers (keyset on seq: gaps only make a page smaller), so
    // the next pages can be read on other connections while this one is checked, in order.
    const runners = await Promise.all(
      Array.from({ length: READ_AHEAD }, async () => {
        const runner = this.dataSource.createQueryRunner();
        return { runner, client: (await runner.connect()) as pg.ClientBase };
      }),
    );
    const inFlight: Promise<EventPage>[] = [];
    let nextFrom = afterSeq;
    let turn = 0;
    const launch = () => {
      if (nextFrom >= throughSeq) return;
      const page = readEventPage(runners[turn++ % runners.length]!.client, nextFrom, Math.min(throughSeq, nextFrom + pageSize));
      page.catch(() => undefined); // awaited in order below; never an unhandled rejection meanwhile
      inFlight.push(page);
      nextFrom += pageSize;
    };
    try {
      for (let i = 0; i < READ_AHEAD; i++) launch();
      while (inFlight.length) {
        const page = await inFlight.shift()!;
        launch();
        await onPage(page);
      }
    } finally {
      await Promise.allSettled(inFlight);
      await Promise.all(runners.map(({ runner }) => runner.release()));
    }
  }

  /**
   * Verifies the log in pages: every checkpoint (hash or signed statement, chain, Merkle root, the heads
   * it sealed), then every event (hash over its stored bytes, its columns against those bytes, its chain
   * link), naming each broken event. Covers the checkpoints committed when it starts and the events they
   * could have sealed (seq up to the highest committed then); later appends are left to the next run.
   * With `from`, starts after an earlier verification instead (its checkpoint and events taken as given).
   */
  async verify(options: VerifyOptions = { pageSize: 5_000 }): Promise<VerificationOutcome> {
    const keys = await this.keyMap();
    // Checkpoints first, then the event bound: every event a checkpoint read here sealed is at or below it.
    const [{ latest }]: { latest: string | null }[] = await this.dataSource.query('SELECT max(seq) AS latest FROM audit_checkpoints');
    const latestCheckpoint = Number(latest ?? 0);
    const [{ through }]: { through: string | null }[] = await this.dataSource.query('SELECT max(seq) AS through FROM audit_events');
    const throughEventSeq = Number(through ?? 0);
    let start: VerifiedCheckpoint | undefined;
    let afterEventSeq = 0;
    if (options.from) {
      const [row]: CheckpointRow[] = await this.dataSource.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq = $1`, [options.from.checkpointSeq]);
      if (row) {
        const frontier = row.version === 2 ? Frontier.fromJSON(Number(row.tree_size), row.frontier ?? []) : new Frontier();
        // The stored frontier is not signed: it must give the signed root, or the run starts from the beginning.
        if (row.version !== 2 || frontier.root().toString('hex') === row.root_hash) {
          start = { seq: Number(row.seq), hash: row.hash, treeSize: frontier.size, frontier };
          afterEventSeq = Math.min(options.from.throughEventSeq, throughEventSeq);
        }
      }
    }
    const verifier = new AuditLogVerifier(keys, start);
    const [{ total }]: { total: string }[] = await this.dataSource.query('SELECT count(*) AS total FROM audit_events WHERE seq > $1 AND seq <= $2', [afterEventSeq, throughEventSeq]);
    const eventsTotal = Number(total);
    const progress = async () => options.onProgress?.({ eventsChecked: verifier.eventsChecked, eventsTotal, checkpointsChecked: verifier.checkpointsChecked });
    await this.readCheckpoints(start?.seq ?? 0, latestCheckpoint, (checkpoint) => verifier.checkpoint(checkpoint));
    if (start) {
      // Chains that continue past the earlier run start from their last event it verified…
      const seeds: { target_type: string; target_id: string; chain_seq: number; hash: string }[] = await this.dataSource.query(
        `SELECT t.target_type, t.target_id, l.chain_seq, l.hash
         FROM (SELECT DISTINCT target_type, target_id FROM audit_events WHERE seq > $1 AND seq <= $2) t
         CROSS JOIN LATERAL (SELECT e.chain_seq, e.hash FROM audit_events e
                             WHERE e.target_type = t.target_type AND e.target_id = t.target_id AND e.seq <= $1
                             ORDER BY e.chain_seq DESC LIMIT 1) l`,
        [afterEventSeq, throughEventSeq],
      );
      for (const seed of seeds) verifier.seedChain({ type: seed.target_type, id: seed.target_id }, seed.chain_seq, seed.hash);
      // …and heads the new checkpoints sealed among those events are looked up directly.
      const sealedEarlier: { target_type: string; target_id: string; chain_seq: number; seq: string | null; hash: string | null }[] = await this.dataSource.query(
        `SELECT h.target_type, h.target_id, h.chain_seq, e.seq, e.hash FROM audit_checkpoint_heads h
         JOIN audit_events e ON e.target_type = h.target_type AND e.target_id = h.target_id AND e.chain_seq = h.chain_seq
         WHERE h.checkpoint_seq > $1 AND h.checkpoint_seq <= $2 AND h.event_seq <= $3`,
        [start.seq, latestCheckpoint, afterEventSeq],
      );
      for (const row of sealedEarlier) verifier.confirmSealed(row.target_type, row.target_id, row.chain_seq, Number(row.seq), row.hash!);
    }
    await progress();
    await this.readEvents(afterEventSeq, throughEventSeq, options.pageSize, async (page) => {
      while (page.next()) {
        // Rule-2 events whose hash, columns and link hold take the fast path; anything else gets the
        // verifier's full check, which names what broke.
        const hash = page.rule2Hash();
        if (hash !== null && page.rule2ColumnsMatch() && verifier.linked(page.chainKey(), page.chainSeq(), page.prevHash(), page.seq(), hash)) continue;
        verifier.event(page.event());
      }
      await progress();
    });
    const result = verifier.finish();
    await progress();
    return { ...result, throughEventSeq, fromCheckpointSeq: start?.seq ?? null };
  }

  /**
   * Streams the log as NDJSON lines for the outside verifier: a header, every public key, every checkpoint
   * with its heads, every event (rule 2 with its hashed bytes), and an end line with the counts (a cut
   * export is refused). Bounded like verify(): the checkpoints committed when it starts and the events
   * up to the highest committed then. `write` may wait (back-pressure).
   */
  async exportLog(write: (line: string) => Promise<void> | void, pageSize = 5_000): Promise<{ events: number; checkpoints: number }> {
    const [{ latest }]: { latest: string | null }[] = await this.dataSource.query('SELECT max(seq) AS latest FROM audit_checkpoints');
    const [{ through }]: { through: string | null }[] = await this.dataSource.query('SELECT max(seq) AS through FROM audit_events');
    const latestCheckpoint = Number(latest ?? 0);
    const throughEventSeq = Number(through ?? 0);
    await write(JSON.stringify({ type: 'header', format: EXPORT_FORMAT, throughEventSeq, latestCheckpoint }) + '\n');
    for (const [keyId, publicKey] of await this.keyMap()) await write(JSON.stringify({ type: 'key', keyId, publicKey }) + '\n');
    const checkpoints: StoredCheckpoint[] = [];
    await this.readCheckpoints(0, latestCheckpoint, (checkpoint) => checkpoints.push(checkpoint));
    for (const checkpoint of checkpoints) await write(JSON.stringify({ type: 'checkpoint', ...checkpoint }) + '\n');
    let events = 0;
    await this.readEvents(0, throughEventSeq, pageSize, async (page) => {
      const lines: string[] = [];
      while (page.next()) {
        events++;
        const { canonicalBytes, ...rest } = page.event();
        lines.push(JSON.stringify({ type: 'event', ...rest, ...(canonicalBytes ? { canonical: null, canonicalHex: canonicalBytes.toString('hex') } : {}) }));
      }
      if (lines.length) await write(lines.join('\n') + '\n');
    });
    await write(JSON.stringify({ type: 'end', events, checkpoints: checkpoints.length }) + '\n');
    return { events, checkpoints: checkpoints.length };
  }
}


const compareTargets = (a: AuditTarget, b: AuditTarget) =>
  a.type === b.type ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.type < b.type ? -1 : 1;

/** Audit payloads are stored as JSON; Dates become ISO strings so the hash survives the round trip. */
function toJsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Parses `type:id` (as used by `GET /v1/audit?target=`). */
export function parseAuditTarget(value: string): AuditTarget {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    throw new DomainError('invalid', 'invalid-audit-target', 'target must look like "claim:<id>"', [
      { field: 'target', message: 'expected "<type>:<id>"' },
    ]);
  }
  return { type: value.slice(0, colon), id: value.slice(colon + 1) };
}
