import { loadConfig } from '@app/config';
import { findNumbers, quoteSignal } from '@app/text';
import { previewOpenApiDocument } from '../src/bootstrap.js';
import { Contract, type OpenApiDocument } from './contract.js';

/**
 * Every outcome the signals job can store is what `GET /v1/claims/:id/signals` documents: the web app's
 * types come from that document, so an outcome it leaves out would reach the browser untyped.
 */
describe('the documented signals (GET /v1/claims/:id/signals)', () => {
  let validate: (body: unknown) => boolean;

  beforeAll(async () => {
    const contract = new Contract((await previewOpenApiDocument(loadConfig({ LOG_LEVEL: 'silent' }))) as unknown as OpenApiDocument);
    const op = contract.operationFor('get', '/v1/claims/00000000-0000-4000-8000-000000000000/signals')!;
    validate = (body) => contract.validatorFor(op, 200, 'application/json')!(body) as boolean;
  });

  const listOf = (quotes: unknown[]) => ({
    items: [{ captureId: '00000000-0000-4000-8000-000000000001', quotes, numbers: findNumbers('signed in 2001', 'signed on 16 July 2001'), dates: [], createdAt: '2026-12-03T08:00:00.000Z' }],
  });
  const source = 'The two sides said their relations are superior to the political and military alliances of the Cold War era.';
  const en = { quoteLanguage: 'en', sourceLanguage: 'en' };

  it.each([
    ['exact', 'superior to the political and military alliances'],
    ['fuzzy', 'superior to the political-military alliances of the Cold War'],
    ['none', 'nothing of the kind was ever said here'],
  ])('documents a %s match with its score, passage and diff', (kind, quote) => {
    const signal = { quote, ...quoteSignal(quote, source, en) };
    expect(signal.kind).toBe(kind);
    expect(validate(listOf([signal]))).toBe(true);
  });

  it('documents wording that cannot be compared (different languages), which has no score', () => {
    const quote = 'تتفوق على التحالفات السياسية والعسكرية';
    const signal = { quote, ...quoteSignal(quote, source, { quoteLanguage: 'ar', sourceLanguage: 'en' }) };
    expect(signal.kind).toBe('not-comparable');
    expect(validate(listOf([signal]))).toBe(true);
  });

  it('refuses a not-comparable signal that carries a score', () => {
    const quote = 'تتفوق على التحالفات';
    const signal = { quote, ...quoteSignal(quote, source, { quoteLanguage: 'ar', sourceLanguage: 'en' }), score: 0.5 };
    expect(validate(listOf([signal]))).toBe(false);
  });
});
