import { useParams, useSearch } from '@tanstack/react-router';
import { useArticle } from '../api/articles';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { VerdictSection } from '../verdict/VerdictSection';

/** The article as published, in its own language and direction. */
export function ArticleViewScreen() {
  const { t, language, dir } = useI18n();
  const { articleId } = useParams({ from: '/signed-in/articles/$articleId' });
  const { claim } = useSearch({ from: '/signed-in/articles/$articleId' });
  const article = useArticle(articleId);
  if (article.isPending) return <p role="status">{t('app.loading')}</p>;
  if (article.isError) return <ProblemMessage error={article.error} />;
  const a = article.data;
  return (
    <>
      <article className="article" lang={a.language} dir={a.dir}>
        <h1 dir="auto">{a.title}</h1>
        <p className="byline" lang={language} dir={dir}>
          {a.outlet ? <UserText text={a.outlet} /> : null} {a.publishedAt ? <DateTime value={a.publishedAt} /> : t('article.view.unpublished')}
        </p>
        <div className="article-text">{a.body}</div>
      </article>
      {claim ? <VerdictSection claimId={claim} /> : null}
    </>
  );
}
