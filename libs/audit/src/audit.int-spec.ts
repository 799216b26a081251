import { DataSource, type QueryRunner } from 'typeorm';
import type { Actor } from '@app/core';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from '@app/schema';
import { createTestDatabase, type TestDatabase } from '@app/testing';
import { canonicalEventV2, sha256Hex } from './audit-hash.js';
import { AuditService, type AuditTarget, type AuditVerification } from './audit.service.js';
import { AuditSigningKey } from './signing-key.js';

const editor: Actor = { id: 'u1', roles: ['editor'] };
const checker: Actor = { id: 'u2', roles: ['checker'] };
const claim = (id: string): AuditTarget => ({ type: 'claim', id });

interface Context {
  db: TestDatabase;
  dataSource: DataSource;
  audit: AuditService;
}

// Every test gets its own database (a clone of the migrated template), so a tampered log never leaks
// into the next test's verify().
let ctx: Context;

beforeEach(async () => {
  const db = await createTestDatabase();
  // logging off: the refused statements below are expected, and TypeORM would print each one.
  const dataSource = new DataSource({ ...dataSourceOptions(db.url, SCHEMA), logging: false });
  try {
    await dataSource.initialize();
  } catch (error) {
    await db.drop();
    throw error;
  }
  ctx = { db, dataSource, audit: new AuditService(dataSource, AuditSigningKey.generate()) };
});

afterEach(async () => {
  if (!ctx) return;
  if (ctx.dataSource.isInitialized) await ctx.dataSource.destroy();
  await ctx.db.drop();
});

interface AppendOptions {
  actor?: Actor;
  action?: string;
  before?: unknown;
  after?: unknown;
  correlationId?: string;
}

function append(target: AuditTarget, options: AppendOptions = {}) {
  return ctx.dataSource.transaction((manager) =>
    ctx.audit.append(manager, {
      actor: options.actor ?? editor,
      action: options.action ?? 'claim.updated',
      target,
      before: options.before,
      after: options.after,
      correlationId: options.correlationId,
    }),
  );
}

/** Appends `count` events to one target, one transaction each, and returns their seqs in chain order. */
async function appendChain(target: AuditTarget, count: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 1; i <= count; i++) {
    const { seq } = await append(target, { before: i === 1 ? null : { step: i - 1 }, after: { step: i, note: `${target.id} #${i}` } });
    seqs.push(seq);
  }
  return seqs;
}

/**
 * What a superuser can do behind the application's back: with session_replication_role = replica the
 * append-only triggers do not fire. Runs on one dedicated connection, in one transaction (SET LOCAL),
 * so the setting never reaches a pooled connection.
 */
async function tamper(work: (runner: QueryRunner) => Promise<unknown>): Promise<void> {
  const runner = ctx.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      await runner.query('SET LOCAL session_replication_role = replica');
      await work(runner);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}

/** The problems of a verification, reduced to what a test asserts: kind, seq, and where known target and position. */
const problemsOf = (verification: AuditVerification) =>
  verification.problems
    .map(({ kind, seq, target, chainSeq }) => ({ kind, seq, ...(target ? { target } : {}), ...(chainSeq !== undefined ? { chainSeq } : {}) }))
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.kind.localeCompare(b.kind));

const byProblem = <T extends { kind: string; seq: number | null }>(problems: T[]) =>
  [...problems].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.kind.localeCompare(b.kind));

async function expectIntact(): Promise<AuditVerification> {
  const verification = await ctx.audit.verify();
  expect(verification.problems).toEqual([]);
  expect(verification.ok).toBe(true);
  return verification;
}

async function eventRow(seq: number): Promise<{ chain_seq: number; hash: string; prev_hash: string | null }> {
  const [row] = await ctx.dataSource.query('SELECT chain_seq, hash, prev_hash FROM audit_events WHERE seq = $1', [seq]);
  return row;
}

