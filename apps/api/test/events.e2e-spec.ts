import { LiveEvents } from '@app/db';
import { describeDeployment, EMBEDDED, SERVER_REDIS, waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

interface ReceivedEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A minimal Server-Sent Events client over fetch: parsed events, and the comments (keepalives) seen. */
async function openStream(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const done = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = frame.split('\n');
          for (const line of lines) if (line.startsWith(':')) comments.push(line.slice(1).trim());
          const name = lines.find((line) => line.startsWith('event: '))?.slice(7);
          const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
          if (name && data) events.push({ event: name, data: JSON.parse(data) });
        }
      }
    } catch {
      // Aborted by the test.
    } finally {
      ended = true;
    }
  })();
  return {
    response,
    events,
    comments,
    get ended() {
      return ended;
    },
    async close() {
      abort.abort();
      await done;
    },
  };
}

describe.each([SERVER_REDIS, EMBEDDED])('live events on $database database (GET /v1/events)', (deployment) => {
  let api: ApiHarness;
  let base: string;

  beforeAll(async () => {
    api = await startApi({ EVENTS_KEEPALIVE_SECONDS: '0.5' }, { deployment, worker: true });
    await api.app.listen(0, '127.0.0.1');
    base = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it(`delivers another actor's claim submission and transitions to a signed-in browser within seconds (${describeDeployment(deployment)})`, async () => {
    const admin = await api.user(['admin']);
    const editor = await api.user(['editor']);
    const link = await api.http().post(`/v1/users/${editor.id}/sign-in-links`).set('Authorization', `Bearer ${admin.token}`).expect(201);
    const signedIn = await api.http().post('/v1/session/link').send({ token: new URL(link.body.url).hash.slice(1) }).expect(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;

    const stream = await openStream(`${base}/v1/events`, { Cookie: cookie });
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const [reporter, checker] = await Promise.all([api.user(['reporter']), api.user(['checker'])]);
      const article = await api.http().post('/v1/articles').set('Authorization', `Bearer ${reporter.token}`).send({ title: 'Talks', language: 'en', body: 'Russia and China held talks in Moscow this week.' }).expect(201);
      const claim = await api.http().post(`/v1/articles/${article.body.id}/claims`).set('Authorization', `Bearer ${reporter.token}`).send({ statement: 'Talks were held this week', anchor: { exact: 'this week' } }).expect(201);
      const claimEvents = () => stream.events.filter((e) => e.event === 'claim' && e.data.id === claim.body.id);

      await waitFor(async () => claimEvents().find((e) => e.data.action === 'submit'), { timeoutMs: 3000, what: 'the submission event' });
      expect(claimEvents()[0]!.data).toEqual({ id: claim.body.id, articleId: article.body.id, state: 'intake', version: 1, action: 'submit', actorId: reporter.id });
      // The worker moves it out of intake; then the checker takes it over HTTP.
      await waitFor(async () => claimEvents().find((e) => e.data.action === 'complete-intake'), { timeoutMs: 15_000, what: 'intake to finish' });
      const taken = await api.http().post('/v1/tasks/next').set('Authorization', `Bearer ${checker.token}`).send({ step: 'research' }).expect(200);
      const takenAt = Date.now();
      const take = await waitFor(async () => claimEvents().find((e) => e.data.action === 'take'), { timeoutMs: 3000, what: 'the take event' });
      expect(Date.now() - takenAt).toBeLessThan(2000);
      expect(take.data).toMatchObject({ state: 'research', version: taken.body.version, actorId: checker.id });

      // Evidence and a capture (an uploaded copy) are announced too.
      const source = await api.http().post('/v1/sources').set('Authorization', `Bearer ${checker.token}`).send({ url: 'https://example.org/statement', kind: 'primary', subtype: 'official-statement', capture: 'none' }).expect(201);
      await api.http().post(`/v1/claims/${claim.body.id}/evidence`).set('Authorization', `Bearer ${checker.token}`).send({ sourceId: source.body.id, stance: 'supports' }).expect(201);
      await waitFor(async () => stream.events.find((e) => e.event === 'evidence' && e.data.claimId === claim.body.id), { timeoutMs: 3000, what: 'the evidence event' });
      const upload = await api.http().post(`/v1/sources/${source.body.id}/uploads`).set('Authorization', `Bearer ${checker.token}`).send(Buffer.from('Talks were held this week.\n')).expect(202);
      await waitFor(async () => stream.events.find((e) => e.event === 'capture' && e.data.captureId === upload.body.id && e.data.status === 'ok'), { timeoutMs: 15_000, what: 'the capture event' });
      // The claim's signals against that capture follow, announced on their own.
      await waitFor(async () => stream.events.find((e) => e.event === 'signals' && e.data.claimId === claim.body.id && e.data.captureId === upload.body.id), { timeoutMs: 15_000, what: 'the signals event' });
      // A quiet stream still shows it is alive.
      await waitFor(async () => (stream.comments.includes('keepalive') ? true : null), { timeoutMs: 5000, what: 'a keepalive' });
    } finally {
      await stream.close();
    }
  }, 60_000);

  it('never announces a change that rolled back', async () => {
    const editor = await api.user(['editor']);
    const stream = await openStream(`${base}/v1/events`, { Authorization: `Bearer ${editor.token}` });
    try {
      const live = api.app.get(LiveEvents);
      expect(live.listening).toBe(true);
      await api.dataSource
        .transaction(async (manager) => {
          await manager.query(`SELECT pg_notify('factcheck_events', '{"type":"report","articleId":"rolled-back","version":1}')`);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await api.dataSource.query(`SELECT pg_notify('factcheck_events', '{"type":"report","articleId":"committed","version":1}')`);
      await waitFor(async () => stream.events.find((e) => e.data.articleId === 'committed'), { timeoutMs: 3000, what: 'the committed notification' });
      expect(stream.events.filter((e) => e.data.articleId === 'rolled-back')).toEqual([]);
    } finally {
      await stream.close();
    }
  });

  it('ends the stream at the next keepalive once the session is revoked', async () => {
    const admin = await api.user(['admin']);
    const checker = await api.user(['checker']);
    const link = await api.http().post(`/v1/users/${checker.id}/sign-in-links`).set('Authorization', `Bearer ${admin.token}`).expect(201);
    const signedIn = await api.http().post('/v1/session/link').send({ token: new URL(link.body.url).hash.slice(1) }).expect(200);
    const stream = await openStream(`${base}/v1/events`, { Cookie: String(signedIn.headers['set-cookie']).split(';')[0]! });
    try {
      await api.http().delete(`/v1/sessions/${signedIn.body.sessionId}`).set('Authorization', `Bearer ${admin.token}`).expect(204);
      await waitFor(async () => stream.ended, { timeoutMs: 5000, what: 'the stream to end' });
    } finally {
      await stream.close();
    }
  });

  it('refuses a stream without a token or session (401)', async () => {
    const response = await fetch(`${base}/v1/events`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the LISTEN connection (PostgreSQL server)', () => {
  let api: ApiHarness | null;
  let base: string;

  const harness = () => api!;

  beforeAll(async () => {
    api = await startApi();
    await api.app.listen(0, '127.0.0.1');
    base = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('reconnects when its connection is cut, tells open streams to resync, and delivers again', async () => {
    const running = harness();
    const editor = await running.user(['editor']);
    const stream = await openStream(`${base}/v1/events`, { Authorization: `Bearer ${editor.token}` });
    try {
      const [cut] = await running.dataSource.query(
        `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'factcheck live events') t`,
      );
      expect(cut.n).toBe(1);
      await waitFor(async () => stream.events.find((e) => e.event === 'resync'), { timeoutMs: 5000, what: 'the resync event' });
      await running.dataSource.query(`SELECT pg_notify('factcheck_events', '{"type":"report","articleId":"after-reconnect","version":2}')`);
      await waitFor(async () => stream.events.find((e) => e.data.articleId === 'after-reconnect'), { timeoutMs: 3000, what: 'an event after the reconnect' });
    } finally {
      await stream.close();
    }
  });

  it('ends open streams when the API shuts down', async () => {
    const editor = await harness().user(['editor']);
    const stream = await openStream(`${base}/v1/events`, { Authorization: `Bearer ${editor.token}` });
    const closing = harness().close();
    api = null;
    await closing;
    await waitFor(async () => stream.ended, { timeoutMs: 5000, what: 'the stream to end' });
  });
});
