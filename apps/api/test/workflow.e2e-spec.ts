import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { JobQueues, QUEUE_NAMES } from '@app/queue';
import { waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

interface User {
  id: string;
  token: string;
}

interface ClaimBody {
  id: string;
  articleId: string;
  state: string;
  version: number;
  kind: string | null;
  priority: string;
  assigneeId: string | null;
  leaseExpiresAt: string | null;
  failedStep: string | null;
  failure: string | null;
  proposal: { rating: string; rationale: string; proposedBy: string } | null;
}

interface TimelineItem {
  seq: number;
  action: string;
  from: string;
  to: string;
  actorId: string;
  comment: string | null;
  details: Record<string, unknown> | null;
}

interface NotificationItem {
  id: string;
  kind: string;
  claimId: string;
  message: string;
}

interface SubmitOptions {
  kind?: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  dueAt?: string;
}

/** Research here captures no source, so it must say why; the verdict can then only be unverifiable. */
const NO_SOURCE = { unverifiableReason: 'No source is captured in these tests.' };
const bearer = (user: User) => ({ Authorization: `Bearer ${user.token}` });
const actions = (timeline: TimelineItem[]) => timeline.map((entry) => entry.action);

/** Asserts an RFC 9457 problem with this status and code (and, if given, a problem naming the field). */
function expectProblem(response: Response, status: number, code: string, field?: string) {
  expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field) expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

/** One Prometheus sample with exactly these labels, or undefined. */
function metric(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** The desk as the tests drive it: articles, claims and transitions through the HTTP API only. */
async function openDesk(api: ApiHarness) {
  const reporter = await api.user(['reporter']);
  const desk = {
    api,
    reporter,

    /** An article of `sentences` unique sentences; each sentence is a valid anchor. */
    async article(language = 'en', sentences = 12): Promise<{ id: string; spans: string[] }> {
      const tag = randomBytes(4).toString('hex');
      const spans = Array.from({ length: sentences }, (_, i) => `Sentence ${tag}-${i} says the port handled ${i * 7 + 13} ships.`);
      const response = await desk.api
        .http()
        .post('/v1/articles')
        .set(bearer(desk.reporter))
        .send({ title: `Article ${tag}`, language, url: `https://news.example/${tag}`, body: spans.join(' ') });
      expect(response.status).toBe(201);
      return { id: response.body.id, spans };
    },

    async submit(articleId: string, span: string, options: SubmitOptions = {}): Promise<string> {
      const response = await desk.api
        .http()
        .post(`/v1/articles/${articleId}/claims`)
        .set(bearer(desk.reporter))
        .send({ statement: `Claim about: ${span}`, kind: options.kind ?? 'event', anchor: { exact: span }, ...(options.priority ? { priority: options.priority } : {}), ...(options.dueAt ? { dueAt: options.dueAt } : {}) });
      expect(response.status).toBe(201);
      return response.body.id;
    },

    async claim(id: string): Promise<ClaimBody> {
      const response = await desk.api.http().get(`/v1/claims/${id}`).set(bearer(desk.reporter));
      expect(response.status).toBe(200);
      return response.body;
    },

    async timeline(id: string): Promise<TimelineItem[]> {
      const response = await desk.api.http().get(`/v1/claims/${id}/timeline`).set(bearer(desk.reporter));
      expect(response.status).toBe(200);
      return response.body.items;
    },

    async waitForState(id: string, state: string): Promise<ClaimBody> {
      return waitFor(async () => {
        const claim = await desk.claim(id);
        return claim.state === state ? claim : null;
      }, { what: `claim ${id} to reach ${state}` });
    },

    /** A new article (in `language`) with `count` claims, all through intake and waiting in research. */
    async inResearch(count: number, options: SubmitOptions & { language?: string } = {}): Promise<{ articleId: string; ids: string[] }> {
      const article = await desk.article(options.language ?? 'en', Math.max(count, 1));
      const ids: string[] = [];
      for (const span of article.spans.slice(0, count)) ids.push(await desk.submit(article.id, span, options));
      for (const id of ids) await desk.waitForState(id, 'research');
      return { articleId: article.id, ids };
    },

    next(user: User, body: Record<string, unknown>): Promise<Response> {
      return desk.api.http().post('/v1/tasks/next').set(bearer(user)).send(body);
    },

    move(user: User, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
      return desk.api.http().post(`/v1/claims/${id}/transitions`).set(bearer(user)).set(headers).send(body);
    },

    /** A transition that must succeed: 200, the version goes up by one, and the ETag names it. */
    async moveOk(user: User, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<ClaimBody> {
      const before = await desk.claim(id);
      const response = await desk.move(user, id, body, headers);
      expect({ status: response.status, body: response.body }).toMatchObject({ status: 200, body: { id } });
      expect(response.body.version).toBe(before.version + 1);
      expect(response.headers.etag).toBe(`"${response.body.version}"`);
      return response.body;
    },

    async take(user: User, body: Record<string, unknown>): Promise<ClaimBody> {
      const response = await desk.next(user, body);
      expect(response.status).toBe(200);
      expect(response.body.assigneeId).toBe(user.id);
      return response.body;
    },

    /** A claim in review: researched and proposed by `checker` (who must not hold other tasks of the article). */
    async inReview(checker: User, options: { language?: string } = {}): Promise<ClaimBody> {
      const { articleId, ids } = await desk.inResearch(1, options);
      const taken = await desk.take(checker, { step: 'research', articleId });
      await desk.moveOk(checker, ids[0]!, { action: 'finish-research', ...NO_SOURCE, version: taken.version });
      const assessing = await desk.take(checker, { step: 'assessment', articleId });
      return desk.moveOk(checker, ids[0]!, { action: 'propose', version: assessing.version, rating: 'unverifiable', rationale: 'No port record could be found.' });
    },

    /**
     * Sends a request that must be refused with this problem, and proves it changed nothing: the claim's
     * version, its timeline and the number of audit events are the same afterwards.
     */
    async refused(claimId: string, send: () => Promise<Response>, status: number, code: string, field?: string): Promise<Response> {
      const before = { version: (await desk.claim(claimId)).version, timeline: (await desk.timeline(claimId)).length, audit: await desk.api.auditCount() };
      const response = await send();
      expectProblem(response, status, code, field);
      const after = { version: (await desk.claim(claimId)).version, timeline: (await desk.timeline(claimId)).length, audit: await desk.api.auditCount() };
      expect(after).toEqual(before);
      return response;
    },
  };
  return desk;
}

type Desk = Awaited<ReturnType<typeof openDesk>>;

describe('the review workflow through the HTTP API (with a worker)', () => {
  let api: ApiHarness;
  let desk: Desk;
  let checker: User;
  let checker2: User;
  let editor: User;
  let editor2: User;
  let auditor: User;
  let admin: User;

  beforeAll(async () => {
    api = await startApi({}, { worker: true });
    desk = await openDesk(api);
    [checker, checker2, editor, editor2, auditor, admin] = await Promise.all([
      api.user(['checker']),
      api.user(['checker']),
      api.user(['editor']),
      api.user(['editor']),
      api.user(['auditor']),
      api.user(['admin']),
    ]);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('allowed transitions', () => {
    it('takes a claim through every transition a person can make, each recorded in the timeline with its actor', async () => {
      const { articleId, ids } = await desk.inResearch(1);
      const id = ids[0]!;

      // take and release by the holder
      let claim = await desk.take(checker, { step: 'research', articleId });
      expect(claim).toMatchObject({ id, state: 'research', assigneeId: checker.id });
      expect(Date.parse(claim.leaseExpiresAt!)).toBeGreaterThan(Date.now());
      claim = await desk.moveOk(checker, id, { action: 'release', version: claim.version });
      expect(claim).toMatchObject({ state: 'research', assigneeId: null, leaseExpiresAt: null });

      // release by an editor on the holder's behalf, with a comment
      claim = await desk.take(checker, { step: 'research', articleId });
      claim = await desk.moveOk(editor, id, { action: 'release', version: claim.version, comment: 'Checker is off sick' });
      expect(claim.assigneeId).toBeNull();

      // reassign in research, then finish research (version via If-Match)
      claim = await desk.moveOk(editor, id, { action: 'reassign', version: claim.version, assigneeId: checker2.id });
      expect(claim).toMatchObject({ state: 'research', assigneeId: checker2.id });
      claim = await desk.moveOk(checker2, id, { action: 'finish-research', ...NO_SOURCE }, { 'If-Match': `"${claim.version}"` });
      expect(claim).toMatchObject({ state: 'assessment', assigneeId: null });

      // reassign in assessment, propose
      claim = await desk.moveOk(editor, id, { action: 'reassign', version: claim.version, assigneeId: checker.id });
      expect(claim).toMatchObject({ state: 'assessment', assigneeId: checker.id });
      claim = await desk.moveOk(checker, id, { action: 'propose', version: claim.version, rating: 'unverifiable', rationale: 'The port publishes no ship counts.' });
      expect(claim).toMatchObject({ state: 'review', assigneeId: null, proposal: { rating: 'unverifiable', proposedBy: checker.id } });

      // take in review, return to research
      claim = await desk.take(editor, { step: 'review', articleId });
      claim = await desk.moveOk(editor, id, { action: 'return', version: claim.version, to: 'research', comment: 'Find the harbour master report' });
      expect(claim).toMatchObject({ state: 'research', assigneeId: null, proposal: null });

      // round two: back to review, reassign the review, return to assessment
      claim = await desk.take(checker, { step: 'research', articleId });
      claim = await desk.moveOk(checker, id, { action: 'finish-research', ...NO_SOURCE, version: claim.version });
      claim = await desk.take(checker, { step: 'assessment', articleId });
      claim = await desk.moveOk(checker, id, { action: 'propose', version: claim.version, rating: 'unverifiable', rationale: 'The harbour master did not answer.' });
      claim = await desk.moveOk(editor, id, { action: 'reassign', version: claim.version, assigneeId: editor2.id });
      expect(claim).toMatchObject({ state: 'review', assigneeId: editor2.id });
      claim = await desk.moveOk(editor2, id, { action: 'return', version: claim.version, to: 'assessment', comment: 'Rating should be mostly accurate' });
      expect(claim).toMatchObject({ state: 'assessment', assigneeId: null });

      // round three: approve, then reopen (with a reason) back to assessment
      claim = await desk.take(checker, { step: 'assessment', articleId });
      claim = await desk.moveOk(checker, id, { action: 'propose', version: claim.version, rating: 'unverifiable', rationale: 'Still no record.' });
      claim = await desk.moveOk(editor2, id, { action: 'approve', version: claim.version });
      expect(claim).toMatchObject({ state: 'done', assigneeId: null });
      claim = await desk.moveOk(editor, id, { action: 'reopen', version: claim.version, comment: 'Reader sent new port statistics' });
      expect(claim).toMatchObject({ state: 'assessment', assigneeId: null });

      const timeline = await desk.timeline(id);
      expect(timeline.map(({ action, from, to, actorId }) => ({ action, from, to, actorId }))).toEqual([
        { action: 'submit', from: '', to: 'intake', actorId: desk.reporter.id },
        { action: 'complete-intake', from: 'intake', to: 'research', actorId: 'system:intake' },
        { action: 'take', from: 'research', to: 'research', actorId: checker.id },
        { action: 'release', from: 'research', to: 'research', actorId: checker.id },
        { action: 'take', from: 'research', to: 'research', actorId: checker.id },
        { action: 'release', from: 'research', to: 'research', actorId: editor.id },
        { action: 'reassign', from: 'research', to: 'research', actorId: editor.id },
        { action: 'finish-research', from: 'research', to: 'assessment', actorId: checker2.id },
        { action: 'reassign', from: 'assessment', to: 'assessment', actorId: editor.id },
        { action: 'propose', from: 'assessment', to: 'review', actorId: checker.id },
        { action: 'take', from: 'review', to: 'review', actorId: editor.id },
        { action: 'return', from: 'review', to: 'research', actorId: editor.id },
        { action: 'take', from: 'research', to: 'research', actorId: checker.id },
        { action: 'finish-research', from: 'research', to: 'assessment', actorId: checker.id },
        { action: 'take', from: 'assessment', to: 'assessment', actorId: checker.id },
        { action: 'propose', from: 'assessment', to: 'review', actorId: checker.id },
        { action: 'reassign', from: 'review', to: 'review', actorId: editor.id },
        { action: 'return', from: 'review', to: 'assessment', actorId: editor2.id },
        { action: 'take', from: 'assessment', to: 'assessment', actorId: checker.id },
        { action: 'propose', from: 'assessment', to: 'review', actorId: checker.id },
        { action: 'approve', from: 'review', to: 'done', actorId: editor2.id },
        { action: 'reopen', from: 'done', to: 'assessment', actorId: editor.id },
      ]);
      expect(timeline.find((e) => e.action === 'release' && e.actorId === editor.id)).toMatchObject({ comment: 'Checker is off sick', details: { releasedFrom: checker.id } });
      expect(timeline.at(-1)!.comment).toBe('Reader sent new port statistics');
      expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i));
    });

    it('describes the workflow (steps, human steps, transitions) to any signed-in user', async () => {
      const response = await api.http().get('/v1/workflow').set(bearer(desk.reporter)).expect(200);
      expect(response.body.steps).toEqual(['intake', 'research', 'assessment', 'review', 'done', 'failed']);
      expect(response.body.humanSteps).toEqual(['research', 'assessment', 'review']);
      expect(response.body.transitions.approve).toMatchObject({ from: ['review'], by: ['editor'], to: 'done', notProposer: true });
    });
  });

  describe('refused transitions change nothing', () => {
    it('refuses a user without a workflow role (403 forbidden) and a role the action does not belong to (403 wrong-role)', async () => {
      const proposer = await api.user(['checker']);
      const review = await desk.inReview(proposer);
      await desk.refused(review.id, () => desk.move(desk.reporter, review.id, { action: 'approve', version: review.version }), 403, 'forbidden');
      await desk.refused(review.id, () => desk.move(auditor, review.id, { action: 'approve', version: review.version }), 403, 'forbidden');
      await desk.refused(review.id, () => desk.move(checker, review.id, { action: 'approve', version: review.version }), 403, 'wrong-role');
      await desk.refused(review.id, () => desk.move(admin, review.id, { action: 'approve', version: review.version }), 403, 'wrong-role');
      await desk.refused(review.id, () => desk.move(checker, review.id, { action: 'reassign', version: review.version, assigneeId: editor.id }), 403, 'wrong-role');

      const { ids } = await desk.inResearch(1);
      const research = await desk.claim(ids[0]!);
      await desk.refused(research.id, () => desk.move(editor, research.id, { action: 'finish-research', ...NO_SOURCE, version: research.version }), 403, 'wrong-role');
      await desk.refused(research.id, () => desk.next(editor, { step: 'research', articleId: research.articleId }), 403, 'wrong-role');
      await desk.refused(research.id, () => desk.next(desk.reporter, { step: 'research', articleId: research.articleId }), 403, 'forbidden');
    });

    it('refuses an action the claim\'s step does not offer with 409 transition-not-allowed', async () => {
      const { ids } = await desk.inResearch(1);
      const claim = await desk.claim(ids[0]!);
      await desk.refused(claim.id, () => desk.move(editor, claim.id, { action: 'approve', version: claim.version }), 409, 'transition-not-allowed');
      await desk.refused(claim.id, () => desk.move(checker, claim.id, { action: 'propose', version: claim.version, rating: 'unverifiable', rationale: 'x' }), 409, 'transition-not-allowed');
      await desk.refused(claim.id, () => desk.move(editor, claim.id, { action: 'reopen', version: claim.version, comment: 'not done yet' }), 409, 'transition-not-allowed');
      await desk.refused(claim.id, () => desk.move(editor, claim.id, { action: 'return', version: claim.version, to: 'research', comment: 'not in review' }), 409, 'transition-not-allowed');
    });

    it('refuses a retry of a claim that has not failed with 409 transition-not-allowed', async () => {
      const { ids } = await desk.inResearch(1);
      const claim = await desk.claim(ids[0]!);
      await desk.refused(claim.id, () => desk.move(editor, claim.id, { action: 'retry', version: claim.version }), 409, 'transition-not-allowed');
      await desk.refused(claim.id, () => desk.move(admin, claim.id, { action: 'retry', version: claim.version }), 409, 'transition-not-allowed');
    });

    it('refuses a stale version, in the body or in If-Match, with 409 stale-version naming the current version', async () => {
      const { articleId, ids } = await desk.inResearch(1);
      const claim = await desk.take(checker, { step: 'research', articleId });
      const stale = claim.version - 1;
      const inBody = await desk.refused(claim.id, () => desk.move(checker, claim.id, { action: 'finish-research', ...NO_SOURCE, version: stale }), 409, 'stale-version', 'version');
      expect(inBody.body.currentVersion).toBe(claim.version);
      const inHeader = await desk.refused(ids[0]!, () => desk.move(checker, claim.id, { action: 'finish-research', ...NO_SOURCE }, { 'If-Match': `"${stale}"` }), 409, 'stale-version', 'version');
      expect(inHeader.body.currentVersion).toBe(claim.version);
      await desk.refused(claim.id, () => desk.move(checker, claim.id, { action: 'finish-research', ...NO_SOURCE, version: claim.version + 1 }), 409, 'stale-version');
      await desk.refused(claim.id, () => desk.move(checker, claim.id, { action: 'finish-research', ...NO_SOURCE }), 400, 'version-required', 'version');
      // The right version still works afterwards.
      await desk.moveOk(checker, claim.id, { action: 'finish-research', ...NO_SOURCE }, { 'If-Match': `"${claim.version}"` });
    });

    it('refuses the proposer approving, returning or taking their own verdict (403 four-eyes)', async () => {
      const both = await api.user(['checker', 'editor']);
      const review = await desk.inReview(both);
      expect(review.proposal!.proposedBy).toBe(both.id);
      await desk.refused(review.id, () => desk.move(both, review.id, { action: 'approve', version: review.version }), 403, 'four-eyes');
      await desk.refused(review.id, () => desk.move(both, review.id, { action: 'return', version: review.version, to: 'research', comment: 'hmm' }), 403, 'four-eyes');
      // The review queue never hands the proposer their own verdict.
      const own = await desk.next(both, { step: 'review', articleId: review.articleId });
      expect(own.status).toBe(204);
      // Nor can an editor assign it to them.
      await desk.refused(review.id, () => desk.move(editor, review.id, { action: 'reassign', version: review.version, assigneeId: both.id }), 422, 'invalid-assignee', 'assigneeId');
      expect((await desk.claim(review.id)).state).toBe('review');
    });

    it('refuses a return or reopen without a comment (422 naming comment), and keeps the claim where it was', async () => {
      const proposer = await api.user(['checker']);
      const review = await desk.inReview(proposer);
      await desk.refused(review.id, () => desk.move(editor, review.id, { action: 'return', version: review.version, to: 'research' }), 422, 'comment-required', 'comment');
      const done = await desk.moveOk(editor, review.id, { action: 'approve', version: review.version });
      await desk.refused(done.id, () => desk.move(editor, done.id, { action: 'reopen', version: done.version }), 422, 'comment-required', 'comment');
      expect((await desk.claim(done.id)).state).toBe('done');
    });

    it('refuses acting inside another person\'s lease (409 task-leased)', async () => {
      const { articleId, ids } = await desk.inResearch(1);
      const claim = await desk.take(checker, { step: 'research', articleId });
      await desk.refused(ids[0]!, () => desk.move(checker2, claim.id, { action: 'finish-research', ...NO_SOURCE, version: claim.version }), 409, 'task-leased');
      await desk.refused(ids[0]!, () => desk.move(checker2, claim.id, { action: 'release', version: claim.version }), 409, 'task-leased');
      // An editor releasing on the holder's behalf must say why.
      await desk.refused(ids[0]!, () => desk.move(editor, claim.id, { action: 'release', version: claim.version }), 422, 'comment-required', 'comment');
      expect((await desk.next(checker2, { step: 'research', articleId })).status).toBe(204);

      const proposer = await api.user(['checker']);
      const review = await desk.inReview(proposer);
      const leased = await desk.take(editor, { step: 'review', articleId: review.articleId });
      await desk.refused(review.id, () => desk.move(editor2, review.id, { action: 'approve', version: leased.version }), 409, 'task-leased');
      await desk.refused(review.id, () => desk.move(editor2, review.id, { action: 'return', version: leased.version, to: 'assessment', comment: 'mine' }), 409, 'task-leased');
    });

    it('refuses reassigning to someone without the step\'s role, or to nobody known (422 assigneeId)', async () => {
      const { ids } = await desk.inResearch(1);
      const claim = await desk.claim(ids[0]!);
      await desk.refused(claim.id, () => desk.move(editor, claim.id, { action: 'reassign', version: claim.version, assigneeId: editor2.id }), 422, 'invalid-assignee', 'assigneeId');
      await desk.refused(claim.id, () => desk.move(editor, claim.id, { action: 'reassign', version: claim.version, assigneeId: desk.reporter.id }), 422, 'invalid-assignee', 'assigneeId');
      await desk.refused(
        claim.id,
        () => desk.move(editor, claim.id, { action: 'reassign', version: claim.version, assigneeId: '00000000-0000-4000-8000-000000000000' }),
        422,
        'invalid-assignee',
        'assigneeId',
      );
      const proposer = await api.user(['checker']);
      const review = await desk.inReview(proposer);
      await desk.refused(review.id, () => desk.move(editor, review.id, { action: 'reassign', version: review.version, assigneeId: checker.id }), 422, 'invalid-assignee', 'assigneeId');
    });
  });

  describe('the work queue', () => {
    it('gives two checkers pulling at the same moment different tasks', async () => {
      const { articleId, ids } = await desk.inResearch(2);
      const [a, b] = await Promise.all([desk.next(checker, { step: 'research', articleId }), desk.next(checker2, { step: 'research', articleId })]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.id).not.toBe(b.body.id);
      expect([a.body.id, b.body.id].sort()).toEqual([...ids].sort());
      expect(a.body.assigneeId).toBe(checker.id);
      expect(b.body.assigneeId).toBe(checker2.id);
    });

    it('answers 204 to the pullers left over when there are more pullers than tasks', async () => {
      const { articleId, ids } = await desk.inResearch(3);
      const pullers = await Promise.all(Array.from({ length: 7 }, () => api.user(['checker'])));
      const responses = await Promise.all(pullers.map((p) => desk.next(p, { step: 'research', articleId })));
      const taken = responses.filter((r) => r.status === 200);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 204, 204, 204, 204]);
      expect(taken.map((r) => r.body.id).sort()).toEqual([...ids].sort());
      expect(responses.filter((r) => r.status === 204).every((r) => r.text === '')).toBe(true);
      for (const id of ids) expect(actions(await desk.timeline(id)).filter((a) => a === 'take')).toHaveLength(1);
    });

    it('hands out urgent work first, then the earliest due, then the oldest', async () => {
      const article = await desk.article('en', 8);
      const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
      const submitted: Record<string, string> = {};
      const plan: [string, SubmitOptions][] = [
        ['low-due-soon', { priority: 'low', dueAt: inHours(1) }],
        ['normal-old', { priority: 'normal' }],
        ['normal-due-2h', { priority: 'normal', dueAt: inHours(2) }],
        ['high', { priority: 'high' }],
        ['normal-due-1h', { priority: 'normal', dueAt: inHours(1) }],
        ['normal-new', { priority: 'normal' }],
        ['urgent-due-late', { priority: 'urgent', dueAt: inHours(48) }],
      ];
      for (const [index, [name, options]] of plan.entries()) {
        submitted[name] = await desk.submit(article.id, article.spans[index]!, options);
        await sleep(5);
      }
      for (const id of Object.values(submitted)) await desk.waitForState(id, 'research');
      const order: string[] = [];
      for (;;) {
        const response = await desk.next(checker, { step: 'research', articleId: article.id });
        if (response.status === 204) break;
        expect(response.status).toBe(200);
        order.push(Object.entries(submitted).find(([, id]) => id === response.body.id)![0]);
      }
      expect(order).toEqual(['urgent-due-late', 'high', 'normal-due-1h', 'normal-due-2h', 'normal-old', 'normal-new', 'low-due-soon']);
    });

    it('filters the next task by article, kind and language (a base language matches its regional variants)', async () => {
      const fr = await desk.article('fr-CA', 3);
      const frNumber = await desk.submit(fr.id, fr.spans[0]!, { kind: 'number' });
      const frQuote = await desk.submit(fr.id, fr.spans[1]!, { kind: 'quote' });
      const de = await desk.article('de', 2);
      const deNumber = await desk.submit(de.id, de.spans[0]!, { kind: 'number' });
      for (const id of [frNumber, frQuote, deNumber]) await desk.waitForState(id, 'research');

      expect((await desk.next(checker, { step: 'research', kind: 'attribution', language: 'fr' })).status).toBe(204);
      expect((await desk.next(checker, { step: 'research', language: 'es' })).status).toBe(204);
      expect((await desk.take(checker, { step: 'research', kind: 'quote', language: 'fr' })).id).toBe(frQuote);
      expect((await desk.take(checker, { step: 'research', language: 'fr-CA', kind: 'number' })).id).toBe(frNumber);
      expect((await desk.next(checker, { step: 'research', language: 'fr' })).status).toBe(204);
      expect((await desk.take(checker2, { step: 'research', kind: 'number', articleId: de.id })).id).toBe(deNumber);
      expect((await desk.next(checker2, { step: 'research', articleId: de.id })).status).toBe(204);
    });

    it('lists open leases with their assignee for editors (GET /v1/tasks) and each person\'s own (GET /v1/tasks/mine)', async () => {
      const [alice, bob] = await Promise.all([api.user(['checker']), api.user(['checker'])]);
      const { articleId, ids } = await desk.inResearch(3);
      const a1 = await desk.take(alice, { step: 'research', articleId });
      const b1 = await desk.take(bob, { step: 'research', articleId });
      const a2 = await desk.take(alice, { step: 'research', articleId });
      await desk.moveOk(alice, a2.id, { action: 'finish-research', ...NO_SOURCE, version: a2.version });
      const a3 = await desk.take(alice, { step: 'assessment', articleId });
      expect(a3.id).toBe(a2.id);
      expect(new Set([a1.id, b1.id, a2.id])).toEqual(new Set(ids));

      const all = await api.http().get('/v1/tasks').set(bearer(editor)).expect(200);
      const ours = all.body.items.filter((t: ClaimBody) => t.articleId === articleId);
      expect(ours.map((t: ClaimBody) => ({ id: t.id, assigneeId: t.assigneeId, state: t.state })).sort((x: ClaimBody, y: ClaimBody) => x.id.localeCompare(y.id))).toEqual(
        [
          { id: a1.id, assigneeId: alice.id, state: 'research' },
          { id: b1.id, assigneeId: bob.id, state: 'research' },
          { id: a2.id, assigneeId: alice.id, state: 'assessment' },
        ].sort((x, y) => x.id.localeCompare(y.id)),
      );
      expect(all.body.items.every((t: ClaimBody) => t.assigneeId !== null && Date.parse(t.leaseExpiresAt!) > Date.now() - 1000)).toBe(true);

      const ofAlice = await api.http().get('/v1/tasks').query({ assigneeId: alice.id }).set(bearer(auditor)).expect(200);
      expect(ofAlice.body.items.map((t: ClaimBody) => t.id).sort()).toEqual([a1.id, a2.id].sort());
      const aliceAssessing = await api.http().get('/v1/tasks').query({ assigneeId: alice.id, step: 'assessment' }).set(bearer(editor)).expect(200);
      expect(aliceAssessing.body.items.map((t: ClaimBody) => t.id)).toEqual([a2.id]);

      const mine = await api.http().get('/v1/tasks/mine').set(bearer(alice)).expect(200);
      expect(mine.body.items.map((t: ClaimBody) => t.id).sort()).toEqual([a1.id, a2.id].sort());
      const bobs = await api.http().get('/v1/tasks/mine').set(bearer(bob)).expect(200);
      expect(bobs.body.items.map((t: ClaimBody) => t.id)).toEqual([b1.id]);

      await desk.moveOk(bob, b1.id, { action: 'release', version: b1.version });
      expect((await api.http().get('/v1/tasks/mine').set(bearer(bob)).expect(200)).body.items).toEqual([]);
      expectProblem(await api.http().get('/v1/tasks').set(bearer(alice)), 403, 'forbidden');
    });
  });

  it('lets exactly one of 20 editors approving the same version at once succeed, the others get 409', async () => {
    const proposer = await api.user(['checker']);
    const review = await desk.inReview(proposer);
    const editors = await Promise.all(Array.from({ length: 20 }, () => api.user(['editor'])));
    const auditBefore = await api.auditCount();
    const responses = await Promise.all(editors.map((e) => desk.move(e, review.id, { action: 'approve', version: review.version })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'stale-version')).toBe(true);
    const winner = editors[statuses.indexOf(200)]!;

    const claim = await desk.claim(review.id);
    expect(claim).toMatchObject({ state: 'done', version: review.version + 1 });
    const approvals = (await desk.timeline(review.id)).filter((e) => e.action === 'approve');
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.actorId).toBe(winner.id);
    expect(await api.auditCount()).toBe(auditBefore + 1);

    const verify = await api.http().get('/v1/audit/verify').set(bearer(auditor)).expect(200);
    expect(verify.body).toMatchObject({ ok: true, problems: [] });
  });

  describe('notifications', () => {
    const notificationsOf = async (user: User): Promise<NotificationItem[]> =>
      (await api.http().get('/v1/me/notifications').set(bearer(user)).expect(200)).body.items;

    it('tells the proposer when their verdict is returned, and the new assignee when a task is reassigned, once each', async () => {
      const proposer = await api.user(['checker']);
      const newcomer = await api.user(['checker']);
      const review = await desk.inReview(proposer);
      const returned = await desk.moveOk(editor, review.id, { action: 'return', version: review.version, to: 'research', comment: 'Source the 13 ships figure' });
      await desk.moveOk(editor, review.id, { action: 'reassign', version: returned.version, assigneeId: newcomer.id });

      const forProposer = await waitFor(async () => {
        const items = await notificationsOf(proposer);
        return items.length ? items : null;
      }, { what: 'the proposer to be notified' });
      const forNewcomer = await waitFor(async () => {
        const items = await notificationsOf(newcomer);
        return items.length ? items : null;
      }, { what: 'the new assignee to be notified' });

      // Long enough for several reconciler ticks: nothing is delivered twice.
      await sleep(1200);
      expect(await notificationsOf(proposer)).toEqual(forProposer);
      expect(await notificationsOf(newcomer)).toEqual(forNewcomer);
      expect(forProposer).toHaveLength(1);
      expect(forProposer[0]).toMatchObject({ kind: 'claim.return', claimId: review.id });
      expect(forProposer[0]!.message).toContain('Source the 13 ships figure');
      expect(forNewcomer).toHaveLength(1);
      expect(forNewcomer[0]).toMatchObject({ kind: 'claim.reassign', claimId: review.id });
      expect(forNewcomer[0]!.message).toContain('research');
      // The editor who did both is told nothing.
      expect((await notificationsOf(editor)).filter((n) => n.claimId === review.id)).toEqual([]);
    });
  });

  describe('the queue dashboard at /admin/queues', () => {
    it('asks for credentials (401 with WWW-Authenticate) without a token or with a bad one', async () => {
      const none = await api.http().get('/admin/queues');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic realm=/);
      const bad = await api.http().get('/admin/queues').set('Authorization', 'Bearer fcd_not-a-real-token');
      expect(bad.status).toBe(401);
      expect(bad.headers['www-authenticate']).toMatch(/^Basic/);
    });

    it('refuses a non-admin token with 403, by bearer and by Basic auth', async () => {
      expect((await api.http().get('/admin/queues').set(bearer(editor))).status).toBe(403);
      const basic = Buffer.from(`x:${editor.token}`).toString('base64');
      expect((await api.http().get('/admin/queues').set('Authorization', `Basic ${basic}`)).status).toBe(403);
    });

    it('serves the dashboard HTML to an admin token sent as bearer or as the Basic auth password', async () => {
      const viaBearer = await api.http().get('/admin/queues').set(bearer(admin));
      expect(viaBearer.status).toBe(200);
      expect(viaBearer.headers['content-type']).toMatch(/^text\/html/);
      expect(viaBearer.text).toMatch(/<html/i);
      const basic = Buffer.from(`x:${admin.token}`).toString('base64');
      const viaBasic = await api.http().get('/admin/queues').set('Authorization', `Basic ${basic}`);
      expect(viaBasic.status).toBe(200);
      expect(viaBasic.headers['content-type']).toMatch(/^text\/html/);
      const queues = await api.http().get('/admin/queues/api/queues').set('Authorization', `Basic ${basic}`);
      expect(queues.status).toBe(200);
      expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    });
  });
});

