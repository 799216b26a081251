import { generateKeyPairSync } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { SCHEMA } from '@app/schema';
import { compiledEntry, createTestDatabase, type TestDatabase } from '@app/testing';
import { createApiApp } from '../../../apps/api/src/bootstrap.js';
import { MIGRATIONS } from '../../../migrations/index.js';
import { dataSourceOptions, type SchemaDefinition } from './db.options.js';
import { assertMigrationsApplied, MigrationsPendingError } from './migrations-check.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MIGRATION_NAMES = MIGRATIONS.map((migration) => migration.name);
const APP_TABLES = ['idempotency_keys', 'audit_events', 'audit_checkpoints', 'audit_checkpoint_heads', 'articles', 'users', 'api_tokens', 'claims'];

// Every database and DataSource this file opens, closed and dropped in afterAll whatever happens.
const databases: TestDatabase[] = [];
const dataSources: DataSource[] = [];

async function database(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const db = await createTestDatabase(options);
  databases.push(db);
  return db;
}

async function open(db: TestDatabase, schema: SchemaDefinition = SCHEMA): Promise<DataSource> {
  // logging off: the migrations would otherwise print every statement they run.
  const dataSource = new DataSource({ ...dataSourceOptions(db.url, schema, 2), logging: false });
  dataSources.push(dataSource);
  await dataSource.initialize();
  return dataSource;
}

afterAll(async () => {
  await Promise.all(dataSources.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
  for (const db of databases) await db.drop();
});

const tables = async (dataSource: DataSource): Promise<string[]> =>
  (
    (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)) as {
      table_name: string;
    }[]
  ).map((row) => row.table_name);

const applied = async (dataSource: DataSource): Promise<string[]> =>
  ((await dataSource.query('SELECT name FROM schema_migrations ORDER BY id')) as { name: string }[]).map((row) => row.name);

