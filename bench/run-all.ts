// `npm run bench`: runs every benchmark (each in its own process, one after the other, on its own
// database and queue prefix), then prints one summary table and writes bench/results/summary.json.
// BENCH_ONLY=pipeline,api runs a subset. Sizes: see each bench's header (environment variables).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DIST, FIGURE_HEADERS, figureRow, fmt, machine, markdownTable, progress, RESULTS_DIR, ROOT, runBench, table, type Figure } from './lib/common.js';

const ALL = ['pipeline', 'api', 'audit', 'scale', 'report', 'deployments', 'web', 'suggestions', 'public'] as const;

runBench('bench', async () => {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const benches = only?.length ? ALL.filter((b) => only.includes(b)) : [...ALL];
  const outcomes: { bench: string; ok: boolean; seconds: number; figures: Figure[] }[] = [];
  for (const bench of benches) {
    progress(`running ${bench}`);
    const started = Date.now();
    const before = existsSync(`${RESULTS_DIR}/${bench}.json`) ? readFileSync(`${RESULTS_DIR}/${bench}.json`, 'utf8') : null;
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [`${DIST}bench/${bench}.js`], { stdio: 'inherit', env: process.env });
      child.on('exit', (c) => resolve(c ?? 1));
    });
    const seconds = (Date.now() - started) / 1000;
    const path = `${RESULTS_DIR}/${bench}.json`;
    const written = existsSync(path) ? readFileSync(path, 'utf8') : null;
    const fresh = code === 0 && written !== null && written !== before;
    outcomes.push({ bench, ok: fresh, seconds, figures: fresh ? (JSON.parse(written!) as { figures: Figure[] }).figures : [] });
    progress(`${bench}: ${fresh ? 'done' : `FAILED (exit ${code})`} in ${fmt(seconds)} s`);
  }

  const figures = outcomes.flatMap((o) => o.figures);
  const durations = outcomes.map((o) => [o.bench, o.ok ? 'ok' : 'failed', fmt(o.seconds, 0)]);
  console.log(`\nSummary (ratio = ours / baseline, same run, same PostgreSQL and Redis)\n${table(FIGURE_HEADERS, figures.map(figureRow))}\n`);
  console.log(table(['bench', 'outcome', 'seconds'], durations));
  const host = await machine();
  const markdown = [
    markdownTable(FIGURE_HEADERS, figures.map(figureRow)),
    '',
    markdownTable(['bench', 'outcome', 'wall time (s)'], durations),
    '',
    `Machine: ${host.nproc} CPUs (${host.cpuModel}), ${host.memoryGiB} GiB RAM, Node ${host.node}, PostgreSQL ${host.postgres}, Redis ${host.redis}; load average (1/5/15 min) ${host.loadAverageAtStart.join(' / ')} at the start, ${host.loadAverage.join(' / ')} at the end.`,
  ].join('\n');
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    `${RESULTS_DIR}/summary.json`,
    JSON.stringify({ finishedAt: new Date().toISOString(), machine: host, benches: outcomes.map(({ bench, ok, seconds }) => ({ bench, ok, seconds })), figures, markdown }, null, 2) + '\n',
  );
  progress(`wrote ${RESULTS_DIR.replace(ROOT, '')}/summary.json`);
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
});
