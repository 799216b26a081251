// Child process of the report benchmark: the real worker (createWorker, every queue) with a sampler of its
// own memory (process.memoryUsage every 20 ms) and a count of the SQL statements it sends. The parent
// resets the peaks before each publish and reads them after it over IPC.
import 'reflect-metadata';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { createWorker } from '../apps/worker/src/bootstrap.js';
import { countQueries } from './lib/common.js';

const worker = await createWorker(loadConfig(), pino({ level: 'silent' }));
await worker.init();
const queries = countQueries(worker.get(DataSource));

let peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sampleNow = () => {
  const m = process.memoryUsage();
  peak = { rss: Math.max(peak.rss, m.rss), heapUsed: Math.max(peak.heapUsed, m.heapUsed), external: Math.max(peak.external, m.external), arrayBuffers: Math.max(peak.arrayBuffers, m.arrayBuffers) };
};
// The sampler runs between event-loop turns: a long synchronous stretch (rendering) is sampled when it
// yields; maxRSS from getrusage below catches a peak the sampler missed.
setInterval(sampleNow, 20).unref();

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    queries.reset();
    globalThis.gc?.();
    const m = process.memoryUsage();
    peak = { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
    process.send?.({ type: 'reset-done', idle: m });
  } else if (message.type === 'stats') {
    sampleNow();
    const now = process.memoryUsage();
    globalThis.gc?.();
    process.send?.({
      type: 'stats',
      peak,
      now,
      retained: process.memoryUsage(),
      maxRssKiB: process.resourceUsage().maxRSS,
      queries: queries.total(),
      statements: [...queries.byStatement()].sort((a, b) => b[1] - a[1]).slice(0, 15),
    });
  } else if (message.type === 'stop') {
    void worker.close().finally(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', memory: process.memoryUsage() });
