import { readFileSync } from 'node:fs';
import { describeDeployment, EMBEDDED, EMBEDDED_REDIS_QUEUES, SERVER_POSTGRES_QUEUES, SERVER_REDIS, waitFor } from '@app/testing';
import { startApi, type ApiHarness } from './harness.js';

const body = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');

// The main path on every deployment the README offers: the domain code must not notice which runs.
describe.each([SERVER_REDIS, SERVER_POSTGRES_QUEUES, EMBEDDED, EMBEDDED_REDIS_QUEUES].map((deployment) => [describeDeployment(deployment), deployment] as const))(
  'a claim through the whole workflow (%s)',
  (_name, deployment) => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await startApi({}, { worker: true, deployment });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
    });

    it('is ready, with its queues where the deployment puts them', async () => {
      expect((await api.http().get('/ready').expect(200)).body).toMatchObject({ status: 'ready', checks: { postgres: 'ok', queues: 'ok' }, queueBackend: deployment.queues });
    });

    it('goes intake → research → assessment → review → done with a timeline of who did what', async () => {
      const [reporter, checker, editor] = await Promise.all([api.user(['reporter']), api.user(['checker']), api.user(['editor'])]);
      const as = (token: string) => ({ Authorization: `Bearer ${token}` });
      const article = await api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 't', language: 'ar', url: 'https://news.example/a', body }).expect(201);
      const submitted = await api
        .http()
        .post(`/v1/articles/${article.body.id}/claims`)
        .set(as(reporter.token))
        .send({ statement: 'وقعت المعاهدة عام 2001', anchor: { exact: 'الموقعة عام 2001' } })
        .expect(201);
      const id = submitted.body.id as string;

      const researched = await waitFor(async () => {
        const claim = await api.http().get(`/v1/claims/${id}`).set(as(checker.token)).expect(200);
        return claim.body.state === 'research' ? claim.body : null;
      }, { what: 'intake to finish' });
      expect(researched.kind).toBe('date');
      expect(researched.intake).toMatchObject({ anchorVerified: true, kindGuessed: true });

      const taken = await api.http().post('/v1/tasks/next').set(as(checker.token)).send({ step: 'research' }).expect(200);
      expect(taken.body).toMatchObject({ id, assigneeId: checker.id });
      let claim = (await api.http().post(`/v1/claims/${id}/transitions`).set(as(checker.token)).send({ action: 'finish-research', version: taken.body.version, unverifiableReason: 'No primary source is reachable from this test.' }).expect(200)).body;
      expect(claim.state).toBe('assessment');
      claim = (await api.http().post('/v1/tasks/next').set(as(checker.token)).send({ step: 'assessment' }).expect(200)).body;
      claim = (
        await api.http().post(`/v1/claims/${id}/transitions`).set(as(checker.token))
          .send({ action: 'propose', version: claim.version, rating: 'unverifiable', rationale: 'No source could be captured.' })
          .expect(200)
      ).body;
      expect(claim).toMatchObject({ state: 'review', proposal: { rating: 'unverifiable', proposedBy: checker.id } });
      claim = (await api.http().post(`/v1/claims/${id}/transitions`).set(as(editor.token)).set('If-Match', `"${claim.version}"`).send({ action: 'approve' }).expect(200)).body;
      expect(claim.state).toBe('done');

      const timeline = await api.http().get(`/v1/claims/${id}/timeline`).set(as(editor.token)).expect(200);
      expect(timeline.body.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'complete-intake', 'take', 'finish-research', 'take', 'propose', 'approve']);
      expect(timeline.body.items.at(-1)).toMatchObject({ actorId: editor.id, from: 'review', to: 'done' });
    });

    it('shows the checker earlier claims with a similar statement, diacritics aside', async () => {
      const [reporter, checker] = await Promise.all([api.user(['reporter']), api.user(['checker'])]);
      const as = (token: string) => ({ Authorization: `Bearer ${token}` });
      const article = await api.http().post('/v1/articles').set(as(reporter.token)).send({ title: 't', language: 'ar', body }).expect(201);
      const submit = async (statement: string, exact: string) =>
        (await api.http().post(`/v1/articles/${article.body.id}/claims`).set(as(reporter.token)).send({ statement, anchor: { exact } }).expect(201)).body.id as string;
      const researched = async (id: string) =>
        waitFor(async () => {
          const claim = (await api.http().get(`/v1/claims/${id}`).set(as(checker.token))).body;
          return claim.state === 'research' ? claim : null;
        }, { what: 'intake' });
      const first = await submit('التقى شويجو وزير الخارجية الصيني في بكين', 'في العاصمة بكين');
      await researched(first);
      const unrelated = await submit('Belousov met Zhang Youxia in Moscow', 'تشانج يوشيا');
      await researched(unrelated);
      // The same statement with a fatha and a shadda, which normalisation for matching removes.
      const second = await submit('التقى شويجو وزيرَ الخارجية الصيني في بكّين', 'وانج يي');
      const claim = await researched(second);
      const similar = claim.intake.similarClaims as { claimId: string; similarity: number }[];
      expect(similar.map((s) => s.claimId)).toEqual([first]);
      expect(similar[0]!.similarity).toBeGreaterThan(0.9);
    });
  },
);
