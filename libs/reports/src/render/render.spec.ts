import { parseHTML } from 'linkedom';
import type { ReportModel } from '../report-model.js';
import { reportFiles, trailTree } from './render.js';

const ARTICLE = '6ada46d9-0000-4000-8000-000000000001';
const CLAIM = '7b2430e5-0000-4000-8000-000000000002';

const CHECKPOINT = {
  number: 7,
  statement: '{"createdAt":"2025-11-21T21:29:00.000Z"}',
  signature: 'c2lnbmF0dXJl',
  keyId: '0123456789abcdef',
  hash: 'ab'.repeat(32),
  createdAt: '2025-11-21T21:29:00.000Z',
  treeSize: 12,
  rootHash: 'cd'.repeat(32),
  prevHash: null,
  maxEventSeq: 40,
};

/** A report on the Arabic sample with one checked claim whose statement is English and whose trail loops. */
function model(language: 'ar' | 'en', articleLanguage = 'ar'): ReportModel {
  const base = 'https://desk.example';
  const root = `${base}/reports/${ARTICLE}/v1`;
  return {
    newsroom: { name: 'Desk', url: base, timeZone: 'Asia/Riyadh', paperSize: 'A4' },
    baseUrl: base,
    language,
    dir: language === 'ar' ? 'rtl' : 'ltr',
    article: { id: ARTICLE, title: articleLanguage === 'ar' ? 'محادثات موسكو' : 'Moscow talks', outlet: null, url: 'https://news.example/a', language: articleLanguage, dir: articleLanguage === 'ar' ? 'rtl' : 'ltr', publishedAt: '2025-11-20T09:00:00.000Z', bodySha256: 'x' },
    version: 1,
    kind: 'first',
    publishedAt: '2025-11-21T21:30:00.000Z',
    auditSeq: 1,
    auditCheckpoint: CHECKPOINT,
    ratingScaleVersions: [0],
    scaleGuide: { groups: [{ group: 'general', labels: language === 'ar' ? ['دقيق', 'غير دقيق'] : ['Accurate', 'Inaccurate'] }], withoutValue: [] },
    corrections: [],
    history: [{ version: 1, kind: 'first', note: null, publishedAt: '2025-11-21T21:30:00.000Z' }],
    summary: [{ rating: 'accurate', label: language === 'ar' ? 'دقيق' : 'Accurate', labelEn: 'Accurate', count: 1 }],
    pendingCount: 0,
    claims: [
      {
        id: CLAIM,
        start: 0,
        end: 4,
        quote: articleLanguage === 'ar' ? { exact: 'الموقعة عام 2001', prefix: 'المعاهدة ', suffix: '.' } : { exact: 'signed in 2001', prefix: 'treaty ', suffix: '.' },
        statement: 'The treaty was signed in 2001.',
        claimant: null,
        kind: 'date',
        madeAt: null,
        status: 'checked',
        verdict: { rating: 'accurate', label: language === 'ar' ? 'دقيق' : 'Accurate', labelEn: 'Accurate', value: 4, best: 4, worst: 1, rationale: 'وقعت في 16 يوليو 2001.', scaleVersion: 0, proposedBy: 'checker', approvedBy: 'editor', approvedAt: '2025-11-21T10:00:00.000Z' },
        evidence: [{ stance: 'supports', excerpt: null, note: null, sourceId: 's1', url: 'https://news.example/report', title: 'News report', archived: null }],
        trail: {
          reachesPrimary: true,
          primaryDistance: 1,
          cycles: 1,
          deadEnds: 1,
          roots: ['s1'],
          nodes: [
            { sourceId: 's1', url: 'https://news.example/report', title: 'News report', kind: 'secondary', distanceToPrimary: 1, deadEnd: false },
            { sourceId: 's2', url: 'http://en.kremlin.ru/supplement/5770', title: null, kind: 'primary', distanceToPrimary: 0, deadEnd: false },
            { sourceId: 's3', url: 'https://blog.example/copy', title: 'Blog copy', kind: 'tertiary', distanceToPrimary: null, deadEnd: true },
          ],
          edges: [
            { from: 's1', derivedFrom: 's2' },
            { from: 's1', derivedFrom: 's3' },
            { from: 's3', derivedFrom: 's1' },
          ],
        },
        pageUrl: `${root}/claims/${CLAIM}`,
        pagePath: `/reports/${ARTICLE}/v1/claims/${CLAIM}`,
        jsonLdUrl: `${root}/claims/${CLAIM}.jsonld`,
      },
    ],
    sources: [],
    urls: { html: root, json: `${root}.json`, markdown: `${root}.md`, errors: `${base}/reports/${ARTICLE}/errors` },
    paths: { html: `/reports/${ARTICLE}/v1`, json: `/reports/${ARTICLE}/v1.json`, markdown: `/reports/${ARTICLE}/v1.md`, errors: `/reports/${ARTICLE}/errors` },
  };
}

const page = (m: ReportModel, path = 'index.html') => parseHTML([...reportFiles(m)].find((file) => file.path === path)!.body).document;