const auditObjects = async (dataSource: DataSource) => ({
  functions: ((await dataSource.query(
    `SELECT proname FROM pg_proc WHERE proname IN ('audit_next_link', 'audit_refuse_change') ORDER BY proname`,
  )) as { proname: string }[]).map((row) => row.proname),
  triggers: ((await dataSource.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`)) as { tgname: string }[]).map(
    (row) => row.tgname,
  ),
});

const AUDIT_TRIGGERS = ['audit_checkpoint_heads', 'audit_checkpoints', 'audit_events']
  .flatMap((table) => [`${table}_no_truncate`, `${table}_no_update_delete`])
  .sort();

async function expectFullyMigrated(dataSource: DataSource) {
  expect(await tables(dataSource)).toEqual(expect.arrayContaining([...APP_TABLES, 'schema_migrations']));
  expect(await applied(dataSource)).toEqual(MIGRATION_NAMES);
  const [trgm] = await dataSource.query(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`);
  expect(trgm).toEqual({ extname: 'pg_trgm' });
  const objects = await auditObjects(dataSource);
  expect(objects.functions).toEqual(['audit_next_link', 'audit_refuse_change']);
  expect(objects.triggers).toEqual(expect.arrayContaining(AUDIT_TRIGGERS));
  await expect(dataSource.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  await expect(assertMigrationsApplied(dataSource)).resolves.toBeUndefined();
}

describe('migrations', () => {
  it('run up on an empty database, undo one by one in reverse, and run up again', async () => {
    const dataSource = await open(await database({ migrated: false }));
    expect(await tables(dataSource)).toEqual([]);

    const ran = await dataSource.runMigrations();
    expect(ran.map((migration) => migration.name)).toEqual(MIGRATION_NAMES);
    await expectFullyMigrated(dataSource);

    for (let remaining = MIGRATION_NAMES.length - 1; remaining >= 0; remaining--) {
      await dataSource.undoLastMigration();
      expect(await applied(dataSource)).toEqual(MIGRATION_NAMES.slice(0, remaining));
      if (remaining === 1) {
        // Only InitialSchema left: its tables stay, the append-only triggers and functions are gone.
        expect(await tables(dataSource)).toEqual(expect.arrayContaining(APP_TABLES));
        expect(await auditObjects(dataSource)).toEqual({ functions: [], triggers: [] });
      }
    }
    expect(await tables(dataSource)).toEqual(['schema_migrations']);
    expect(await auditObjects(dataSource)).toEqual({ functions: [], triggers: [] });

    const again = await dataSource.runMigrations();
    expect(again.map((migration) => migration.name)).toEqual(MIGRATION_NAMES);
    await expectFullyMigrated(dataSource);
    expect(await dataSource.runMigrations()).toEqual([]);
  });
});

describe('assertMigrationsApplied', () => {
  it('throws MigrationsPendingError naming `npm run migration:run` and every migration on an empty database', async () => {
    const dataSource = await open(await database({ migrated: false }));
    const error = await assertMigrationsApplied(dataSource).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationsPendingError);
    expect((error as MigrationsPendingError).pending).toEqual(MIGRATION_NAMES);
    expect((error as Error).message).toContain('npm run migration:run');
    expect((error as Error).message).not.toContain('\n');
  });

  it('throws MigrationsPendingError naming only the missing migrations when just the first one was applied', async () => {
    const db = await database({ migrated: false });
    const partial = await open(db, { entities: SCHEMA.entities, migrations: [MIGRATIONS[0]!] });
    await partial.runMigrations();
    await partial.destroy();

    const dataSource = await open(db);
    const error = await assertMigrationsApplied(dataSource).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationsPendingError);
    expect((error as MigrationsPendingError).pending).toEqual(MIGRATION_NAMES.slice(1));
    expect((error as Error).message).toContain('npm run migration:run');
    for (const name of MIGRATION_NAMES.slice(1)) expect((error as Error).message).toContain(name);
    expect((error as Error).message).not.toContain(MIGRATION_NAMES[0]);
  });

  it('passes on a database cloned from the migrated template', async () => {
    const dataSource = await open(await database());
    await expect(assertMigrationsApplied(dataSource)).resolves.toBeUndefined();
  });
});

describe('the API refuses to start on a database with pending migrations', () => {
  let empty: TestDatabase;
  let partial: TestDatabase;
  beforeAll(async () => {
    empty = await database({ migrated: false });
    partial = await database({ migrated: false });
    const dataSource = await open(partial, { entities: SCHEMA.entities, migrations: [MIGRATIONS[0]!] });
    await dataSource.runMigrations();
    await dataSource.destroy();
  });

  it.each([
    ['an empty', () => empty],
    ['a partly migrated', () => partial],
  ])('createApiApp rejects with MigrationsPendingError on %s database', async (_name, db) => {
    const config = loadConfig({ DATABASE_URL: db().url, LOG_LEVEL: 'silent' });
    const error = await createApiApp(config, pino({ level: 'silent' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationsPendingError);
    expect((error as Error).message).toContain('npm run migration:run');
  });

  describe('the compiled entry point (apps/api/src/main.js)', () => {
    /** Runs the API as production does and collects how it ended. Killed after 20 s so a hang fails the test instead of the run. */
    const SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

    function runApi(env: Record<string, string>): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const child = spawn(process.execPath, [compiledEntry('apps/api/src/main.js')], {
          cwd: ROOT,
          // Production on a PostgreSQL server wants the audit signing key (every replica signs with the same one).
          env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', AUDIT_SIGNING_KEY: SIGNING_KEY, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('error', (error) => {
          clearTimeout(killer);
          reject(error);
        });
        child.on('close', (code, signal) => {
          clearTimeout(killer);
          resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
        });
      });
    }

    it('exits non-zero within seconds, printing one stderr line that names `npm run migration:run`, on an empty database', async () => {
      const result = await runApi({ DATABASE_URL: empty.url });
      expect(result.signal).toBeNull();
      expect(result.code).not.toBe(0);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('npm run migration:run');
      expect(lines[0]).toBe(new MigrationsPendingError(MIGRATION_NAMES).message);
    });

    it('exits non-zero, printing one stderr line that points to `npm start`, when DATABASE_URL is unset (the embedded database is the desk process\'s alone)', async () => {
      const result = await runApi({});
      expect(result.signal).toBeNull();
      expect(result.code).not.toBe(0);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^DATABASE_URL is not set: a separate API process needs a PostgreSQL server\. Without one, run `npm start`/);
    });

    it('exits non-zero within seconds, printing one stderr line that names DATABASE_URL, when DATABASE_URL is not a postgres URL', async () => {
      const result = await runApi({ DATABASE_URL: 'mysql://x' });
      expect(result.signal).toBeNull();
      expect(result.code).not.toBe(0);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('DATABASE_URL');
      expect(lines[0]).toContain('mysql://x');
    });
  });
});
