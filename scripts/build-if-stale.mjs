// Runs `npm run build` only when a source is newer than the last build, so scripts that need `dist/`
// (the demo, migrations, admin:create) start in seconds when nothing changed. Plain JavaScript: it
// runs before anything is compiled.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.build-stamp';
const SOURCES = ['apps', 'libs', 'scripts', 'migrations', 'bench', 'fixtures', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time under `path` (skipping node_modules and dot-directories). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
if (Math.max(...SOURCES.map(newest)) > built) {
  execSync('npm run build --silent', { stdio: 'inherit' });
  execSync(`node -e "require('node:fs').writeFileSync('${STAMP}', new Date().toISOString())"`, { stdio: 'inherit' });
}