describe('an expired task lease (TASK_LEASE_MS 300)', () => {
  let api: ApiHarness;
  let desk: Desk;

  beforeAll(async () => {
    api = await startApi({ TASK_LEASE_MS: '300' }, { worker: true });
    desk = await openDesk(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('returns the task to the queue: the worker records expire-lease and another checker can take it', async () => {
    const [first, second] = await Promise.all([api.user(['checker']), api.user(['checker'])]);
    const { articleId, ids } = await desk.inResearch(1);
    const taken = await desk.take(first, { step: 'research', articleId });
    expect(taken.id).toBe(ids[0]);

    const expired = await waitFor(async () => (await desk.timeline(taken.id)).find((e) => e.action === 'expire-lease'), { what: 'the lease to expire' });
    expect(expired).toMatchObject({ from: 'research', to: 'research', actorId: 'system:lease-timer', details: { expiredLeaseOf: first.id } });
    expect(await desk.claim(taken.id)).toMatchObject({ state: 'research', assigneeId: null, leaseExpiresAt: null });

    const again = await desk.take(second, { step: 'research', articleId });
    expect(again.id).toBe(taken.id);
    // The first checker's lease is over: they cannot act on the version they had.
    expectProblem(await desk.move(first, taken.id, { action: 'finish-research', ...NO_SOURCE, version: taken.version }), 409, 'stale-version');
    expect(actions(await desk.timeline(taken.id)).slice(0, 5)).toEqual(['submit', 'complete-intake', 'take', 'expire-lease', 'take']);
  });
});

describe('an intake step that keeps failing (JOB_ATTEMPTS 3)', () => {
  let api: ApiHarness;
  let desk: Desk;

  beforeAll(async () => {
    api = await startApi({ JOB_ATTEMPTS: '3' }, { worker: true });
    desk = await openDesk(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('ends in failed with its error after every attempt, and an editor\'s retry completes it once the fault is gone', async () => {
    const [checker, editor] = await Promise.all([api.user(['checker']), api.user(['editor'])]);
    await api.dataSource.query(`CREATE FUNCTION test_injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$`);
    await api.dataSource.query(
      `CREATE TRIGGER test_injected_fault BEFORE INSERT ON claim_transitions FOR EACH ROW WHEN (NEW.action = 'complete-intake') EXECUTE FUNCTION test_injected_fault()`,
    );
    const article = await desk.article('en', 1);
    const id = await desk.submit(article.id, article.spans[0]!);

    const failed = await waitFor(async () => {
      const claim = await desk.claim(id);
      return claim.state === 'failed' ? claim : null;
    }, { what: 'the claim to fail' });
    expect(failed.failure).toContain('injected fault');
    expect(failed.failedStep).toBe('intake');
    const timeline = await desk.timeline(id);
    expect(actions(timeline)).toEqual(['submit', 'fail']);
    expect(timeline[1]).toMatchObject({ from: 'intake', to: 'failed', actorId: 'system:intake', details: { attempts: 3 } });
    expect(String(timeline[1]!.details!.error)).toContain('injected fault');
    // BullMQ keeps the job's own record of the failure (it learns of it just after Postgres does).
    const job = await waitFor(async () => {
      const found = await api.app.get(JobQueues).queue('intake').getJob(`intake.${id}.0`);
      return found && (await found.getState()) === 'failed' ? found : null;
    }, { what: 'the intake job to be failed in BullMQ', timeoutMs: 5000 });
    expect(job.attemptsMade).toBe(3);
    expect(job.failedReason).toContain('injected fault');

    await desk.refused(id, () => desk.move(checker, id, { action: 'retry', version: failed.version }), 403, 'wrong-role');

    await api.dataSource.query('DROP TRIGGER test_injected_fault ON claim_transitions');
    await api.dataSource.query('DROP FUNCTION test_injected_fault()');
    const retried = await desk.moveOk(editor, id, { action: 'retry', version: failed.version });
    expect(retried.state).toBe('intake');
    const researched = await desk.waitForState(id, 'research');
    expect(researched).toMatchObject({ failure: null, failedStep: null });

    const after = await desk.timeline(id);
    expect(actions(after)).toEqual(['submit', 'fail', 'retry', 'complete-intake']);
    expect(after[2]).toMatchObject({ from: 'failed', to: 'intake', actorId: editor.id });
    // Nothing runs the step a second time.
    await sleep(800);
    expect(actions(await desk.timeline(id)).filter((a) => a === 'complete-intake')).toHaveLength(1);
  });
});

describe('GET /metrics', () => {
  let api: ApiHarness;
  let desk: Desk;

  beforeAll(async () => {
    api = await startApi({}, { worker: true });
    desk = await openDesk(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('exposes queue jobs, claims per step and transition counts matching what happened, without a token', async () => {
    const checker = await api.user(['checker']);
    const { articleId, ids } = await desk.inResearch(3);
    const taken = await desk.take(checker, { step: 'research', articleId });
    await desk.moveOk(checker, taken.id, { action: 'finish-research', ...NO_SOURCE, version: taken.version });
    expect(ids).toContain(taken.id);

    const text = await waitFor(async () => {
      const response = await api.http().get('/metrics');
      expect(response.status).toBe(200);
      return metric(response.text, 'factcheck_queue_jobs', { queue: 'intake', state: 'completed' }) === 3 ? response.text : null;
    }, { what: 'three completed intake jobs in the metrics' });

    expect(metric(text, 'factcheck_queue_jobs', { queue: 'intake', state: 'completed' })).toBe(3);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(metric(text, 'factcheck_queue_jobs', { queue: 'intake', state })).toBe(0);
    expect(metric(text, 'factcheck_claims', { step: 'research' })).toBe(2);
    expect(metric(text, 'factcheck_claims', { step: 'assessment' })).toBe(1);
    expect(metric(text, 'factcheck_claims', { step: 'intake' })).toBeUndefined();
    expect(metric(text, 'factcheck_transitions_total', { action: 'complete-intake', from: 'intake', to: 'research' })).toBe(3);
    expect(metric(text, 'factcheck_transitions_total', { action: 'take', from: 'research', to: 'research' })).toBe(1);
    expect(metric(text, 'factcheck_transitions_total', { action: 'finish-research', from: 'research', to: 'assessment' })).toBe(1);
    expect(metric(text, 'factcheck_transitions_total', { action: 'approve', from: 'review', to: 'done' })).toBeUndefined();
    expect(metric(text, 'factcheck_outbox_open_jobs', {})).toBe(0);
  });
});
