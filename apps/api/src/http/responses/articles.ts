import { z } from 'zod';
import { named, pageOf, timestamp } from '../openapi.js';

/** An article without its body (`ArticleView`). */
export const Article = named(
  'Article',
  z.strictObject({
    id: z.uuid(),
    title: z.string(),
    outlet: z.string().nullable(),
    url: z.string().nullable(),
    language: z.string(),
    dir: z.enum(['rtl', 'ltr']).describe('Writing direction of the language, for clients that render the body.'),
    publishedAt: timestamp.nullable(),
    bodySha256: z.string(),
    bodyCodePoints: z.number().int(),
    createdBy: z.string(),
    createdAt: timestamp,
    version: z.number().int(),
  }),
);
export const ArticlePage = pageOf('ArticlePage', Article);
export const ArticleWithBody = named('ArticleWithBody', Article.extend({ body: z.string().describe('Exactly as received, after Unicode NFC.') }));
