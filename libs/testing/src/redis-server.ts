import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

/** A redis-server of one test's own (on a free port, files in a temporary directory) that the test may kill and start again. */
export interface RedisServer {
  url: string;
  /** SIGKILL: a crash, with no chance to write anything more. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (with an append-only file, what it had is loaded back). */
  start(): Promise<void>;
  /** Kills it and deletes its directory. */
  destroy(): Promise<void>;
}

/**
 * Starts `redis-server` as production runs it for the desk (noeviction), never saving snapshots; with
 * `appendOnly` false a restart empties it, with true it reloads its append-only file.
 */
export async function startRedisServer(options: { appendOnly: boolean }): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-test-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', options.appendOnly ? 'yes' : 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const current = child;
    exited = new Promise((resolve) => current.once('exit', () => resolve()));
    await waitFor(
      async () => {
        if (current.exitCode !== null) throw new Error(`redis-server on port ${port} exited with code ${current.exitCode}`);
        const probe = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
        try {
          await probe.connect();
          // Still loading the append-only file answers LOADING: not ready yet.
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      { timeoutMs: 30_000, intervalMs: 50, what: `redis-server on port ${port} to answer` },
    );
  };
  const kill = async () => {
    child?.kill('SIGKILL');
    await exited;
    child = null;
  };
  await start();
  return {
    url,
    kill,
    start,
    async destroy() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
