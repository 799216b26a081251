import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compiledEntry, startChild, stopChildren, waitFor, type ChildApp } from '@app/testing';
import { MIGRATIONS } from '../../../migrations/index.js';

// The zero-setup desk as a newsroom developer runs it: no DATABASE_URL, no REDIS_URL. `npm start`
// (apps/desk) opens the embedded PostgreSQL in its data directory, keeps the queues there, and runs the
// API and the worker in one process. Killing that process mid-step and starting it again loses nothing.
// Slow by nature (each process start compiles PGlite's WebAssembly; a new directory runs initdb): about
// 90 s on an idle machine, several minutes on a loaded one, hence the generous limits (they catch hangs).

const root = mkdtempSync(join(tmpdir(), 'fc-desk-'));
const dataDir = join(root, 'pg');
const children: ChildApp[] = [];

afterEach(async () => {
  await stopChildren(children.splice(0));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The desk's environment: nothing configured but its data directory and test speed-ups. */
const deskEnv = (extra: Record<string, string> = {}) => ({
  PGLITE_DATA_DIR: dataDir,
  PORT: '0',
  LOG_LEVEL: 'info',
  WORKER_METRICS_PORT: '0',
  JOB_LOCK_MS: '2000',
  JOB_BACKOFF_MS: '50',
  RECONCILE_EVERY_MS: '250',
  RECONCILE_GRACE_MS: '200',
  ...extra,
});

async function startDesk(name: string, extra: Record<string, string> = {}): Promise<{ desk: ChildApp; url: string }> {
  const desk = startChild(name, 'apps/desk/src/main.js', deskEnv(extra));
  children.push(desk);
  const listening = await desk.waitForLog('desk listening; SIGTERM or Ctrl-C finishes active jobs and stops', 90_000);
  return { desk, url: listening.url as string };
}

async function call<T = Record<string, unknown>>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

const sentences = Array.from({ length: 3 }, (_, i) => `Item ${i} of the city budget grew by ${i + 3} percent in ${1990 + i}.`);

describe('the single-node desk on the embedded database (npm start, nothing configured)', () => {
  it('creates its first admin, runs the workflow, survives SIGKILL mid-step, refuses a second process, and stops cleanly', async () => {
    // The first admin, before the desk runs (one process at a time opens the embedded database).
    const created = await promisify(execFile)(process.execPath, [compiledEntry('scripts/create-admin.js'), '--name', 'Desk admin', '--email', 'admin@desk.test'], {
      env: { PATH: process.env.PATH ?? '', PGLITE_DATA_DIR: dataDir },
    });
    const adminToken = /API token \(shown once, store it now\): (fcd_\S+)/.exec(created.stdout)?.[1];
    expect(adminToken).toBeDefined();

    // Every intake step pauses inside its transaction, so the kill below lands in the middle of one.
    const first = await startDesk('desk', { TEST_INTAKE_PAUSE_MS: '3000' });
    const deployment = await first.desk.waitForLog('deployment: embedded database, queues in PostgreSQL');
    expect(deployment).toMatchObject({ processes: 'API and worker in this process', queues: 'postgres' });
    expect(String(deployment.database)).toContain(dataDir);
    const ready = await fetch(`${first.url}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', queues: 'ok' }, queueBackend: 'postgres' });

    const user = async (roles: string[]) => {
      const { id } = await call<{ id: string }>(first.url, adminToken!, 'POST', '/v1/users', { name: roles.join('+'), email: `${roles.join('-')}@desk.test`, roles });
      return (await call<{ token: string }>(first.url, adminToken!, 'POST', `/v1/users/${id}/tokens`, { label: 'test' })).token;
    };
    const [reporter, auditor] = [await user(['reporter']), await user(['auditor'])];
    const article = await call<{ id: string }>(first.url, reporter, 'POST', '/v1/articles', { title: 'Budget', language: 'en', body: sentences.join(' ') });
    const { items } = await call<{ items: { id: string }[] }>(first.url, reporter, 'POST', `/v1/articles/${article.id}/claims/batch`, {
      claims: sentences.map((statement) => ({ statement, anchor: { exact: statement } })),
    });
    const ids = items.map((claim) => claim.id);

    await first.desk.waitForLog('test pause inside the intake step');
    first.desk.child.kill('SIGKILL');
    expect(await first.desk.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Same data directory, no pause: the interrupted step and the rest finish, each exactly once.
    const second = await startDesk('desk again');
    const states = async () => Promise.all(ids.map(async (id) => (await call<{ state: string }>(second.url, reporter, 'GET', `/v1/claims/${id}`)).state));
    await waitFor(async () => (await states()).every((state) => state === 'research'), { timeoutMs: 30_000, what: 'every claim to reach research after the restart' });
    for (const id of ids) {
      const timeline = await call<{ items: { action: string }[] }>(second.url, reporter, 'GET', `/v1/claims/${id}/timeline`);
      expect(timeline.items.map((entry) => entry.action)).toEqual(['submit', 'complete-intake']);
    }
    expect(await call(second.url, auditor, 'GET', '/v1/audit/verify')).toMatchObject({ ok: true, problems: [] });

    // A second process on the same data directory refuses to start, naming the one that holds it.
    const intruder = startChild('intruder', 'apps/desk/src/main.js', deskEnv());
    children.push(intruder);
    expect(await intruder.exited).toEqual({ code: 1, signal: null });
    expect(intruder.output()).toContain(`in use by process ${second.desk.child.pid}`);

    second.desk.child.kill('SIGTERM');
    expect(await second.desk.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  }, 600_000);

  it('runs the demo (the README\'s first command) to a published report, twice on the same data, reusing its article and users', async () => {
    const demoEnv = { PGLITE_DATA_DIR: join(root, 'demo-pg'), PORT: '0' };
    const seen: { article: string; tokens: string[] }[] = [];
    for (const run of [1, 2]) {
      const demo = startChild(`demo run ${run}`, 'scripts/demo.js', demoEnv, ['--once']);
      children.push(demo);
      expect({ exit: await demo.exited, output: demo.output().slice(-3000) }).toMatchObject({ exit: { code: 0, signal: null } });
      const output = demo.output();
      expect(output).toContain(run === 1 ? `(created now; ${MIGRATIONS.length} migration(s) applied now)` : '(reused; 0 migration(s) applied now)');
      expect(output).toMatch(/Published report, version 1, in Arabic \(public, no token\):\n {2}HTML {6}http:\/\/\S+\/reports\/[0-9a-f-]{36}\/v1\n/);
      expect(output).toMatch(/Audit log {6}verifies \(\d+ events, \d+ checkpoints checked\)/);
      expect(output).toContain('The desk has stopped (--once)');
      seen.push({ article: /^Article {8}([0-9a-f-]{36})/m.exec(output)![1]!, tokens: [...output.matchAll(/^ {2}(\w+) +(fcd_\S+)$/gm)].map((m) => m[1]!) });
      if (run === 1) expect(output).toContain('Accepted the date suggestion "12 نوفمبر الجاري" as: Sergei Shoigu met Wang Yi in Beijing on 12 November.');
      if (run === 2) expect(output).toContain('already here from an earlier run');
    }
    // One article and one set of users: the second run shows the first run's article, with fresh tokens for the same six users.
    expect(seen[1]!.article).toBe(seen[0]!.article);
    expect(seen[1]!.tokens).toEqual(seen[0]!.tokens);
    expect(seen[0]!.tokens).toEqual(['admin', 'reporter', 'checker', 'editor', 'editor2', 'auditor']);
  }, 600_000);
});