describe('the signed audit checkpoint a report carries', () => {
  it.each(['en', 'ar'] as const)('is in report.json whole and named in the %s footer with a link to its public copy', (language) => {
    const json = JSON.parse([...reportFiles(model(language))].find((file) => file.path === 'report.json')!.body);
    expect(json.auditCheckpoint).toEqual(CHECKPOINT);
    const footer = page(model(language)).querySelector('footer .audit-checkpoint')!;
    expect(footer.getAttribute('data-checkpoint')).toBe('7');
    expect(footer.querySelector('a')!.getAttribute('href')).toBe('/transparency/checkpoints/7');
    expect(footer.textContent).toContain('0123456789abcdef');
    expect(footer.textContent).toContain(language === 'ar' ? 'نقطة التثبيت الموقّعة' : 'signed checkpoint');
  });

  it('says so when no signed checkpoint existed yet', () => {
    const footer = page({ ...model('en'), auditCheckpoint: null }).querySelector('footer .audit-checkpoint')!;
    expect(footer.textContent).toContain('No signed audit checkpoint');
  });
});

describe('report pages in the report language', () => {
  it('renders an Arabic article’s report as an Arabic page, marking the English statement lang="en" dir="ltr"', () => {
    const document = page(model('ar'));
    expect([document.documentElement.getAttribute('lang'), document.documentElement.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    const statement = document.querySelector(`#claim-${CLAIM} .statement span`)!;
    expect([statement.getAttribute('lang'), statement.getAttribute('dir')]).toEqual(['en', 'ltr']);
    expect(document.querySelector('h2#summary-h')!.textContent).toBe('الخلاصة');
    const rationale = document.querySelector('.rationale p')!;
    expect([rationale.getAttribute('lang'), rationale.getAttribute('dir')]).toEqual(['ar', 'rtl']);
  });

  it('renders the same report in English with the Arabic quote marked lang="ar" dir="rtl"', () => {
    const document = page(model('en'));
    expect([document.documentElement.getAttribute('lang'), document.documentElement.getAttribute('dir')]).toEqual(['en', 'ltr']);
    const quote = document.querySelector('blockquote.anchor')!;
    expect([quote.getAttribute('lang'), quote.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect(document.querySelector('h1 span')!.getAttribute('lang')).toBe('ar');
  });

  it('shows dates in the newsroom’s time zone inside <time datetime> with the UTC value', () => {
    const document = page(model('en'));
    const published = document.querySelector('.masthead time')!;
    expect(published.getAttribute('datetime')).toBe('2025-11-21T21:30:00.000Z');
    // 21:30 UTC is 00:30 the next day in Riyadh (UTC+3).
    expect(published.textContent).toMatch(/November 22, 2025.*12:30.*(GMT\+3|AST)/);
    const arabic = page(model('ar')).querySelector('.masthead time')!;
    expect(arabic.textContent).toContain('نوفمبر');
  });

  it('puts the verdict first in each claim, heads a claim page with its claim, and links pages by path', () => {
    const claimPage = page(model('en'), `claims/${CLAIM}.html`);
    const article = claimPage.querySelector(`#claim-${CLAIM}`)!;
    expect(article.firstElementChild!.className).toBe('verdict');
    expect(claimPage.querySelector('h1')!.textContent).toBe('The treaty was signed in 2001.');
    expect(claimPage.querySelector('.rating-value')).toBeNull();
    for (const element of claimPage.querySelectorAll('link[rel=stylesheet], form, .back a, footer a')) {
      expect(element.getAttribute('href') ?? element.getAttribute('action')).toMatch(/^\/(?!\/)/);
    }
    expect(claimPage.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(`https://desk.example/reports/${ARTICLE}/v1/claims/${CLAIM}`);
    expect(claimPage.querySelector('link[rel=icon]')!.getAttribute('href')).toBe('/favicon.ico');
  });

  it('draws the source trail from the evidence to the primary source, marking the cycle and the dead end', () => {
    const tree = trailTree(model('en').claims[0]!.trail!);
    expect(tree.map((node) => node.sourceId)).toEqual(['s1']);
    expect(tree[0]!.children.map((node) => [node.sourceId, node.kind, node.deadEnd])).toEqual([
      ['s2', 'primary', false],
      ['s3', 'tertiary', true],
    ]);
    expect(tree[0]!.children[1]!.children.map((node) => [node.sourceId, node.cycle])).toEqual([['s1', true]]);
    const document = page(model('en'));
    const nodes = [...document.querySelectorAll('.trail-tree .trail-node')];
    expect(nodes.map((node) => node.className)).toEqual(['trail-node trail-secondary', 'trail-node trail-primary', 'trail-node trail-tertiary trail-dead-end', 'trail-node trail-secondary trail-cycle']);
    expect(document.querySelector('.trail-dead-end .trail-flag')!.textContent).toContain('dead end');
    expect(document.querySelector('.trail-cycle .trail-flag')!.textContent).toContain('circular');
    expect(document.querySelector('.trail-primary a')!.textContent).toBe('http://en.kremlin.ru/supplement/5770');
  });
});
