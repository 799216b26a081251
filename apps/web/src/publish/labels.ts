import type { Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const KINDS = ['first', 'update', 'correction'];
const STATUSES = ['rendering', 'published', 'failed'];

/** A report version's kind and status in the reader's words; a value the catalogue lacks (an older or newer API) is shown as sent. */
export const kindLabel = (t: Translate, kind: string | undefined) => (kind && KINDS.includes(kind) ? t(`publish.kind.${kind}` as MessageKey) : (kind ?? ''));
export const statusLabel = (t: Translate, status: string) => (STATUSES.includes(status) ? t(`publish.status.${status}` as MessageKey) : status);
