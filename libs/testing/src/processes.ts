import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait.js';

/** Absolute path of a compiled entry point (e.g. `apps/worker/src/main.js`) built by the jest global setup. */
export function compiledEntry(relative: string): string {
  const root = process.env.FC_TEST_DIST;
  if (!root) throw new Error('FC_TEST_DIST is not set: run tests through `npm test` (jest global setup).');
  const path = join(root, relative);
  if (!existsSync(path)) throw new Error(`${path} was not built`);
  return path;
}

/** A compiled entry point running as a child process, as production runs it (so tests can SIGKILL it). */
export interface ChildApp {
  name: string;
  child: ChildProcess;
  /** Everything it wrote so far (pino JSON lines on stdout, crashes on stderr). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The first JSON log line whose `msg` is `msg`; fails at once, with the output, if the process exits first. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Starts `node <compiled entry>` with only PATH, NODE_ENV=test and `env` in its environment. */
export function startChild(name: string, entry: string, env: Record<string, string>, args: string[] = []): ChildApp {
  let output = '';
  const child = spawn(process.execPath, [compiledEntry(entry), ...args], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => resolve({ code: null, signal: null }));
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const logLine = (msg: string) =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.msg === msg);
  return {
    name,
    child,
    output: () => output,
    exited,
    waitForLog: (msg, timeoutMs = 30_000) =>
      waitFor(
        async () => {
          const found = logLine(msg);
          if (found) return found;
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited before logging "${msg}":\n${output}`);
          return null;
        },
        { timeoutMs, what: `${name} to log "${msg}"` },
      ),
  };
}

/** Kills what is still running (SIGKILL) and waits for every child to be gone. */
export async function stopChildren(children: ChildApp[]): Promise<void> {
  await Promise.all(
    children.map(async (app) => {
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      await app.exited;
    }),
  );
}
