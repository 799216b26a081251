import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '@app/core';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from '@app/schema';
import { createTestDatabase, databaseUrl, withAdminClient, type TestDatabase } from '@app/testing';
import { canonicalEventV2, hashCheckpoint, hashEvent, sha256Hex } from './audit-hash.js';
import { AuditService, type AuditTarget } from './audit.service.js';
import type { AuditProblem } from './audit-verifier.js';
import type { SignedCheckpoint } from './checkpoint-statement.js';
import { OfflineInputError, verifyExport } from './offline-verify.js';
import { AuditSigningKey } from './signing-key.js';

// Randomised tamper trials on copies of one populated log: each trial clones the log (CREATE DATABASE …
// TEMPLATE), does what a superuser could do behind the triggers, then asks the desk's verification and
// the outside verifier (export + kept checkpoints, no database) what broke. The seed is in each test's
// name; AUDIT_TAMPER_SEED=<n> replays one.
const SEED = Number(process.env.AUDIT_TAMPER_SEED ?? Math.floor(Math.random() * 2 ** 31));
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const editor: Actor = { id: 'u-editor', roles: ['editor'] };
const claim = (id: string): AuditTarget => ({ type: 'claim', id });
const key = AuditSigningKey.generate();
const otherKey = AuditSigningKey.generate();
const auditorKeys = new Map([[key.keyId, key.publicKeyPem]]);

interface Populated {
  /** The whole log; and a backup taken before its newest checkpoint (for the rewind trial). */
  db: TestDatabase;
  backup: TestDatabase;
  /** Checkpoints an auditor kept: one published before the newest, and the newest. */
  keptEarlier: SignedCheckpoint;
  keptNewest: SignedCheckpoint;
  /** Events by target, in chain order: their seq and whether a checkpoint sealed them. */
  chains: Map<string, { seq: number; sealed: boolean; version: number }[]>;
}
let populated: Populated;

async function open(url: string): Promise<{ dataSource: DataSource; audit: AuditService }> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, SCHEMA, 4), logging: false });
  await dataSource.initialize();
  return { dataSource, audit: new AuditService(dataSource, key) };
}

async function appendTo(dataSource: DataSource, audit: AuditService, target: AuditTarget, n: number) {
  for (let i = 0; i < n; i++) {
    await dataSource.transaction((manager) =>
      audit.append(manager, { actor: editor, action: 'claim.updated', target, after: { note: `${target.id} ${randomBytes(3).toString('hex')}`, statement: 'عقد الاجتماع في 12 نوفمبر' }, correlationId: `req-${i}` }),
    );
  }
}

/** Events written under hash rule 1 before rule 2 existed, sealed by a rule-1 checkpoint: they must still verify. */
async function writeRuleOneHistory(dataSource: DataSource) {
  const heads = [];
  for (const id of ['legacy-1', 'legacy-2']) {
    let prevHash: string | null = null;
    for (let chainSeq = 1; chainSeq <= 3; chainSeq++) {
      const [{ seq }] = await dataSource.query(`SELECT nextval(pg_get_serial_sequence('audit_events', 'seq')) AS seq`);
      const event = {
        seq: Number(seq),
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, chainSeq)).toISOString(),
        actorId: editor.id,
        action: 'claim.updated',
        targetType: 'claim',
        targetId: id,
        chainSeq,
        prevHash,
        before: chainSeq > 1 ? { step: chainSeq - 1 } : null,
        after: { step: chainSeq },
      };
      const hash = hashEvent(event);
      await dataSource.query(
        `INSERT INTO audit_events (seq, occurred_at, actor_id, action, target_type, target_id, chain_seq, prev_hash, hash, before, after, hash_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)`,
        [event.seq, event.occurredAt, event.actorId, event.action, 'claim', id, chainSeq, prevHash, hash, JSON.stringify(event.before), JSON.stringify(event.after)],
      );
      prevHash = hash;
      if (chainSeq === 3) heads.push({ targetType: 'claim', targetId: id, chainSeq, eventSeq: event.seq, eventHash: hash });
    }
  }
  const createdAt = new Date(Date.UTC(2026, 0, 1, 0, 1)).toISOString();
  const maxEventSeq = Math.max(...heads.map((h) => h.eventSeq));
  const hash = hashCheckpoint({ seq: 1, createdAt, headCount: 2, maxEventSeq, prevHash: null, heads });
  await dataSource.query(`SELECT setval(pg_get_serial_sequence('audit_checkpoints', 'seq'), 1)`);
  await dataSource.query('INSERT INTO audit_checkpoints (seq, created_at, head_count, max_event_seq, prev_hash, hash) VALUES (1, $1, 2, $2, NULL, $3)', [createdAt, maxEventSeq, hash]);
  for (const h of heads) {
    await dataSource.query('INSERT INTO audit_checkpoint_heads (checkpoint_seq, target_type, target_id, chain_seq, event_seq, event_hash) VALUES (1, $1, $2, $3, $4, $5)', [
      h.targetType,
      h.targetId,
      h.chainSeq,
      h.eventSeq,
      h.eventHash,
    ]);
  }
}

