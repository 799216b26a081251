import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Absolute path of a compiled entry point (e.g. `apps/worker/src/main.js`) built by the jest global setup. */
export function compiledEntry(relative: string): string {
  const root = process.env.FC_TEST_DIST;
  if (!root) throw new Error('FC_TEST_DIST is not set: run tests through `npm test` (jest global setup).');
  const path = join(root, relative);
  if (!existsSync(path)) throw new Error(`${path} was not built`);
  return path;
}
