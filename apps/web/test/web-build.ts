import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = process.cwd();
const WEB = join(ROOT, 'apps/web');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' ? [] : files(path);
    // The generated types only type-check the app; the bundle is the same without them.
    return name === 'schema.d.ts' ? [] : [path];
  });
}

/** A hash of everything the bundle is built from: the app's sources, its Vite config and the locked dependencies. */
function inputsHash(): string {
  const hash = createHash('sha256');
  for (const path of [...files(WEB), join(ROOT, 'package-lock.json')].sort()) hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The web app built from the current sources, for the browser and serving tests: built once per change
 * of its inputs into `.test-dist/web-<hash>` (reused by later runs and by the other test files), never
 * into `dist/` (a running demo serves that).
 */
export function ensureWebBuild(): string {
  const out = join(ROOT, '.test-dist', `web-${inputsHash()}`);
  if (existsSync(join(out, 'index.html'))) return out;
  const building = `${out}.building-${process.pid}`;
  mkdirSync(join(ROOT, '.test-dist'), { recursive: true });
  // Test files run in parallel and may build at once; each writes its own directory, so Vite's
  // one-build-per-project lock (which would fail the second) is not needed here.
  const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'error', '--bypass-lock'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', WEB_BUILD_OUT_DIR: building },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`The web app did not build (vite build):\n${result.stdout}${result.stderr}`);
  }
  // Another test file may have finished the same build first; either copy is the same.
  try {
    renameSync(building, out);
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return out;
}
