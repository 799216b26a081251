// Child process of the pipeline benchmark: the second benchmark that loads the machine while the
// offered-load runs are measured. It walks list-claims (GET /v1/claims?state=research&limit=50, cursor
// pages) with autocannon against an API of its own (bench/child-api-server.js, another child, on its own
// database), in windows of 2 s until told to stop, and reports the requests it completed.
import { cannon } from './lib/cannon.js';

const base = process.env.READ_LOAD_BASE!;
const token = process.env.READ_LOAD_TOKEN!;
const connections = Number(process.env.READ_LOAD_CONNECTIONS ?? 16);
let stopping = false;
let requests = 0;
let non2xx = 0;
const startedAt = performance.now();

process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') stopping = true;
});
process.send?.({ type: 'started' });
while (!stopping) {
  const result = await cannon(
    base,
    token,
    { name: 'list-claims', role: 'ours', method: 'GET', path: (cursor) => `/v1/claims?state=research&limit=50${cursor ? `&cursor=${cursor}` : ''}`, cursor: true },
    { seconds: 2, connections },
  );
  requests += result.requests.total;
  non2xx += result.non2xx;
}
process.send?.({ type: 'stopped', requests, non2xx, seconds: (performance.now() - startedAt) / 1000 });
process.exit(0);
