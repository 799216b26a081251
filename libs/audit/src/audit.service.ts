import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type Actor } from '@app/core';
import pg from 'pg';
import { hashCheckpoint, hashEvent, type HashedCheckpointHead, type HashedEvent } from './audit-hash.js';

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

/** An event with its chain link and hash, ready to insert (see {@link AuditService.prepare}). */
export interface PreparedAuditEvent extends Omit<HashedEvent, 'occurredAt'> {
  occurredAt: Date;
  hash: string;
  correlationId: string | null;
}

/**
 * The INSERT of prepared events as one statement taking one jsonb parameter (named by `param`, e.g. `$3`),
 * so that it can also be a data-modifying CTE of a larger statement.
 */
export function auditInsert(events: PreparedAuditEvent[], param: string): { sql: string; value: string } {
  return {
    sql: `INSERT INTO audit_events (seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, before, after, correlation_id)
          SELECT seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, before, after, correlation_id
            FROM jsonb_to_recordset(${param}::jsonb) AS e(seq bigint, occurred_at timestamptz, actor_id text, action text, target_type text,
                 target_id text, chain_seq integer, prev_hash text, hash text, before jsonb, after jsonb, correlation_id text)`,
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
        before: e.before,
        after: e.after,
        correlation_id: e.correlationId,
      })),
    ),
  };
}

const compareTargets = (a: AuditTarget, b: AuditTarget) =>
  a.type === b.type ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.type < b.type ? -1 : 1;

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

export type AuditProblemKind =
  | 'hash-mismatch'
  | 'chain-broken'
  | 'events-missing'
  | 'sealed-event-missing'
  | 'sealed-event-changed'
  | 'checkpoint-hash-mismatch'
  | 'checkpoint-chain-broken';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The event (or, for checkpoint problems, checkpoint) sequence number concerned. */
  seq: number | null;
  target?: AuditTarget;
  chainSeq?: number;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  latestCheckpointSeq: number | null;
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
  before: unknown;
  after: unknown;
  correlation_id: string | null;
}

/** Key of the advisory lock that serialises checkpoints (never the event chains). */
const CHECKPOINT_LOCK_KEY = 7_417_001;

const toView = (row: EventRow): AuditEventView => ({
  seq: Number(row.seq),
  occurredAt: row.occurred_at.toISOString(),
  actorId: row.actor_id,
  action: row.action,
  target: { type: row.target_type, id: row.target_id },
  chainSeq: row.chain_seq,
  prevHash: row.prev_hash,
  hash: row.hash,
  before: row.before,
  after: row.after,
  correlationId: row.correlation_id,
});

const at = (event: HashedEvent) => ({ seq: event.seq, target: { type: event.targetType, id: event.targetId }, chainSeq: event.chainSeq });

/**
 * A timestamptz as text in a UTC session ('2026-01-01 00:00:00.123+00') to the ISO string the event was
 * hashed with: what pg's own parser and Date#toISOString make of it, without building a Date, for the
 * timestamps append writes (years 1000 to 9999); anything else goes through pg's parser as before.
 */
const UTC_TIMESTAMP = /^([1-9]\d{3}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;
const parseTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;
export function utcTimestampToIso(text: string): string {
  const m = UTC_TIMESTAMP.exec(text);
  if (m === null) return parseTimestamptz(text).toISOString();
  const fraction = m[3] === undefined ? '000' : m[3].length >= 3 ? m[3].slice(0, 3) : m[3].padEnd(3, '0');
  return `${m[1]}T${m[2]}.${fraction}Z`;
}

/** Runs one statement and hands each row (the columns' raw text) to onRow as it arrives; keeps none. */
function streamRows(client: pg.ClientBase, text: string, onRow: (fields: (string | null)[]) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const config = { text, rowMode: 'array', types: { getTypeParser: () => (value: string) => value } };
    const query = new pg.Query(config as pg.QueryConfig);
    let rows = 0;
    let failed: unknown = null;
    query.on('row', (fields: (string | null)[]) => {
      if (failed !== null) return;
      try {
        onRow(fields);
        rows++;
      } catch (error) {
        failed = error;
      }
    });
    query.on('error', reject);
    query.on('end', () => (failed === null ? resolve(rows) : reject(failed)));
    void client.query(query);
  });
}