describe('the audit tables are append-only at the database', () => {
  const tables = [
    { table: 'audit_events', column: 'action', order: 'seq' },
    { table: 'audit_checkpoints', column: 'hash', order: 'seq' },
    { table: 'audit_checkpoint_heads', column: 'event_hash', order: 'checkpoint_seq, target_type, target_id' },
  ];
  const cases = tables.flatMap(({ table, column, order }) => [
    { op: 'UPDATE', table, order, sql: `UPDATE ${table} SET ${column} = 'tampered'` },
    { op: 'DELETE', table, order, sql: `DELETE FROM ${table}` },
    { op: 'TRUNCATE', table, order, sql: `TRUNCATE ${table}` },
  ]);

  it.each(cases)('refuses $op on $table and leaves its rows unchanged', async ({ op, table, order, sql }) => {
    await appendChain(claim('c1'), 2);
    await appendChain(claim('c2'), 1);
    expect(await ctx.audit.checkpoint()).toEqual({ seq: 1, headCount: 2 });
    const snapshot = () => ctx.dataSource.query(`SELECT * FROM ${table} ORDER BY ${order}`);
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);

    await expect(ctx.dataSource.query(sql)).rejects.toThrow(`the audit log is append-only: ${op} on ${table} is refused`);

    expect(await snapshot()).toEqual(before);
    await expectIntact();
  });

  it('refuses the change inside an application transaction too, rolling the transaction back', async () => {
    const [seq] = await appendChain(claim('c1'), 1);
    await expect(
      ctx.dataSource.transaction(async (manager) => {
        await ctx.audit.append(manager, { actor: editor, action: 'claim.updated', target: claim('c1'), after: { step: 2 } });
        await manager.query(`UPDATE audit_events SET after = '{"step":99}' WHERE seq = $1`, [seq]);
      }),
    ).rejects.toThrow(/append-only/);
    const rows: { seq: string }[] = await ctx.dataSource.query('SELECT seq FROM audit_events ORDER BY seq');
    expect(rows.map((row) => Number(row.seq))).toEqual([seq]);
  });
});

