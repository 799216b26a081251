import { AuditService, AuditSigningKey, keyIdOf, verifyExport, type AuditProblem } from '@app/audit';
import { createPublicKey } from 'node:crypto';
import { systemActor } from '@app/core';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

// Verification as a job, end to end: requested over HTTP, run by the worker in pages, one at a time,
// incremental from the last verified checkpoint; the export replayed outside agrees with it.
const KEY = AuditSigningKey.generatePem();
let api: ApiHarness;
let auditor: string;
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  api = await startApi({ AUDIT_SIGNING_KEY: KEY, AUDIT_VERIFY_SYNC_MAX_EVENTS: '30', AUDIT_CHECKPOINT_EVERY_MS: '3600000' });
  auditor = (await api.user(['auditor'])).token;
});
afterAll(async () => {
  await api?.close();
});

async function appendEvents(targets: number, perTarget: number) {
  const audit = api.app.get(AuditService);
  for (let t = 0; t < targets; t++) {
    for (let i = 0; i < perTarget; i++) {
      await api.dataSource.transaction((manager) =>
        audit.append(manager, { actor: systemActor('test'), action: 'claim.updated', target: { type: 'claim', id: `job-${t}` }, after: { i, note: 'عقد الاجتماع' } }),
      );
    }
  }
}

const finished = async (id: string) =>
  waitFor(
    async () => {
      const view = await api.http().get(`/v1/audit/verifications/${id}`).set(as(auditor)).expect(200);
      return view.body.status === 'done' || view.body.status === 'failed' ? view.body : null;
    },
    { timeoutMs: 60_000, what: `verification ${id}` },
  );

describe('audit verification as a job', () => {
  it('queues one verification, refuses a second with 409, then the worker runs it page by page to an ok result', async () => {
    await appendEvents(4, 3);
    await api.app.get(AuditService).checkpoint();
    const started = await api.http().post('/v1/audit/verifications').set(as(auditor)).send({ pageSize: 1 }).expect(202);
    expect(started.body).toMatchObject({ status: 'queued', pageSize: 1, result: null });
    const second = await api.http().post('/v1/audit/verifications').set(as(auditor)).send({}).expect(409);
    expect(second.body).toMatchObject({ code: 'verification-in-progress' });

    await api.startWorker();
    const done = await finished(started.body.id);
    await api.stopWorker();
    const total = await api.dataSource.query('SELECT count(*)::int AS n, max(seq)::int AS max FROM audit_events');
    const [{ latest }] = await api.dataSource.query('SELECT max(seq)::int AS latest FROM audit_checkpoints');
    expect(done).toMatchObject({
      status: 'done',
      result: { ok: true, problemCount: 0, problems: [] },
      progress: { eventsChecked: total[0].n, eventsTotal: total[0].n, checkpointsChecked: 1 },
      coveredCheckpointSeq: latest,
      throughEventSeq: total[0].max,
      fromCheckpointSeq: null,
    });
  });

  it('starts an incremental verification after the checkpoint the last one covered, checking only the newer events', async () => {
    const [{ before }] = await api.dataSource.query('SELECT max(seq)::int AS before FROM audit_events');
    await appendEvents(2, 2);
    await api.app.get(AuditService).checkpoint();
    const started = await api.http().post('/v1/audit/verifications').set(as(auditor)).send({ incremental: true, pageSize: 2 }).expect(202);
    await api.startWorker();
    const done = await finished(started.body.id);
    await api.stopWorker();
    const [{ newer }] = await api.dataSource.query('SELECT count(*)::int AS newer FROM audit_events WHERE seq > $1', [before]);
    expect(done.result).toEqual({ ok: true, problemCount: 0, problems: [] });
    expect(done.fromCheckpointSeq).not.toBeNull();
    expect(done.progress.eventsChecked).toBe(newer);
    expect(done.progress.checkpointsChecked).toBe(1);
  });

  it('names each broken event with its kind, and the export replayed outside the desk names the same', async () => {
    const [{ seq }] = await api.dataSource.query(`SELECT min(seq)::int AS seq FROM audit_events WHERE target_id = 'job-1'`);
    const runner = api.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SET LOCAL session_replication_role = replica');
    await runner.query(`UPDATE audit_events SET actor_id = 'mallory' WHERE seq = $1`, [seq]);
    await runner.commitTransaction();
    await runner.release();

    const started = await api.http().post('/v1/audit/verifications').set(as(auditor)).send({ pageSize: 3 }).expect(202);
    await api.startWorker();
    const done = await finished(started.body.id);
    await api.stopWorker();
    expect(done.result.ok).toBe(false);
    expect(done.result.problems.map((p: AuditProblem) => [p.kind, p.seq])).toEqual([['field-mismatch', seq]]);

    const exported = await api.http().get('/v1/audit/export').set(as(auditor)).buffer(true).parse((res, callback) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => callback(null, text));
    });
    expect(exported.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const keys = await api.http().get('/transparency/public-keys').expect(200);
    const auditorKeys = new Map<string, string>(keys.body.items.map((k: { publicKey: string }) => [keyIdOf(createPublicKey(k.publicKey)), k.publicKey]));
    const latest = await api.http().get('/transparency/checkpoints/latest').expect(200);
    const outside = await verifyExport((exported.body as string).split('\n'), auditorKeys, [latest.body]);
    expect(outside.problems).toEqual(done.result.problems);
    expect(outside.eventsChecked).toBe(done.progress.eventsChecked);
  });

  it('bounds the synchronous GET /v1/audit/verify: a log above AUDIT_VERIFY_SYNC_MAX_EVENTS is a 422 pointing to the job', async () => {
    await appendEvents(1, 20);
    const refused = await api.http().get('/v1/audit/verify').set(as(auditor)).expect(422);
    expect(refused.body).toMatchObject({ code: 'audit-log-too-large' });
    expect(refused.body.detail).toContain('POST /v1/audit/verifications');
  });

  it('answers 404 for an unknown verification and 400 for a bad id or page size', async () => {
    await api.http().get('/v1/audit/verifications/6f1c1c1e-5a4e-4c5f-9d0e-2f3a4b5c6d7e').set(as(auditor)).expect(404);
    await api.http().get('/v1/audit/verifications/not-a-uuid').set(as(auditor)).expect(400);
    const bad = await api.http().post('/v1/audit/verifications').set(as(auditor)).send({ pageSize: 0 }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['pageSize']);
  });
});

