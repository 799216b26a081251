import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Button, Input, Label, SearchField, Text } from 'react-aria-components';
import { useArticles } from '../api/articles';
import { useSession } from '../api/session';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { hasAnyRole } from '../shell/access';
import { ARTICLE_WRITERS } from './access';

const SEARCH_DELAY_MS = 250;

/** Every article, searchable; the search is in the URL (`?q=`), so it can be bookmarked and shared. */
export function ArticleListScreen() {
  const { t } = useI18n();
  const { q = '' } = useSearch({ from: '/signed-in/articles' });
  const navigate = useNavigate({ from: '/articles' });
  const [typed, setTyped] = useState(q);
  const { data: session } = useSession();
  const articles = useArticles(q);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (typed.trim() !== q) void navigate({ search: typed.trim() ? { q: typed.trim() } : {}, replace: true });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, q, navigate]);

  const items = articles.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="articles-title">
      <div className="screen-head">
        <h1 id="articles-title">{t('article.list.title')}</h1>
        {hasAnyRole(session?.user, ARTICLE_WRITERS) ? (
          <Link to="/articles/new" className="button">
            {t('article.list.new')}
          </Link>
        ) : null}
      </div>
      <SearchField value={typed} onChange={setTyped} className="search">
        <Label>{t('article.list.search')}</Label>
        <Input dir="auto" />
        <Text slot="description">{t('article.list.searchHelp')}</Text>
      </SearchField>
      <ProblemMessage error={articles.error} />
      {articles.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p role="status">{q ? t('article.list.noMatch', { q }) : t('article.list.empty')}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t('article.list.columns.title')}</th>
              <th scope="col">{t('article.list.columns.outlet')}</th>
              <th scope="col">{t('article.list.columns.language')}</th>
              <th scope="col">{t('article.list.columns.published')}</th>
              <th scope="col">{t('article.list.columns.added')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((article) => (
              <tr key={article.id}>
                <td>
                  <Link to="/articles/$articleId" params={{ articleId: article.id }}>
                    <UserText text={article.title} lang={article.language} />
                  </Link>
                </td>
                <td>{article.outlet ? <UserText text={article.outlet} /> : null}</td>
                <td>
                  <bdi>{article.language}</bdi>
                </td>
                <td>{article.publishedAt ? <DateTime value={article.publishedAt} /> : null}</td>
                <td>
                  <DateTime value={article.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {articles.hasNextPage ? (
        <Button onPress={() => void articles.fetchNextPage()} isPending={articles.isFetchingNextPage}>
          {t('article.list.more')}
        </Button>
      ) : null}
    </section>
  );
}
