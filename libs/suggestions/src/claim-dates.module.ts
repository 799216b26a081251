import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { CLAIM_DATE_READER, type ClaimDate, type ClaimDateReader } from '@app/claims';
import { datesIn, readBody, type ReadBody, type ResolvedDate } from './suggest.js';

/** What a claim keeps of a resolved date. */
export const toClaimDate = (d: ResolvedDate): ClaimDate => ({ expression: d.expression, from: d.from, to: d.to, rule: d.rule, ambiguous: d.ambiguous });

/**
 * Gives claims made by hand their dates: the date rules read the claim's anchored words and resolve
 * them against the article's publication time in the newsroom's time zone (`NEWSROOM_TIME_ZONE`), by
 * the same code that resolves a suggestion's dates ({@link datesIn}). Global because the claims
 * library, which cannot import the rules, asks for it by token.
 */
@Global()
@Module({
  providers: [
    {
      provide: CLAIM_DATE_READER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ClaimDateReader => {
        // Per article object (the articles service keeps one per cached article): its body split once.
        const read = new WeakMap<object, ReadBody>();
        return {
          datesOf: (article, span) => {
            let body = read.get(article);
            if (!body) read.set(article, (body = readBody(article.body)));
            return datesIn(body, span, { language: article.language, publishedAt: article.publishedAt, timeZone: config.NEWSROOM_TIME_ZONE }).map(toClaimDate);
          },
        };
      },
    },
  ],
  exports: [CLAIM_DATE_READER],
})
export class ClaimDatesModule {}