describe('verify() names the events a superuser tampered with behind the triggers', () => {
  it('reports hash-mismatch for exactly the event whose payload was altered', async () => {
    const c1 = await appendChain(claim('c1'), 3);
    await appendChain(claim('c2'), 2);
    await expectIntact();

    await tamper((runner) =>
      runner.query(`UPDATE audit_events SET canonical = convert_to(replace(convert_from(canonical, 'UTF8'), 'c1 #2', 'c1 #9'), 'UTF8') WHERE seq = $1`, [c1[1]]),
    );

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(verification.eventsChecked).toBe(5);
    expect(problemsOf(verification)).toEqual([{ kind: 'hash-mismatch', seq: c1[1], target: claim('c1'), chainSeq: 2 }]);
  });

  it('reports events-missing on the event after one deleted from the middle of a chain', async () => {
    await appendChain(claim('c0'), 2);
    const c1 = await appendChain(claim('c1'), 4);
    await appendChain(claim('c2'), 2);
    await expectIntact();

    await tamper((runner) => runner.query('DELETE FROM audit_events WHERE seq = $1', [c1[1]]));

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(verification.eventsChecked).toBe(7);
    expect(problemsOf(verification)).toEqual([{ kind: 'events-missing', seq: c1[2], target: claim('c1'), chainSeq: 3 }]);
    expect(verification.problems[0]!.detail).toContain('chain position 2 to 2');
  });

  it('reports events-missing naming the whole gap when several middle events are deleted', async () => {
    const c1 = await appendChain(claim('c1'), 5);
    await expectIntact();

    await tamper((runner) => runner.query('DELETE FROM audit_events WHERE seq = ANY($1)', [[c1[1], c1[2]]]));

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(problemsOf(verification)).toEqual([{ kind: 'events-missing', seq: c1[3], target: claim('c1'), chainSeq: 4 }]);
    expect(verification.problems[0]!.detail).toContain('chain position 2 to 3');
  });

  it('reports field-mismatch when a rule-2 event gets payload columns beside its hashed bytes', async () => {
    const c1 = await appendChain(claim('c1'), 2);
    await tamper((runner) => runner.query(`UPDATE audit_events SET after = '{"step":2,"note":"rewritten"}' WHERE seq = $1`, [c1[1]]));
    expect(problemsOf(await ctx.audit.verify())).toEqual([{ kind: 'field-mismatch', seq: c1[1], target: claim('c1'), chainSeq: 2 }]);
  });

  it.each([
    ['action', `action = 'claim.deleted'`],
    ['actor_id', `actor_id = 'someone-else'`],
    ['occurred_at', `occurred_at = occurred_at - interval '1 day'`],
    ['correlation_id', `correlation_id = 'forged'`],
  ])('reports field-mismatch when only the column %s of a rule-2 event is changed', async (_column, change) => {
    const c1 = await appendChain(claim('c1'), 2);
    await tamper((runner) => runner.query(`UPDATE audit_events SET ${change} WHERE seq = $1`, [c1[0]]));
    expect(problemsOf(await ctx.audit.verify())).toEqual([{ kind: 'field-mismatch', seq: c1[0], target: claim('c1'), chainSeq: 1 }]);
  });

  it('reports hash-mismatch on both events when two payloads are swapped', async () => {
    const c1 = await appendChain(claim('c1'), 3);
    await expectIntact();

    await tamper(async (runner) => {
      // The payloads live inside the hashed bytes: swap those parts of the two events' bytes.
      const rows: { seq: string; text: string }[] = await runner.query(
        `SELECT seq, convert_from(canonical, 'UTF8') AS text FROM audit_events WHERE seq = ANY($1) ORDER BY seq`,
        [[c1[0], c1[2]]],
      );
      const payload = (text: string) => text.slice(text.indexOf(',"after":'), text.indexOf(',"chainSeq":'));
      const [a, b] = rows as [{ seq: string; text: string }, { seq: string; text: string }];
      await runner.query(`UPDATE audit_events SET canonical = convert_to($2, 'UTF8') WHERE seq = $1`, [a.seq, a.text.replace(payload(a.text), payload(b.text))]);
      await runner.query(`UPDATE audit_events SET canonical = convert_to($2, 'UTF8') WHERE seq = $1`, [b.seq, b.text.replace(payload(b.text), payload(a.text))]);
    });
    const swapped = await ctx.audit.list({ target: claim('c1'), limit: 10 });
    expect(swapped.map((event) => (event.after as { step: number }).step)).toEqual([3, 2, 1]);

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(problemsOf(verification)).toEqual([
      { kind: 'hash-mismatch', seq: c1[0], target: claim('c1'), chainSeq: 1 },
      { kind: 'hash-mismatch', seq: c1[2], target: claim('c1'), chainSeq: 3 },
    ]);
  });

  it('reports a reorder of two events (chain positions swapped) on both events and on the event after them', async () => {
    const c1 = await appendChain(claim('c1'), 4);
    await appendChain(claim('c2'), 1);
    await expectIntact();

    // The unique (target, chain_seq) index forces a three-step swap.
    await tamper(async (runner) => {
      await runner.query('UPDATE audit_events SET chain_seq = -1 WHERE seq = $1', [c1[1]]);
      await runner.query('UPDATE audit_events SET chain_seq = 2 WHERE seq = $1', [c1[2]]);
      await runner.query('UPDATE audit_events SET chain_seq = 3 WHERE seq = $1', [c1[1]]);
    });

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    // In append order: position 3 where 2 was due (2 missing), then 2 after 3, then 4 after 2.
    expect(problemsOf(verification)).toEqual(
      byProblem([
        { kind: 'field-mismatch', seq: c1[1]!, target: claim('c1'), chainSeq: 3 },
        { kind: 'events-missing', seq: c1[1]!, target: claim('c1'), chainSeq: 3 },
        { kind: 'field-mismatch', seq: c1[2]!, target: claim('c1'), chainSeq: 2 },
        { kind: 'chain-broken', seq: c1[2]!, target: claim('c1'), chainSeq: 2 },
        { kind: 'events-missing', seq: c1[3]!, target: claim('c1'), chainSeq: 4 },
      ]),
    );
  });

  it('reports sealed-event-missing naming the sealed head when the tail of a chain is cut after a checkpoint', async () => {
    const c1 = await appendChain(claim('c1'), 4);
    await appendChain(claim('c2'), 2);
    expect(await ctx.audit.checkpoint()).toEqual({ seq: 1, headCount: 2 });
    await expectIntact();

    await tamper((runner) => runner.query('DELETE FROM audit_events WHERE seq = ANY($1)', [[c1[2], c1[3]]]));

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(verification.eventsChecked).toBe(4);
    expect(verification.checkpointsChecked).toBe(1);
    expect(problemsOf(verification)).toEqual([{ kind: 'sealed-event-missing', seq: c1[3], target: claim('c1'), chainSeq: 4 }]);
    expect(verification.problems[0]!.detail).toContain('checkpoint 1');
  });

  it('reports sealed-event-changed when a sealed head is rewritten with a recomputed hash', async () => {
    const c1 = await appendChain(claim('c1'), 2);
    await ctx.audit.checkpoint();
    await expectIntact();

    // A careful forger recomputes the head's bytes and hash, so the event chain alone looks intact.
    const [event] = (await ctx.audit.list({ target: claim('c1'), limit: 10 })).slice(1);
    const forged = canonicalEventV2({ ...event!, targetType: 'claim', targetId: 'c1', after: { step: 2, note: 'forged' } });
    await tamper((runner) =>
      runner.query(`UPDATE audit_events SET canonical = convert_to($2, 'UTF8'), hash = $3 WHERE seq = $1`, [c1[1], forged, sha256Hex(forged)]),
    );

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(problemsOf(verification)).toEqual([{ kind: 'sealed-event-changed', seq: c1[1], target: claim('c1'), chainSeq: 2 }]);
  });

  it('reports checkpoint-hash-mismatch for exactly the checkpoint row that was altered', async () => {
    await appendChain(claim('c1'), 2);
    expect(await ctx.audit.checkpoint()).toEqual({ seq: 1, headCount: 1 });
    await appendChain(claim('c2'), 1);
    expect(await ctx.audit.checkpoint()).toEqual({ seq: 2, headCount: 1 });
    await expectIntact();

    await tamper((runner) => runner.query(`UPDATE audit_checkpoints SET created_at = created_at - interval '1 hour' WHERE seq = 1`));

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(verification.checkpointsChecked).toBe(2);
    expect(problemsOf(verification)).toEqual([{ kind: 'checkpoint-hash-mismatch', seq: 1 }]);
  });

  it.each([
    ['head_count', 'UPDATE audit_checkpoints SET head_count = head_count + 1 WHERE seq = 1'],
    ['max_event_seq', 'UPDATE audit_checkpoints SET max_event_seq = max_event_seq + 100 WHERE seq = 1'],
  ])('reports checkpoint-hash-mismatch when only the checkpoint %s is altered', async (_column, statement) => {
    await appendChain(claim('c1'), 2);
    await ctx.audit.checkpoint();
    await expectIntact();

    await tamper((runner) => runner.query(statement));

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(problemsOf(verification)).toEqual([{ kind: 'checkpoint-hash-mismatch', seq: 1 }]);
  });

  it('reports checkpoint-hash-mismatch when a sealed head is rewritten to hide a cut tail', async () => {
    const c1 = await appendChain(claim('c1'), 3);
    await ctx.audit.checkpoint();
    await expectIntact();
    const second = await eventRow(c1[1]!);

    await tamper(async (runner) => {
      await runner.query('DELETE FROM audit_events WHERE seq = $1', [c1[2]]);
      await runner.query(
        `UPDATE audit_checkpoint_heads SET chain_seq = 2, event_seq = $1, event_hash = $2 WHERE target_type = 'claim' AND target_id = 'c1'`,
        [c1[1], second.hash],
      );
    });

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    // The heads are leaves of the signed tree: the rewritten one no longer gives the signed root.
    expect(problemsOf(verification)).toEqual([{ kind: 'checkpoint-root-mismatch', seq: 1 }]);
  });

  it('reports checkpoint-chain-broken on the checkpoint after one that was deleted', async () => {
    for (const id of ['c1', 'c2', 'c3']) {
      await appendChain(claim(id), 1);
      await ctx.audit.checkpoint();
    }
    await expectIntact();

    await tamper(async (runner) => {
      await runner.query('DELETE FROM audit_checkpoint_heads WHERE checkpoint_seq = 2');
      await runner.query('DELETE FROM audit_checkpoints WHERE seq = 2');
    });

    const verification = await ctx.audit.verify();
    expect(verification.ok).toBe(false);
    expect(verification.checkpointsChecked).toBe(2);
    // Its link is gone, and so are the leaves it appended to the tree.
    expect(problemsOf(verification)).toEqual([
      { kind: 'checkpoint-chain-broken', seq: 3 },
      { kind: 'checkpoint-root-mismatch', seq: 3 },
    ]);
  });
});