/** The tamper-evident audit log: append inside the caller's transaction, list, checkpoint, verify. */
@Injectable()
export class AuditService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Appends one event inside the caller's transaction (pass its EntityManager), so a change and its
   * audit event commit or roll back together. Only writers on the same target wait for each other.
   */
  async append(manager: EntityManager, input: AppendAuditEvent): Promise<{ seq: number; hash: string }> {
    const [event] = await this.appendMany(manager, [input]);
    return { seq: event!.seq, hash: event!.hash };
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
      const hashed: HashedEvent = {
        seq,
        occurredAt: occurredAt.toISOString(),
        actorId: input.actor.id,
        action: input.action,
        targetType: input.target.type,
        targetId: input.target.id,
        chainSeq: link.chainSeq,
        prevHash: link.prevHash,
        before: input.before === undefined ? null : toJsonValue(input.before),
        after: input.after === undefined ? null : toJsonValue(input.after),
      };
      const event: PreparedAuditEvent = { ...hashed, occurredAt, hash: hashEvent(hashed), correlationId: input.correlationId ?? null };
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
      `SELECT * FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    return rows.map(toView);
  }

  /**
   * Seals every chain head that moved since the previous checkpoint. Run periodically by the worker;
   * a tail cut from a chain after its head was sealed is then detected by verify(). After the first
   * checkpoint it reads only the chains written by transactions at or after the previous checkpoint's
   * horizon (indexed `txid`), not the whole log.
   */
  async checkpoint(): Promise<{ seq: number; headCount: number } | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK_KEY]);
      const [previous]: { seq: string; hash: string; event_horizon_txid: string | null }[] = await manager.query(
        'SELECT seq, hash, event_horizon_txid FROM audit_checkpoints ORDER BY seq DESC LIMIT 1',
      );
      // Read before the heads, by an earlier statement (READ COMMITTED: an older snapshot), so every
      // transaction below this horizon had finished when the heads were read.
      const [{ horizon }]: { horizon: string }[] = await manager.query(
        'SELECT txid_snapshot_xmin(txid_current_snapshot()) AS horizon',
      );
      type Head = { target_type: string; target_id: string; chain_seq: number; seq: string; hash: string };
      const heads: Head[] =
        previous?.event_horizon_txid == null
          ? // No horizon to start from: every head of the log.
            await manager.query(`
              SELECT h.target_type, h.target_id, h.chain_seq, h.seq, h.hash
              FROM (SELECT DISTINCT ON (target_type, target_id) target_type, target_id, chain_seq, seq, hash
                    FROM audit_events ORDER BY target_type, target_id, chain_seq DESC) h
              LEFT JOIN (SELECT DISTINCT ON (target_type, target_id) target_type, target_id, chain_seq
                         FROM audit_checkpoint_heads ORDER BY target_type, target_id, checkpoint_seq DESC) sealed
                USING (target_type, target_id)
              WHERE sealed.chain_seq IS NULL OR sealed.chain_seq < h.chain_seq`)
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
              [previous.event_horizon_txid],
            );
      if (heads.length === 0) return null;
      const [{ seq: nextSeq }]: { seq: string }[] = await manager.query(
        `SELECT nextval(pg_get_serial_sequence('audit_checkpoints', 'seq')) AS seq`,
      );
      const seq = Number(nextSeq);
      const createdAt = new Date();
      const hashedHeads: HashedCheckpointHead[] = heads.map((h) => ({
        targetType: h.target_type,
        targetId: h.target_id,
        chainSeq: h.chain_seq,
        eventSeq: Number(h.seq),
        eventHash: h.hash,
      }));
      const maxEventSeq = hashedHeads.reduce((max, h) => Math.max(max, h.eventSeq), 0);
      const hash = hashCheckpoint({
        seq,
        createdAt: createdAt.toISOString(),
        headCount: heads.length,
        maxEventSeq,
        prevHash: previous?.hash ?? null,
        heads: hashedHeads,
      });
      await manager.query(
        `INSERT INTO audit_checkpoints (seq, created_at, head_count, max_event_seq, prev_hash, hash, event_horizon_txid)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [seq, createdAt, heads.length, maxEventSeq, previous?.hash ?? null, hash, horizon],
      );
      await manager.query(
        `INSERT INTO audit_checkpoint_heads (checkpoint_seq, target_type, target_id, chain_seq, event_seq, event_hash)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[], $6::text[])`,
        [
          seq,
          hashedHeads.map((h) => h.targetType),
          hashedHeads.map((h) => h.targetId),
          hashedHeads.map((h) => h.chainSeq),
          hashedHeads.map((h) => h.eventSeq),
          hashedHeads.map((h) => h.eventHash),
        ],
      );
      return { seq, headCount: heads.length };
    });
  }

  /**
   * Recomputes every event hash and chain link, then every checkpoint, and names each broken event:
   * changed (hash mismatch), removed from the middle or reordered (chain broken / events missing), or
   * cut from the tail of a chain after a checkpoint sealed it (sealed event missing).
   */
  async verify(): Promise<AuditVerification> {
    const problems: AuditProblem[] = [];
    // One connection and one snapshot for the events and the checkpoints; timestamps as UTC text.
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as pg.ClientBase;
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query(`SET LOCAL TimeZone = 'UTC'`);
      const eventsChecked = await this.verifyEvents(client, problems);
      const checkpoints = await this.verifyCheckpoints(runner.manager, problems);
      await runner.commitTransaction();
      return {
        ok: problems.length === 0,
        eventsChecked,
        checkpointsChecked: checkpoints.count,
        latestCheckpointSeq: checkpoints.latest,
        problems,
      };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /**
   * Streams every event in chain order (one statement, rows handled as they arrive, never held) and
   * checks each hash and link in one tight loop over the raw column text.
   */
  private async verifyEvents(client: pg.ClientBase, problems: AuditProblem[]): Promise<number> {
    let eventsChecked = 0;
    let lastType: string | null = null;
    let lastId: string | null = null;
    let lastChainSeq = 0;
    let lastHash: string | null = null;
    const event: HashedEvent = { seq: 0, occurredAt: '', actorId: '', action: '', targetType: '', targetId: '', chainSeq: 0, prevHash: null, before: null, after: null };
    await streamRows(
      client,
      `SELECT seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, before, after
       FROM audit_events ORDER BY target_type, target_id, chain_seq`,
      (f) => {
        eventsChecked++;
        const targetType = f[4]!;
        const targetId = f[5]!;
        const chainSeq = Number(f[6]);
        const prevHash = f[7] ?? null;
        const hash = f[8]!;
        event.seq = Number(f[0]);
        event.occurredAt = utcTimestampToIso(f[1]!);
        event.actorId = f[2]!;
        event.action = f[3]!;
        event.targetType = targetType;
        event.targetId = targetId;
        event.chainSeq = chainSeq;
        event.prevHash = prevHash;
        event.before = f[9] === null ? null : JSON.parse(f[9]!);
        event.after = f[10] === null ? null : JSON.parse(f[10]!);
        if (hashEvent(event) !== hash) {
          problems.push({ kind: 'hash-mismatch', ...at(event), detail: 'the stored event does not match its hash: it was changed' });
        }
        const sameChain = lastType === targetType && lastId === targetId;
        const expectedChainSeq = sameChain ? lastChainSeq + 1 : 1;
        const expectedPrev = sameChain ? lastHash : null;
        if (chainSeq !== expectedChainSeq) {
          problems.push({
            kind: 'events-missing',
            ...at(event),
            detail: `chain position ${expectedChainSeq} to ${chainSeq - 1} of this target are missing before this event`,
          });
        } else if (prevHash !== expectedPrev) {
          problems.push({ kind: 'chain-broken', ...at(event), detail: 'prev_hash does not match the previous event of this target' });
        }
        lastType = targetType;
        lastId = targetId;
        lastChainSeq = chainSeq;
        lastHash = hash;
      },
    );
    return eventsChecked;
  }

  private async verifyCheckpoints(manager: EntityManager, problems: AuditProblem[]): Promise<{ count: number; latest: number | null }> {
    const checkpoints: { seq: string; created_at: Date; head_count: number; max_event_seq: string | null; prev_hash: string | null; hash: string }[] =
      await manager.query('SELECT seq, created_at, head_count, max_event_seq, prev_hash, hash FROM audit_checkpoints ORDER BY seq');
    let previousHash: string | null = null;
    for (const checkpoint of checkpoints) {
      const seq = Number(checkpoint.seq);
      const heads: { target_type: string; target_id: string; chain_seq: number; event_seq: string; event_hash: string; found_seq: string | null; found_hash: string | null }[] =
        await manager.query(
          `SELECT h.target_type, h.target_id, h.chain_seq, h.event_seq, h.event_hash, e.seq AS found_seq, e.hash AS found_hash
           FROM audit_checkpoint_heads h
           LEFT JOIN audit_events e ON e.target_type = h.target_type AND e.target_id = h.target_id AND e.chain_seq = h.chain_seq
           WHERE h.checkpoint_seq = $1`,
          [seq],
        );
      const expected = hashCheckpoint({
        seq,
        createdAt: checkpoint.created_at.toISOString(),
        headCount: checkpoint.head_count,
        maxEventSeq: checkpoint.max_event_seq === null ? null : Number(checkpoint.max_event_seq),
        prevHash: checkpoint.prev_hash,
        heads: heads.map((h) => ({
          targetType: h.target_type,
          targetId: h.target_id,
          chainSeq: h.chain_seq,
          eventSeq: Number(h.event_seq),
          eventHash: h.event_hash,
        })),
      });
      if (expected !== checkpoint.hash) {
        problems.push({ kind: 'checkpoint-hash-mismatch', seq, detail: `checkpoint ${seq} does not match its hash` });
      }
      if (checkpoint.prev_hash !== previousHash) {
        problems.push({ kind: 'checkpoint-chain-broken', seq, detail: `checkpoint ${seq} does not link to the checkpoint before it` });
      }
      previousHash = checkpoint.hash;
      for (const head of heads) {
        const at = { seq: Number(head.event_seq), target: { type: head.target_type, id: head.target_id }, chainSeq: head.chain_seq };
        if (head.found_seq === null) {
          problems.push({ kind: 'sealed-event-missing', ...at, detail: `sealed by checkpoint ${seq} but no longer in the log (tail cut)` });
        } else if (head.found_hash !== head.event_hash) {
          problems.push({ kind: 'sealed-event-changed', ...at, detail: `differs from the hash sealed by checkpoint ${seq}` });
        }
      }
    }
    return { count: checkpoints.length, latest: checkpoints.length ? Number(checkpoints[checkpoints.length - 1]!.seq) : null };
  }
}

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
