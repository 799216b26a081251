import type { LinkProps } from '@tanstack/react-router';
import { ARTICLE_READERS } from '../article/access';
import type { MessageKey } from '../i18n/messages';
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
  { to: '/articles', label: 'nav.articles', roles: ARTICLE_READERS },
  { to: '/settings', label: 'nav.settings' },
];
