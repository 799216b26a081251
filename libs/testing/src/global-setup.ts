import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';

// Global setup and teardown run outside jest's module mapping: they import nothing of the project.
const adminUrl = () => process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Creates this run's (empty) template database. The first test file that needs a database migrates it
 * (see createTestDatabase); every file then clones it.
 */
export default async function globalSetup(): Promise<void> {
  const name = `fc_tpl_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl() });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${adminUrl()}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  process.env.FC_TEST_TEMPLATE_DB = name;
  buildForChildProcesses();
}

/**
 * Fault tests start real API and worker processes (to SIGKILL them); those run the compiled code, so
 * the run compiles it once, into its own directory, before any test file starts.
 */
function buildForChildProcesses(): void {
  // One directory per run: concurrent runs on one checkout would otherwise rebuild the same files while
  // the other run's child processes load them (half-written, or before tsc-alias rewrote `@app/*`).
  const outDir = `.test-dist/run-${randomBytes(4).toString('hex')}`;
  try {
    // Type errors are `npm run typecheck`'s to report; tsc still emits, and tests judge the behaviour.
    spawnSync('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', outDir], { stdio: 'ignore' });
    execFileSync('node', ['node_modules/tsc-alias/dist/bin/index.js', '-p', 'tsconfig.build.json', '--outDir', outDir], { stdio: 'inherit' });
  } catch (error) {
    // Jest skips the global teardown when the setup fails.
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  process.env.FC_TEST_DIST = `${process.cwd()}/${outDir}`;
}
