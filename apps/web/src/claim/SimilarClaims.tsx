import { Link } from '@tanstack/react-router';
import { useClaim, type WorkflowClaim } from '../api/claims';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

type Similar = NonNullable<WorkflowClaim['intake']>['similarClaims'][number];

/** What intake found: earlier claims like this one, each opening beside its own article. */
export function SimilarClaims({ claim }: { claim: WorkflowClaim }) {
  const { t } = useI18n();
  const similar = claim.intake?.similarClaims;
  return (
    <section id="claim-similar" aria-labelledby="claim-similar-title" className="claim-section">
      <h3 id="claim-similar-title">{t('claimPanel.similar.title')}</h3>
      {!similar ? (
        <p className="muted">{t('claimPanel.similar.pending')}</p>
      ) : similar.length === 0 ? (
        <p className="muted">{t('claimPanel.similar.none')}</p>
      ) : (
        <ul className="plain-list">
          {similar.map((s) => (
            <SimilarClaimItem key={s.claimId} similar={s} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The intake report names the claim, not its article: the link waits for the claim's own record. */
function SimilarClaimItem({ similar }: { similar: Similar }) {
  const { t, locale } = useI18n();
  const target = useClaim(similar.claimId);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(similar.similarity);
  const statement = <UserText text={similar.statement} />;
  return (
    <li>
      {target.data ? (
        <Link to="/articles/$articleId" params={{ articleId: target.data.articleId }} search={{ claim: similar.claimId }}>
          {statement}
        </Link>
      ) : (
        statement
      )}{' '}
      <span className="meta">
        {t(`claim.state.${similar.state}` as MessageKey)} · {t('claimPanel.similar.similarity', { percent })}
      </span>
    </li>
  );
}