describe('concurrent writers', () => {
  async function chains(): Promise<Map<string, { chainSeq: number; seq: number }[]>> {
    const rows: { target_id: string; chain_seq: number; seq: string }[] = await ctx.dataSource.query(
      'SELECT target_id, chain_seq, seq FROM audit_events ORDER BY target_id, chain_seq',
    );
    const byTarget = new Map<string, { chainSeq: number; seq: number }[]>();
    for (const row of rows) {
      const chain = byTarget.get(row.target_id) ?? [];
      chain.push({ chainSeq: row.chain_seq, seq: Number(row.seq) });
      byTarget.set(row.target_id, chain);
    }
    return byTarget;
  }

  const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('50 concurrent transactions over 5 targets (with checkpoints racing them) leave gapless chains that verify', async () => {
    const writes = Array.from({ length: 50 }, (_, i) =>
      append(claim(`t${i % 5}`), { actor: i % 2 ? editor : checker, after: { writer: i } }),
    );
    const checkpoints = [ctx.audit.checkpoint(), ctx.audit.checkpoint(), ctx.audit.checkpoint()];
    const results = await Promise.all(writes);
    await Promise.all(checkpoints);
    await ctx.audit.checkpoint();

    expect(new Set(results.map((r) => r.seq)).size).toBe(50);
    const byTarget = await chains();
    expect([...byTarget.keys()]).toEqual(['t0', 't1', 't2', 't3', 't4']);
    for (const chain of byTarget.values()) {
      expect(chain.map((link) => link.chainSeq)).toEqual(oneTo(10));
      // The chain lock is taken before the seq is drawn, so chain order is also append order.
      const seqs = chain.map((link) => link.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    const verification = await expectIntact();
    expect(verification.eventsChecked).toBe(50);
  });

  it('50 concurrent transactions on 50 distinct targets each start their own chain and verify', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => append(claim(`d${i}`), { after: { writer: i } })));
    expect(new Set(results.map((r) => r.seq)).size).toBe(50);
    const byTarget = await chains();
    expect(byTarget.size).toBe(50);
    for (const chain of byTarget.values()) expect(chain.map((link) => link.chainSeq)).toEqual([1]);
    const [{ n }] = await ctx.dataSource.query('SELECT count(*)::int AS n FROM audit_events WHERE prev_hash IS NOT NULL');
    expect(n).toBe(0);
    const verification = await expectIntact();
    expect(verification.eventsChecked).toBe(50);
  });
});

