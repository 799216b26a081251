import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup, TextArea, TextField } from 'react-aria-components';
import type { ReaderReport } from '../api/pending-admin-contract';
import { useReaderReports, useResolveReaderReport } from '../api/reports';
import { useSession } from '../api/session';
import { DateTime } from '../components/DateTime';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { hasAnyRole } from '../shell/access';
import { PUBLISHERS } from './access';
import { FieldProblem } from '../components/FieldProblem';

/** `/reader-reports?status=`: errors readers reported on published reports; editors resolve each with a note. */
export function ReaderReportsScreen() {
  const { t } = useI18n();
  const { status } = useSearch({ from: '/signed-in/reader-reports' });
  const navigate = useNavigate();
  const reports = useReaderReports(status === 'all' ? undefined : (status ?? 'open'));
  const { data: session } = useSession();
  const canResolve = hasAnyRole(session?.user, PUBLISHERS);
  return (
    <section aria-labelledby="reader-reports-title">
      <h1 id="reader-reports-title">{t('readerReports.title')}</h1>
      <RadioGroup
        orientation="horizontal"
        value={status ?? 'open'}
        onChange={(value) => void navigate({ to: '/reader-reports', search: value === 'open' ? {} : { status: value as 'resolved' | 'all' }, replace: true })}
      >
        <Label>{t('readerReports.show')}</Label>
        <div className="row">
          <Radio value="open">{t('readerReports.status.open')}</Radio>
          <Radio value="resolved">{t('readerReports.status.resolved')}</Radio>
          <Radio value="all">{t('readerReports.status.all')}</Radio>
        </div>
      </RadioGroup>
      <ProblemMessage error={reports.error} />
      {reports.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : reports.data?.length === 0 ? (
        <p role="status">{t('readerReports.none')}</p>
      ) : (
        <ul className="plain cards">
          {reports.data?.map((report) => <ReaderReportItem key={report.id} report={report} canResolve={canResolve} />)}
        </ul>
      )}
    </section>
  );
}

function ReaderReportItem({ report, canResolve }: { report: ReaderReport; canResolve: boolean }) {
  const { t } = useI18n();
  const resolve = useResolveReaderReport();
  const [note, setNote] = useState('');
  const headingId = `reader-report-${report.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="meta">
        {t('readerReports.received')} <DateTime value={report.createdAt} /> ·{' '}
        <Link to="/articles/$articleId/publish" params={{ articleId: report.articleId }}>
          {report.reportVersion ? t('readerReports.onVersion', { version: report.reportVersion }) : t('readerReports.onReport')}
        </Link>
      </h2>
      <UserText text={report.message} as="blockquote" className="message" />
      {report.contact ? (
        <p>
          {t('readerReports.contact')} <UserText text={report.contact} />
        </p>
      ) : null}
      {report.status === 'resolved' ? (
        <p>
          {t('readerReports.resolvedAt')} {report.resolvedAt ? <DateTime value={report.resolvedAt} /> : null}
          {report.resolutionNote ? (
            <>
              {': '}
              <UserText text={report.resolutionNote} />
            </>
          ) : null}
        </p>
      ) : canResolve ? (
        <Form
          validationErrors={problemFieldErrors(resolve.error)}
          onSubmit={(event) => {
            event.preventDefault();
            resolve.mutate({ id: report.id, note: note.trim() });
          }}
        >
          <TextField name="note" isRequired value={note} onChange={setNote}>
            <Label>{t('readerReports.note')}</Label>
            <TextArea dir="auto" rows={2} />
            <FieldProblem />
          </TextField>
          <ProblemMessage error={resolve.error} shownFields={['note']} />
          <Button type="submit" isPending={resolve.isPending}>
            {t('readerReports.resolve')}
          </Button>
        </Form>
      ) : null}
    </li>
  );
}
