import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { waitFor } from '@app/testing';
import { EmbeddedDatabaseBusyError, EmbeddedPostgres } from './embedded-postgres.js';

// One embedded database for the file (its first start runs initdb: seconds), restarted by the last tests.
const root = mkdtempSync(join(tmpdir(), 'fc-embedded-'));
const dataDir = join(root, 'pg');
const warnings: string[] = [];
let embedded: EmbeddedPostgres;

const start = () => EmbeddedPostgres.start({ dataDir, port: 0, idleInTransactionMs: 1500, onWarning: (message) => warnings.push(message) });

beforeAll(async () => {
  embedded = await start();
  const client = new pg.Client(embedded.url);
  await client.connect();
  await client.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counter VALUES (1, 0)');
  await client.end();
}, 120_000);

afterAll(async () => {
  await embedded?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Runs `fn` with the pid of a live process, which is gone once `fn` returns. */
async function withSleeper<T>(fn: (pid: number) => Promise<T>): Promise<T> {
  const sleeper = spawn('sleep', ['30']);
  try {
    return await fn(sleeper.pid!);
  } finally {
    sleeper.kill('SIGKILL');
    await new Promise((resolve) => sleeper.once('exit', resolve));
  }
}

const pool = (max: number) => new pg.Pool({ connectionString: embedded.url, max });

describe('embedded PostgreSQL served to many connections', () => {
  it('runs concurrent read-modify-write transactions one at a time (no lost update)', async () => {
    const clients = pool(8);
    try {
      // Without FOR UPDATE, interleaved transactions on one shared session would lose increments.
      await Promise.all(
        Array.from({ length: 80 }, async () => {
          const client = await clients.connect();
          try {
            await client.query('BEGIN');
            const { rows } = await client.query('SELECT n FROM counter WHERE id = $1', [1]);
            await new Promise((resolve) => setImmediate(resolve));
            await client.query('UPDATE counter SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }),
      );
      const { rows } = await clients.query('SELECT n FROM counter WHERE id = 1');
      expect(rows[0].n).toBe(80);
    } finally {
      await clients.end();
    }
  });

  it('keeps concurrent extended-protocol queries apart (each gets its own parameters back)', async () => {
    const clients = pool(8);
    try {
      const values = Array.from({ length: 300 }, (_, i) => `value ${i} ١٢٣ ${'ء'.repeat(i % 7)}`);
      const results = await Promise.all(values.map((value) => clients.query('SELECT $1::text AS echo, length($1::text) AS n', [value])));
      expect(results.map((result) => result.rows[0].echo)).toEqual(values);
      expect(results.map((result) => result.rows[0].n)).toEqual(values.map((value) => [...value].length));
    } finally {
      await clients.end();
    }
  });

  it('reports a failed statement to its own connection only, and the session carries on', async () => {
    const clients = pool(4);
    try {
      const [bad, good] = await Promise.allSettled([clients.query('SELECT * FROM no_such_table'), clients.query('SELECT 42 AS answer')]);
      expect(bad.status).toBe('rejected');
      expect((bad as PromiseRejectedResult).reason.code).toBe('42P01');
      expect((good as PromiseFulfilledResult<pg.QueryResult>).value.rows[0].answer).toBe(42);
      // A failed transaction is rolled back by its client; the next one starts clean.
      const client = await clients.connect();
      await client.query('BEGIN');
      await expect(client.query('SELECT 1/0')).rejects.toThrow(/division by zero/);
      await client.query('ROLLBACK');
      client.release();
      expect((await clients.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await clients.end();
    }
  });

  it('rolls back the transaction of a connection that disconnects, and lets the others in', async () => {
    const quitter = new pg.Client(embedded.url);
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query('UPDATE counter SET n = -1 WHERE id = 1');
    const clients = pool(1);
    try {
      // Queued behind the quitter's transaction; answered once its connection is gone.
      const waiting = clients.query('SELECT n FROM counter WHERE id = 1');
      await quitter.end();
      expect((await waiting).rows[0].n).toBe(80);
    } finally {
      await clients.end();
    }
  });

  it('closes a connection left idle inside a transaction, rolling it back, so others are not stalled', async () => {
    const stuck = new pg.Client(embedded.url);
    stuck.on('error', () => undefined);
    await stuck.connect();
    await stuck.query('BEGIN');
    await stuck.query('UPDATE counter SET n = -2 WHERE id = 1');
    const clients = pool(1);
    try {
      const { rows } = await clients.query('SELECT n FROM counter WHERE id = 1');
      expect(rows[0].n).toBe(80);
      expect(warnings.some((warning) => warning.includes('idle in a transaction'))).toBe(true);
      await expect(stuck.query('SELECT 1')).rejects.toThrow();
    } finally {
      await clients.end();
      await stuck.end().catch(() => undefined);
    }
  });

  it('delivers NOTIFY from one connection to a LISTEN on another', async () => {
    const listener = new pg.Client(embedded.url);
    await listener.connect();
    const received: string[] = [];
    listener.on('notification', (message) => received.push(`${message.channel}:${message.payload}`));
    await listener.query('LISTEN desk_events');
    const clients = pool(2);
    try {
      await clients.query("SELECT pg_notify('desk_events', 'claim created')");
      await waitFor(async () => received.length > 0, { timeoutMs: 5000, what: 'the notification' });
      expect(received).toEqual(['desk_events:claim created']);
    } finally {
      await clients.end();
      await listener.end();
    }
  });

  it('refuses a data directory that another live process has locked', async () => {
    const other = join(root, 'other');
    await withSleeper(async (pid) => {
      writeFileSync(`${other}.lock`, String(pid));
      await expect(EmbeddedPostgres.start({ dataDir: other, port: 0 })).rejects.toThrow(EmbeddedDatabaseBusyError);
      await expect(EmbeddedPostgres.start({ dataDir: other, port: 0 })).rejects.toThrow(`in use by process ${pid}`);
    });
    expect(existsSync(other)).toBe(false);
  });

  it('keeps committed data across a restart, taking over the lock a dead process left', async () => {
    await embedded.stop();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const deadPid = await withSleeper(async (pid) => pid);
    writeFileSync(`${dataDir}.lock`, String(deadPid));
    embedded = await start();
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    expect(embedded.created).toBe(false);
    const clients = pool(1);
    try {
      const { rows } = await clients.query('SELECT n FROM counter WHERE id = 1');
      expect(rows[0].n).toBe(80);
    } finally {
      await clients.end();
    }
  }, 120_000);

});