describe('append()', () => {
  it('leaves no event when its transaction rolls back, and the next append on that target chains onto the last committed event', async () => {
    const committed = await appendChain(claim('c1'), 2);
    let rolledBackSeq = 0;
    await expect(
      ctx.dataSource.transaction(async (manager) => {
        ({ seq: rolledBackSeq } = await ctx.audit.append(manager, { actor: editor, action: 'claim.updated', target: claim('c1'), after: { step: 3 } }));
        throw new Error('the change failed after its audit event was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(rolledBackSeq).toBeGreaterThan(committed[1]!);
    const [{ n }] = await ctx.dataSource.query('SELECT count(*)::int AS n FROM audit_events');
    expect(n).toBe(2);

    const next = await append(claim('c1'), { after: { step: 3 } });
    expect(next.seq).toBeGreaterThan(rolledBackSeq);
    const row = await eventRow(next.seq);
    expect(row.chain_seq).toBe(3);
    expect(row.prev_hash).toBe((await eventRow(committed[1]!)).hash);
    await expectIntact();
  });

  it('throws when not inside a transaction and writes nothing', async () => {
    const input = { actor: editor, action: 'claim.updated', target: claim('c1'), after: { step: 1 } };
    await expect(ctx.audit.append(ctx.dataSource.manager, input)).rejects.toThrow('AuditService.append must run inside a transaction');
    const runner = ctx.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await expect(ctx.audit.append(runner.manager, input)).rejects.toThrow('must run inside a transaction');
    } finally {
      await runner.release();
    }
    const [{ n }] = await ctx.dataSource.query('SELECT count(*)::int AS n FROM audit_events');
    expect(n).toBe(0);
  });

  it('stores payloads with Dates, Arabic text and floats so that they still verify after the JSONB round trip', async () => {
    const when = new Date('2026-11-27T10:00:00.123Z');
    await append(claim('c1'), {
      before: null,
      after: { statement: 'عقد الاجتماع في 12 نوفمبر', dueAt: when, score: 0.1 + 0.2, tiny: 1e-7, nested: { z: [1, { b: 2, a: 1 }], a: true } },
      correlationId: 'req-1',
    });
    const [view] = await ctx.audit.list({ target: claim('c1'), limit: 10 });
    expect(view!.after).toEqual({
      statement: 'عقد الاجتماع في 12 نوفمبر',
      dueAt: '2026-11-27T10:00:00.123Z',
      score: 0.1 + 0.2,
      tiny: 1e-7,
      nested: { z: [1, { b: 2, a: 1 }], a: true },
    });
    expect(view!.correlationId).toBe('req-1');
    await expectIntact();
  });
});

describe('append() with text that needs escaping', () => {
  it('stores the hash canonicalEventV2 recomputes from the stored event, for targets, actors and payloads that need escaping', async () => {
    const odd = { type: 'claim "q"', id: 'c\\1\n\t\u0001 ع 😀 \u2028' };
    const actor: Actor = { id: 'u "x"\u007f', roles: ['editor'] };
    for (let i = 0; i < 3; i++) {
      await append(odd, { actor, action: 'claim.ünï', before: i ? { n: i - 1 } : null, after: { n: i, s: '"\\\u0001\u001f😀', f: 1e21, g: 1e-7, z: { b: [1, { y: 2, x: 1 }], a: null } } });
    }
    const events = await ctx.audit.list({ target: odd, limit: 10 });
    expect(events.map((e) => e.chainSeq)).toEqual([1, 2, 3]);
    for (const e of events) {
      expect(
        sha256Hex(
          canonicalEventV2({
            seq: e.seq,
            occurredAt: e.occurredAt,
            actorId: e.actorId,
            action: e.action,
            targetType: e.target.type,
            targetId: e.target.id,
            chainSeq: e.chainSeq,
            prevHash: e.prevHash,
            before: e.before ?? null,
            after: e.after ?? null,
            correlationId: e.correlationId,
          }),
        ),
      ).toBe(e.hash);
    }
    await expectIntact();
  });
});

describe('appendMany()', () => {
  it('chains several events of one target in input order, next to other targets, in one batch', async () => {
    const [first] = await appendChain(claim('c1'), 1);
    const events = await ctx.dataSource.transaction((manager) =>
      ctx.audit.appendMany(manager, [
        { actor: editor, action: 'claim.updated', target: claim('c2'), after: { step: 1 } },
        { actor: checker, action: 'claim.updated', target: claim('c1'), after: { step: 2 } },
        { actor: editor, action: 'claim.updated', target: claim('c1'), after: { step: 3 } },
      ]),
    );
    expect(events.map((e) => [e.targetId, e.chainSeq])).toEqual([['c2', 1], ['c1', 2], ['c1', 3]]);
    expect(events[1]!.prevHash).toBe((await eventRow(first!)).hash);
    expect(events[2]!.prevHash).toBe(events[1]!.hash);
    expect(events[2]!.seq).toBeGreaterThan(events[1]!.seq);
    const views = await ctx.audit.list({ target: claim('c1'), limit: 10 });
    expect(views.map((v) => [v.chainSeq, v.actorId, v.after])).toEqual([[1, 'u1', { step: 1, note: 'c1 #1' }], [2, 'u2', { step: 2 }], [3, 'u1', { step: 3 }]]);
    await expectIntact();
  });
});

describe('checkpoint()', () => {
  it('seals only the chain heads that moved since the previous checkpoint', async () => {
    expect(await ctx.audit.checkpoint()).toBeNull();
    await appendChain(claim('c1'), 2);
    await appendChain(claim('c2'), 1);
    const c3 = await appendChain(claim('c3'), 1);

    expect(await ctx.audit.checkpoint()).toEqual({ seq: 1, headCount: 3 });
    expect(await ctx.audit.checkpoint()).toBeNull();

    const [moved] = await appendChain(claim('c2'), 1);
    expect(await ctx.audit.checkpoint()).toEqual({ seq: 2, headCount: 1 });
    const heads: { target_id: string; chain_seq: number; event_seq: string }[] = await ctx.dataSource.query(
      'SELECT target_id, chain_seq, event_seq FROM audit_checkpoint_heads WHERE checkpoint_seq = 2',
    );
    expect(heads.map((h) => ({ ...h, event_seq: Number(h.event_seq) }))).toEqual([{ target_id: 'c2', chain_seq: 2, event_seq: moved }]);
    const [second] = await ctx.dataSource.query('SELECT head_count, max_event_seq, prev_hash FROM audit_checkpoints WHERE seq = 2');
    const [first] = await ctx.dataSource.query('SELECT hash FROM audit_checkpoints WHERE seq = 1');
    expect(second).toEqual({ head_count: 1, max_event_seq: String(moved), prev_hash: first.hash });
    expect(Number(c3[0])).toBeLessThan(moved!);

    expect(await ctx.audit.checkpoint()).toBeNull();
    const verification = await expectIntact();
    expect(verification.checkpointsChecked).toBe(2);
    expect(verification.latestCheckpointSeq).toBe(2);
  });
});

describe('checkpoint() after the first one looks only at the chains written since', () => {
  it('still seals an event appended before a checkpoint and committed after it (lower seq than the sealed ones)', async () => {
    await appendChain(claim('c1'), 1);
    expect(await ctx.audit.checkpoint()).toEqual({ seq: 1, headCount: 1 });

    // A writer draws its seq, then commits only after the next checkpoint has run.
    const slow = ctx.dataSource.createQueryRunner();
    await slow.connect();
    let lateSeq = 0;
    try {
      await slow.startTransaction();
      ({ seq: lateSeq } = await ctx.audit.append(slow.manager, { actor: editor, action: 'claim.updated', target: claim('c2'), after: { late: true } }));
      const [c3] = await appendChain(claim('c3'), 1);
      expect(c3).toBeGreaterThan(lateSeq);
      expect(await ctx.audit.checkpoint()).toEqual({ seq: 2, headCount: 1 });
      await slow.commitTransaction();
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
    }

    expect(await ctx.audit.checkpoint()).toEqual({ seq: 3, headCount: 1 });
    const sealed: { target_id: string; event_seq: string }[] = await ctx.dataSource.query(
      'SELECT target_id, event_seq FROM audit_checkpoint_heads WHERE checkpoint_seq = 3',
    );
    expect(sealed).toEqual([{ target_id: 'c2', event_seq: String(lateSeq) }]);
    expect(await ctx.audit.checkpoint()).toBeNull();
    await appendChain(claim('c1'), 1);
    expect(await ctx.audit.checkpoint()).toEqual({ seq: 4, headCount: 1 });
    await expectIntact();
  });
});

describe('list()', () => {
  it('filters by target and by actor, and pages in append order with afterSeq', async () => {
    const seqs = [
      (await append(claim('c1'), { actor: editor, action: 'claim.created' })).seq,
      (await append(claim('c2'), { actor: checker, action: 'claim.created' })).seq,
      (await append(claim('c1'), { actor: checker, action: 'claim.assigned' })).seq,
      (await append({ type: 'article', id: 'c1' }, { actor: editor, action: 'article.created' })).seq,
      (await append(claim('c1'), { actor: editor, action: 'claim.updated', before: { state: 'intake' }, after: { state: 'research' } })).seq,
    ];
    const seqsOf = (views: { seq: number }[]) => views.map((view) => view.seq);

    expect(seqsOf(await ctx.audit.list({ limit: 100 }))).toEqual(seqs);
    const c1 = await ctx.audit.list({ target: claim('c1'), limit: 100 });
    expect(seqsOf(c1)).toEqual([seqs[0], seqs[2], seqs[4]]);
    expect(c1.map((view) => view.chainSeq)).toEqual([1, 2, 3]);
    expect(c1[2]).toMatchObject({
      actorId: 'u1',
      action: 'claim.updated',
      target: claim('c1'),
      before: { state: 'intake' },
      after: { state: 'research' },
      prevHash: c1[1]!.hash,
    });
    expect(seqsOf(await ctx.audit.list({ actorId: 'u2', limit: 100 }))).toEqual([seqs[1], seqs[2]]);
    expect(seqsOf(await ctx.audit.list({ target: claim('c1'), actorId: 'u1', limit: 100 }))).toEqual([seqs[0], seqs[4]]);
    expect(await ctx.audit.list({ actorId: 'nobody', limit: 100 })).toEqual([]);

    const pages: number[][] = [];
    let afterSeq: number | undefined;
    for (;;) {
      const page = await ctx.audit.list({ afterSeq, limit: 2 });
      if (page.length === 0) break;
      pages.push(seqsOf(page));
      afterSeq = page[page.length - 1]!.seq;
    }
    expect(pages).toEqual([[seqs[0], seqs[1]], [seqs[2], seqs[3]], [seqs[4]]]);
    expect(seqsOf(await ctx.audit.list({ target: claim('c1'), afterSeq: seqs[0], limit: 1 }))).toEqual([seqs[2]]);
  });
});

describe('verify() in pages', () => {
  it('reads one page per statement with a tiny page size, reporting progress after each, and finds the same problem as with one page', async () => {
    const c1 = await appendChain(claim('c1'), 4);
    await appendChain(claim('c2'), 3);
    await ctx.audit.checkpoint();
    await tamper((runner) => runner.query(`UPDATE audit_events SET action = 'claim.forged' WHERE seq = $1`, [c1[2]]));
    const progress: number[] = [];
    const paged = await ctx.audit.verify({ pageSize: 1, onProgress: ({ eventsChecked, eventsTotal }) => void progress.push(eventsChecked, eventsTotal) });
    const checked = progress.filter((_, i) => i % 2 === 0);
    // Once after the checkpoints, once per page of one event, once at the end.
    expect(checked).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 7]);
    expect(new Set(progress.filter((_, i) => i % 2 === 1))).toEqual(new Set([7]));
    const whole = await ctx.audit.verify({ pageSize: 1000 });
    expect(problemsOf(paged)).toEqual([{ kind: 'field-mismatch', seq: c1[2], target: claim('c1'), chainSeq: 3 }]);
    expect(problemsOf(whole)).toEqual(problemsOf(paged));
  });
});
