import { useClaimEvidence, useClaimSignals, type QuoteSignal, type Signal } from '../api/claims';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { differs, wordDiff } from './word-diff';

/**
 * The machine signals against each captured source: where the claim's quoted wording occurs (exact,
 * after normalisation, approximately with the word diff drawn, or not comparable across languages) and
 * which of its dates and numbers the source has. Hints for the checker, never a verdict.
 */
export function SignalsSection({ claimId }: { claimId: string }) {
  const { t } = useI18n();
  const signals = useClaimSignals(claimId);
  const evidence = useClaimEvidence(claimId);
  // A signal names its capture; the evidence says which source that capture is of.
  const sourceOf = (captureId: string) => evidence.data?.find((e) => e.archived?.id === captureId || e.latest?.id === captureId)?.source;
  return (
    <section id="claim-signals" aria-labelledby="claim-signals-title" className="claim-section">
      <h3 id="claim-signals-title">{t('claimPanel.signals.title')}</h3>
      <p className="muted">{t('claimPanel.signals.intro')}</p>
      {signals.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : signals.isError ? (
        <ProblemMessage error={signals.error} />
      ) : signals.data.length === 0 ? (
        <p className="muted">{t('claimPanel.signals.none')}</p>
      ) : (
        <ul className="signal-list">
          {signals.data.map((signal) => {
            const source = sourceOf(signal.captureId);
            return <SignalItem key={signal.captureId} signal={signal} sourceLabel={source?.title ?? source?.url ?? signal.captureId} language={source?.language ?? undefined} />;
          })}
        </ul>
      )}
    </section>
  );
}

function SignalItem({ signal, sourceLabel, language }: { signal: Signal; sourceLabel: string; language?: string }) {
  const { t } = useI18n();
  return (
    <li className="signal" data-capture-id={signal.captureId}>
      <h4>
        {t('claimPanel.signals.against')} <UserText text={sourceLabel} lang={language} />
      </h4>
      <p className="meta">
        {t('claimPanel.signals.computed')} <DateTime value={signal.createdAt} />
      </p>
      <h5>{t('claimPanel.signals.quotes')}</h5>
      {signal.quotes.length === 0 ? (
        <p className="muted">{t('claimPanel.signals.noQuotes')}</p>
      ) : (
        <ul className="plain-list">
          {signal.quotes.map((quote, i) => (
            <QuoteItem key={i} quote={quote} language={language} />
          ))}
        </ul>
      )}
      <h5>{t('claimPanel.signals.numbers')}</h5>
      {signal.numbers.length === 0 ? (
        <p className="muted">{t('claimPanel.signals.noNumbers')}</p>
      ) : (
        <ul className="numbers">
          {signal.numbers.map((n) => (
            <li key={n.value} className={n.found ? 'found' : 'missing'}>
              <bdi>{n.value}</bdi> <span aria-hidden="true">{n.found ? '✓' : '✗'}</span> {n.found ? t('claimPanel.signals.found') : t('claimPanel.signals.missing')}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function QuoteItem({ quote, language }: { quote: QuoteSignal; language?: string }) {
  // The hidden labels keep the interface's direction, so they do not decide the diff's own (`dir="auto"` skips them).
  const { t, locale, dir } = useI18n();
  const score = quote.score === null ? '' : new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(quote.score);
  const outcome =
    quote.kind === 'not-comparable'
      ? t('claimPanel.signals.kind.not-comparable', {
          quoteLanguage: quote.quoteLanguage ?? t('claimPanel.signals.unknownLanguage'),
          sourceLanguage: quote.sourceLanguage ?? t('claimPanel.signals.unknownLanguage'),
        })
      : t(`claimPanel.signals.kind.${quote.kind}`, { score });
  const segments = quote.passage && quote.kind !== 'exact' ? wordDiff(quote.quote, quote.passage) : [];
  return (
    <li className={`quote-signal quote-${quote.kind}`}>
      <UserText as="q" text={quote.quote} lang={language} /> <strong data-testid="quote-kind">{outcome}</strong>
      {quote.passage ? (
        <p>
          <span className="label">{t('claimPanel.signals.passage')}</span> <UserText text={quote.passage} lang={language} />
        </p>
      ) : null}
      {differs(segments) ? (
        <figure className="word-diff-figure">
          <figcaption>
            {t('claimPanel.signals.diff')} <span className="meta">{t('claimPanel.signals.legend')}</span>
          </figcaption>
          <p className="word-diff" dir="auto" lang={language} data-testid="word-diff">
            {segments.map((s, i) =>
              s.op === 'equal' ? (
                <span key={i}>{s.text}</span>
              ) : s.op === 'delete' ? (
                <del key={i}>
                  <span className="sr-only" dir={dir}>
                    {t('claimPanel.signals.deleted')}{' '}
                  </span>
                  {s.text}
                </del>
              ) : (
                <ins key={i}>
                  <span className="sr-only" dir={dir}>
                    {t('claimPanel.signals.inserted')}{' '}
                  </span>
                  {s.text}
                </ins>
              ),
            )}
          </p>
        </figure>
      ) : null}
    </li>
  );
}