describe('the transparency routes', () => {
  it('serve the current key, every key, and signed checkpoints by number with a consistency proof between two', async () => {
    const key = await api.http().get('/transparency/public-key').expect(200);
    expect(key.body.keyId).toBe(AuditSigningKey.fromPem(KEY).keyId);
    const latest = await api.http().get('/transparency/checkpoints/latest').expect(200);
    const first = await api.http().get(`/transparency/checkpoints/${latest.body.number - 1}`).expect(200);
    const consistency = await api.http().get(`/transparency/consistency?from=${first.body.number}&to=${latest.body.number}`).expect(200);
    const { verifyConsistency } = await import('@app/audit');
    const hex = (value: string) => Buffer.from(value, 'hex');
    expect(verifyConsistency(first.body.treeSize, latest.body.treeSize, hex(first.body.rootHash), hex(latest.body.rootHash), consistency.body.proof.map(hex))).toBe(true);
    await api.http().get('/transparency/checkpoints/999999').expect(404);
    await api.http().get('/transparency/checkpoints/007').expect(400);
    const backwards = await api.http().get(`/transparency/consistency?from=${latest.body.number}&to=${first.body.number}`).expect(400);
    expect(backwards.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
  });

  it('let a CDN keep numbered checkpoints and proofs for good and the latest for a minute, with strong ETags, 304s, and no error kept', async () => {
    const IMMUTABLE = 'public, max-age=31536000, immutable';
    const LATEST = 'public, max-age=60, must-revalidate';
    await appendEvents(1, 1);
    await api.app.get(AuditService).checkpoint();
    const latest = await api.http().get('/transparency/checkpoints/latest').expect(200);
    expect(latest.headers['cache-control']).toBe(LATEST);
    const numbered = await api.http().get(`/transparency/checkpoints/${latest.body.number}`).expect(200);
    const proof = await api.http().get(`/transparency/consistency?from=${latest.body.number - 1}&to=${latest.body.number}`).expect(200);
    for (const response of [latest, numbered, proof]) {
      // Strong (no W/): computed from the bytes sent.
      expect(response.headers.etag).toMatch(/^"[^"]+"$/);
    }
    expect(numbered.headers['cache-control']).toBe(IMMUTABLE);
    expect(proof.headers['cache-control']).toBe(IMMUTABLE);
    for (const path of ['/transparency/checkpoints/latest', `/transparency/checkpoints/${latest.body.number}`]) {
      const held = path.endsWith('latest') ? latest : numbered;
      const revalidated = await api.http().get(path).set('If-None-Match', held.headers.etag!).expect(304);
      expect(revalidated.text ?? '').toBe('');
    }
    for (const path of ['/transparency/public-key', '/transparency/public-keys']) {
      expect((await api.http().get(path).expect(200)).headers['cache-control']).toBe(LATEST);
    }

    // A new checkpoint: the latest's ETag no longer matches, the numbered one still does.
    await appendEvents(1, 1);
    await api.app.get(AuditService).checkpoint();
    const next = await api.http().get('/transparency/checkpoints/latest').set('If-None-Match', latest.headers.etag!).expect(200);
    expect(next.body.number).toBe(latest.body.number + 1);
    await api.http().get(`/transparency/checkpoints/${latest.body.number}`).set('If-None-Match', numbered.headers.etag!).expect(304);

    // A checkpoint or proof that does not exist yet will exist soon: its 404 must not be kept for a year.
    for (const path of [`/transparency/checkpoints/${next.body.number + 1}`, `/transparency/consistency?from=1&to=${next.body.number + 1}`]) {
      const missing = await api.http().get(path).expect(404);
      expect(missing.headers['cache-control']).toBe('private, no-store');
    }
  });
});
