import type { Role } from '../shell/access';

/** Who publishes reports and resolves readers' error reports (`POST /v1/articles/:id/reports`). */
export const PUBLISHERS: readonly Role[] = ['editor'];
/** Who reads readers' error reports (`GET /v1/reader-reports`). */
export const READER_REPORT_READERS: readonly Role[] = ['editor', 'auditor'];
