import type { LinkProps } from '@tanstack/react-router';
import { ADMINS } from '../admin/access';
import { ARTICLE_READERS } from '../article/access';
import { AUDITORS } from '../audit/access';
import { READER_REPORT_READERS } from '../publish/access';
import type { MessageKey } from '../i18n/messages';
import { QUEUE_READERS } from '../queue/access';
import type { Role } from './access';

/** A link in the shell's navigation. */
export interface NavItem {
  to: NonNullable<LinkProps['to']>;
  label: MessageKey;
  /** Shown only to people holding one of these roles (the same roles the screen's route requires); absent: everyone signed in. */
  roles?: readonly Role[];
}

/** The shell's navigation, in order. A feature adds its screen here with the roles its route requires. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/queue', label: 'nav.queue', roles: QUEUE_READERS },
  { to: '/articles', label: 'nav.articles', roles: ARTICLE_READERS },
  { to: '/reader-reports', label: 'nav.readerReports', roles: READER_REPORT_READERS },
  { to: '/audit', label: 'nav.audit', roles: AUDITORS },
  { to: '/admin', label: 'nav.admin', roles: ADMINS },
  { to: '/settings', label: 'nav.settings' },
  { to: '/settings/sessions', label: 'nav.sessions' },
];
