import type { ReportVersion } from '../api/pending-admin-contract';
import { DateTime } from '../components/DateTime';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { kindLabel, statusLabel } from './labels';

/** The versions of an article's report, newest first, each published one linking to its public pages. */
export function ReportVersions({ versions }: { versions: ReportVersion[] }) {
  const { t } = useI18n();
  if (versions.length === 0) return <p>{t('publish.versions.none')}</p>;
  return (
    <table className="list" aria-labelledby="versions-title">
      <thead>
        <tr>
          <th scope="col">{t('publish.versions.version')}</th>
          <th scope="col">{t('publish.versions.kind')}</th>
          <th scope="col">{t('publish.versions.status')}</th>
          <th scope="col">{t('publish.versions.published')}</th>
          <th scope="col">{t('publish.versions.note')}</th>
          <th scope="col">{t('publish.versions.pages')}</th>
        </tr>
      </thead>
      <tbody>
        {[...versions].reverse().map((v) => (
          <tr key={v.id}>
            <td>{t('publish.versions.number', { version: v.version })}</td>
            <td>{kindLabel(t, v.kind)}</td>
            <td>
              {statusLabel(t, v.status)}
              {v.failure ? <UserText className="meta" text={v.failure} as="p" /> : null}
            </td>
            <td>{v.publishedAt ? <DateTime value={v.publishedAt} /> : null}</td>
            <td>{v.correctionNote ? <UserText text={v.correctionNote} /> : null}</td>
            <td>
              {v.status === 'published' ? (
                <span className="row">
                  <a href={v.urls.html} aria-label={t('publish.versions.htmlOf', { version: v.version })}>
                    {t('publish.versions.html')}
                  </a>
                  <a href={v.urls.json} aria-label={t('publish.versions.jsonOf', { version: v.version })}>
                    JSON
                  </a>
                  <a href={v.urls.markdown} aria-label={t('publish.versions.markdownOf', { version: v.version })}>
                    Markdown
                  </a>
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