async function cloneOf(source: TestDatabase): Promise<TestDatabase> {
  const name = `fc_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${source.name}`));
  return { name, url: databaseUrl(name), drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

beforeAll(async () => {
  const db = await createTestDatabase();
  const { dataSource, audit } = await open(db.url);
  await writeRuleOneHistory(dataSource);
  const targets = ['a', 'b', 'c', 'd', 'e', 'f'].map(claim);
  for (const target of targets) await appendTo(dataSource, audit, target, 3);
  await appendTo(dataSource, audit, claim('legacy-1'), 1); // a rule-1 chain continued under rule 2
  await audit.checkpoint(); // 2: the first signed one seals every head
  for (const target of targets.slice(0, 4)) await appendTo(dataSource, audit, target, 2);
  await audit.checkpoint(); // 3
  const keptEarlier = (await audit.signedCheckpoint('latest'))!;
  for (const target of targets.slice(2)) await appendTo(dataSource, audit, target, 2);
  await appendTo(dataSource, audit, claim('g'), 2);
  await dataSource.destroy();
  const backup = await cloneOf(db);
  const reopened = await open(db.url);
  await reopened.audit.checkpoint(); // 4, the newest
  const keptNewest = (await reopened.audit.signedCheckpoint('latest'))!;
  // An unsealed tail: events after the newest checkpoint.
  for (const target of [claim('a'), claim('f')]) await appendTo(reopened.dataSource, reopened.audit, target, 1);
  const rows: { seq: string; target_id: string; hash_version: number; sealed: boolean }[] = await reopened.dataSource.query(
    `SELECT e.seq, e.target_id, e.hash_version,
            EXISTS (SELECT 1 FROM audit_checkpoint_heads h WHERE h.target_type = e.target_type AND h.target_id = e.target_id AND h.chain_seq >= e.chain_seq) AS sealed
     FROM audit_events e ORDER BY e.target_id, e.chain_seq`,
  );
  const chains = new Map<string, { seq: number; sealed: boolean; version: number }[]>();
  for (const row of rows) chains.set(row.target_id, [...(chains.get(row.target_id) ?? []), { seq: Number(row.seq), sealed: row.sealed, version: row.hash_version }]);
  await reopened.dataSource.destroy();
  populated = { db, backup, keptEarlier, keptNewest, chains };
}, 120_000);

afterAll(async () => {
  await populated?.db.drop();
  await populated?.backup.drop();
});

interface Outcome {
  desk: AuditProblem[];
  /** The outside verifier on the export with no kept checkpoint, then against what the auditor kept. */
  offline: AuditProblem[];
  kept: AuditProblem[];
}

/** Clones the log, tampers as a superuser (triggers off), and runs both verifications. */
async function trial(
  tamper: (run: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<unknown>,
  options: { source?: TestDatabase; afterwards?: (audit: AuditService) => Promise<unknown> } = {},
): Promise<Outcome> {
  const source = options.source ?? populated.db;
  const db = await cloneOf(source);
  const { dataSource, audit } = await open(db.url);
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SET LOCAL session_replication_role = replica');
    await tamper((sql, params) => runner.query(sql, params));
    await runner.commitTransaction();
    await runner.release();
    await options.afterwards?.(audit);
    const desk = await audit.verify({ pageSize: 7 });
    const lines: string[] = [];
    await audit.exportLog((chunk) => void lines.push(...chunk.split('\n')), 7);
    const offline = await verifyExport(lines, auditorKeys);
    const kept = await verifyExport(lines, auditorKeys, [populated.keptEarlier, populated.keptNewest]);
    return { desk: desk.problems, offline: offline.problems, kept: kept.problems };
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

const kinds = (problems: AuditProblem[]) => [...new Set(problems.map((p) => p.kind))].sort();
const at = (problems: AuditProblem[], seq: number) => problems.filter((p) => p.seq === seq).map((p) => p.kind);

/** The desk and the outside verifier (without kept checkpoints) name the same problems. */
function expectAgreement(outcome: Outcome) {
  const key = (p: AuditProblem) => `${p.kind} ${p.seq} ${p.target?.id ?? ''} ${p.chainSeq ?? ''}`;
  expect(outcome.offline.map(key).sort()).toEqual(outcome.desk.map(key).sort());
}

const chainOf = (id: string) => populated.chains.get(id)!;
const ruleTwoTargets = ['a', 'b', 'c', 'd', 'e', 'f'];

describe(`tamper trials (seed ${SEED})`, () => {
  it('the untouched copy verifies at the desk and outside, against both kept checkpoints, with rule-1 history in it', async () => {
    const outcome = await trial(async () => undefined);
    expect(outcome).toEqual({ desk: [], offline: [], kept: [] });
    expect([...populated.chains.values()].flat().filter((e) => e.version === 1)).toHaveLength(6);
  });

  const COLUMNS: { column: string; change: string; ruleOne?: boolean }[] = [
    { column: 'action', change: `action = action || '.forged'`, ruleOne: true },
    { column: 'actor_id', change: `actor_id = 'mallory'`, ruleOne: true },
    { column: 'occurred_at', change: `occurred_at = occurred_at + interval '3 seconds'`, ruleOne: true },
    { column: 'target_type', change: `target_type = 'article'`, ruleOne: true },
    { column: 'correlation_id', change: `correlation_id = 'forged'` },
    { column: 'hash', change: `hash = md5(hash) || md5(hash)`, ruleOne: true },
    { column: 'prev_hash', change: `prev_hash = md5(seq::text) || md5(seq::text)` },
    { column: 'chain_seq', change: `chain_seq = chain_seq + 1000`, ruleOne: true },
    { column: 'hash_version', change: `hash_version = 3 - hash_version`, ruleOne: true },
    { column: 'canonical', change: `canonical = overlay(canonical placing '\\x58'::bytea from 12 for 1)` },
    { column: 'canonical (not UTF-8 any more)', change: `canonical = overlay(canonical placing '\\xff'::bytea from 12 for 1)` },
    { column: 'after', change: `after = '{"note":"forged"}'`, ruleOne: true },
    { column: 'before', change: `before = '{"note":"forged"}'`, ruleOne: true },
  ];

  it.each(Array.from({ length: 16 }, (_, i) => ((c) => [i + 1, c.column, c] as const)(pick(COLUMNS))))(
    'trial %i: changing the column %s of a random event is named at that event, by the desk and outside alike',
    async (_i, _column, { change, ruleOne }) => {
      const target = ruleOne && random() < 0.3 ? pick(['legacy-1', 'legacy-2']) : pick(ruleTwoTargets);
      const event = pick(chainOf(target).filter((e) => ruleOne || e.version === 2));
      const outcome = await trial((run) => run(`UPDATE audit_events SET ${change} WHERE seq = $1`, [event.seq]));
      expect(at(outcome.desk, event.seq).length).toBeGreaterThan(0);
      expectAgreement(outcome);
    },
  );

  it.each(Array.from({ length: 4 }, (_, i) => [i + 1] as const))('trial %i: deleting a middle event of a random chain is events-missing on the event after it', async () => {
    const chain = chainOf(pick(ruleTwoTargets));
    const index = 1 + Math.floor(random() * (chain.length - 2));
    const outcome = await trial((run) => run('DELETE FROM audit_events WHERE seq = $1', [chain[index]!.seq]));
    expect(at(outcome.desk, chain[index + 1]!.seq)).toContain('events-missing');
    expectAgreement(outcome);
  });

  it('deleting the first event of a chain is events-missing on the new first', async () => {
    const chain = chainOf(pick(ruleTwoTargets));
    const outcome = await trial((run) => run('DELETE FROM audit_events WHERE seq = $1', [chain[0]!.seq]));
    expect(at(outcome.desk, chain[1]!.seq)).toContain('events-missing');
    expectAgreement(outcome);
  });

  it('deleting the newest events of a chain that a checkpoint sealed is sealed-event-missing', async () => {
    const chain = chainOf(pick(['b', 'c', 'd', 'e']));
    const sealedTail = chain.filter((e) => e.sealed).slice(-2);
    const outcome = await trial((run) => run('DELETE FROM audit_events WHERE seq = ANY($1)', [sealedTail.map((e) => e.seq)]));
    expect(kinds(outcome.desk)).toEqual(['sealed-event-missing']);
    expectAgreement(outcome);
  });

  it('swapping the sequence numbers of two events of a chain is named at both', async () => {
    const chain = chainOf(pick(ruleTwoTargets));
    const [x, y] = [chain[1]!.seq, chain[2]!.seq];
    const outcome = await trial(async (run) => {
      await run('UPDATE audit_events SET seq = -1 WHERE seq = $1', [x]);
      await run('UPDATE audit_events SET seq = $1 WHERE seq = $2', [x, y]);
      await run('UPDATE audit_events SET seq = $1 WHERE seq = -1', [y]);
    });
    expect(at(outcome.desk, x).length).toBeGreaterThan(0);
    expect(at(outcome.desk, y).length).toBeGreaterThan(0);
    expectAgreement(outcome);
  });

  it('rewriting a whole chain and re-hashing it is sealed-event-changed where checkpoints sealed it', async () => {
    const id = pick(ruleTwoTargets);
    const outcome = await trial(async (run) => {
      const rows = (await run(`SELECT seq, convert_from(canonical, 'UTF8') AS text FROM audit_events WHERE target_id = $1 ORDER BY chain_seq`, [id])) as { seq: string; text: string }[];
      let prevHash: string | null = null;
      for (const row of rows) {
        const forged = canonicalEventV2({ ...JSON.parse(row.text), prevHash, after: { note: 'rewritten' } });
        await run(`UPDATE audit_events SET canonical = convert_to($2, 'UTF8'), hash = $3, prev_hash = $4 WHERE seq = $1`, [row.seq, forged, sha256Hex(forged), prevHash]);
        prevHash = sha256Hex(forged);
      }
    });
    expect(kinds(outcome.desk)).toEqual(['sealed-event-changed']);
    expectAgreement(outcome);
  });

  it('altering the newest checkpoint is caught by the desk (hash, signature)', async () => {
    const change = pick([`root_hash = md5(root_hash) || md5(root_hash)`, `created_at = created_at - interval '1 hour'`, `statement = convert_to(replace(convert_from(statement, 'UTF8'), '"treeSize":', '"treeSize":1'), 'UTF8')`]);
    const outcome = await trial((run) => run(`UPDATE audit_checkpoints SET ${change} WHERE seq = $1`, [populated.keptNewest.number]));
    expect(outcome.desk.some((p) => p.seq === populated.keptNewest.number && p.kind.startsWith('checkpoint-'))).toBe(true);
    expect(outcome.kept.some((p) => p.seq === populated.keptNewest.number)).toBe(true);
    expectAgreement(outcome);
  });

  describe('what the log alone cannot catch, and a kept checkpoint does', () => {
    it('deleting the newest checkpoint with the events only it sealed', async () => {
      const onlyNewest: number[] = (
        await (async () => {
          const { dataSource } = await open(populated.db.url);
          try {
            return (await dataSource.query(
              `SELECT e.seq FROM audit_events e JOIN audit_checkpoint_heads h ON h.checkpoint_seq = $1 AND h.target_type = e.target_type AND h.target_id = e.target_id
               WHERE e.chain_seq > coalesce((SELECT max(p.chain_seq) FROM audit_checkpoint_heads p WHERE p.checkpoint_seq < $1 AND p.target_type = e.target_type AND p.target_id = e.target_id), 0)`,
              [populated.keptNewest.number],
            )) as { seq: string }[];
          } finally {
            await dataSource.destroy();
          }
        })()
      ).map((row) => Number(row.seq));
      expect(onlyNewest.length).toBeGreaterThan(0);
      const outcome = await trial(async (run) => {
        await run('DELETE FROM audit_checkpoint_heads WHERE checkpoint_seq = $1', [populated.keptNewest.number]);
        await run('DELETE FROM audit_checkpoints WHERE seq = $1', [populated.keptNewest.number]);
        // The unsealed tail after it too, or its broken links would give the deletion away.
        await run('DELETE FROM audit_events WHERE seq = ANY($1) OR seq > $2', [onlyNewest, Math.max(...onlyNewest)]);
      });
      expect(outcome.desk).toEqual([]);
      expect(outcome.offline).toEqual([]);
      expect(kinds(outcome.kept)).toEqual(['kept-checkpoint-missing']);
    });

    it('rewinding the database to an older backup', async () => {
      const outcome = await trial(async () => undefined, { source: populated.backup });
      expect(outcome.desk).toEqual([]);
      expect(outcome.offline).toEqual([]);
      expect(outcome.kept.map((p) => [p.kind, p.seq])).toEqual([['kept-checkpoint-missing', populated.keptNewest.number]]);
    });

    it('rewriting sealed history and re-signing fresh checkpoints with the desk’s own key (an insider holding it)', async () => {
      const id = pick(['c', 'd', 'e', 'f']);
      const outcome = await trial(
        async (run) => {
        // Drop every checkpoint after the first signed one and rewrite the chain past its seal there.
        const [{ sealed }] = (await run(`SELECT chain_seq AS sealed FROM audit_checkpoint_heads WHERE checkpoint_seq = 2 AND target_id = $1`, [id])) as { sealed: number }[];
        await run('DELETE FROM audit_checkpoint_heads WHERE checkpoint_seq > 2');
        await run('DELETE FROM audit_checkpoints WHERE seq > 2');
        const rows = (await run(`SELECT seq, hash, chain_seq, convert_from(canonical, 'UTF8') AS text FROM audit_events WHERE target_id = $1 ORDER BY chain_seq`, [id])) as {
          seq: string;
          hash: string;
          chain_seq: number;
          text: string;
        }[];
        let prevHash = rows.find((row) => row.chain_seq === sealed)!.hash;
        for (const row of rows.filter((r) => r.chain_seq > sealed)) {
          const forged = canonicalEventV2({ ...JSON.parse(row.text), prevHash, after: { note: 'history rewritten' } });
          await run(`UPDATE audit_events SET canonical = convert_to($2, 'UTF8'), hash = $3, prev_hash = $4 WHERE seq = $1`, [row.seq, forged, sha256Hex(forged), prevHash]);
          prevHash = sha256Hex(forged);
        }
        },
        // …then let the desk seal the rewritten heads into fresh checkpoints, signed with its own key.
        { afterwards: (audit) => audit.checkpoint() },
      );
      // Every signature is the desk's own and every link holds: its own check cannot tell.
      expect(outcome.desk).toEqual([]);
      expect(kinds(outcome.kept)).toEqual(['kept-checkpoint-missing']);
    });
  });

  it('what nothing can detect: the newest events of a chain that no checkpoint sealed yet', async () => {
    const tail = chainOf(pick(['a', 'f'])).filter((e) => !e.sealed);
    expect(tail.length).toBeGreaterThan(0);
    const outcome = await trial((run) => run('DELETE FROM audit_events WHERE seq = ANY($1)', [tail.map((e) => e.seq)]));
    expect(outcome).toEqual({ desk: [], offline: [], kept: [] });
  });

  describe('signatures', () => {
    it('a checkpoint signed with another key is refused, even when that key is slipped into the desk’s key table', async () => {
      const outcome = await trial(async (run) => {
        const [{ text }] = (await run(`SELECT convert_from(statement, 'UTF8') AS text FROM audit_checkpoints WHERE seq = $1`, [populated.keptEarlier.number])) as { text: string }[];
        const forged = text.replace(`"keyId":"${key.keyId}"`, `"keyId":"${otherKey.keyId}"`);
        await run(`INSERT INTO audit_signing_keys (key_id, public_key) VALUES ($1, $2)`, [otherKey.keyId, otherKey.publicKeyPem]);
        await run(`UPDATE audit_checkpoints SET statement = convert_to($2, 'UTF8'), hash = $3, key_id = $4, signature = $5 WHERE seq = $1`, [
          populated.keptEarlier.number,
          forged,
          sha256Hex(forged),
          otherKey.keyId,
          otherKey.sign(Buffer.from(forged)),
        ]);
      });
      // The desk trusts its own key table, so only the next checkpoint's link gives it away there…
      expect(at(outcome.desk, populated.keptEarlier.number + 1)).toContain('checkpoint-chain-broken');
      // …while the auditor, holding only the desk's real key, refuses the signature itself.
      expect(at(outcome.offline, populated.keptEarlier.number)).toContain('checkpoint-signature-invalid');
    });

    it('one flipped bit in a stored signature is refused by the desk and outside', async () => {
      const signature = Buffer.from(populated.keptEarlier.signature, 'base64');
      signature[Math.floor(random() * signature.length)]! ^= 1 << Math.floor(random() * 8);
      const outcome = await trial((run) => run(`UPDATE audit_checkpoints SET signature = $2 WHERE seq = $1`, [populated.keptEarlier.number, signature.toString('base64')]));
      expect(outcome.desk.map((p) => [p.kind, p.seq])).toEqual([['checkpoint-signature-invalid', populated.keptEarlier.number]]);
      expectAgreement(outcome);
    });

    it('a kept checkpoint with one flipped bit, or signed by another key, is refused by the outside verifier', async () => {
      const lines: string[] = [];
      const { dataSource, audit } = await open(populated.db.url);
      try {
        await audit.exportLog((chunk) => void lines.push(...chunk.split('\n')));
      } finally {
        await dataSource.destroy();
      }
      const signature = Buffer.from(populated.keptNewest.signature, 'base64');
      signature[0]! ^= 1;
      await expect(verifyExport(lines, auditorKeys, [{ ...populated.keptNewest, signature: signature.toString('base64') }])).rejects.toThrow(OfflineInputError);
      const statement = populated.keptNewest.statement.replace(key.keyId, otherKey.keyId);
      await expect(verifyExport(lines, auditorKeys, [{ ...populated.keptNewest, statement, signature: otherKey.sign(Buffer.from(statement)) }])).rejects.toThrow(/not validly signed/);
      expect((await verifyExport(lines, auditorKeys, [populated.keptNewest])).ok).toBe(true);
    });
  });

  it('a cut export is refused as incomplete', async () => {
    const lines: string[] = [];
    const { dataSource, audit } = await open(populated.db.url);
    try {
      await audit.exportLog((chunk) => void lines.push(...chunk.split('\n').filter(Boolean)));
    } finally {
      await dataSource.destroy();
    }
    expect(kinds((await verifyExport(lines.slice(0, -3), auditorKeys)).problems)).toEqual(['export-incomplete']);
  });
});
