import type { RefObject } from 'react';
import { Button, Dialog, Heading, Popover } from 'react-aria-components';
import type { AcceptedSuggestion, Suggestion } from '../api/suggestions';
import { useI18n } from '../i18n/i18n';
import { SuggestionDecision, SuggestionFacts } from './SuggestionList';
import './suggestions.css';

interface Props {
  articleId: string;
  articleLang: string;
  suggestion: Suggestion;
  /** The suggestion's badge in the body: the popover opens beside it, and the focus goes back to it. */
  triggerRef: RefObject<HTMLElement | null>;
  onClose(): void;
  onReload(): void;
  onAccepted(accepted: AcceptedSuggestion): void;
  onDismissed(suggestion: Suggestion): void;
}

/**
 * A suggestion opened in place from the article body: what it proposes, with accept and dismiss (the
 * same decision component as the list under the claims). Interface text in the interface's language and
 * direction; the article's words in the article's.
 */
export function SuggestionPopover({ articleId, articleLang, suggestion, triggerRef, onClose, onReload, onAccepted, onDismissed }: Props) {
  const { t, language, dir } = useI18n();
  const kind = t(`suggestions.kind.${suggestion.kind}`);
  return (
    <Popover triggerRef={triggerRef} isOpen onOpenChange={(open) => (open ? undefined : onClose())} placement="bottom" offset={6} className="react-aria-Popover suggestion-popover">
      <Dialog aria-labelledby="suggestion-popover-title" lang={language} dir={dir}>
        <Heading slot="title" id="suggestion-popover-title" level={2}>
          {t('suggestions.popoverTitle', { kind })}
        </Heading>
        {/* The facts scroll on their own (a long quote), so that accept and dismiss stay in view; focusable to scroll from the keyboard. */}
        <div className="suggestion-popover-facts" role="region" aria-label={t('suggestions.factsLabel')} tabIndex={0}>
          <SuggestionFacts suggestion={suggestion} articleLang={articleLang} />
        </div>
        {suggestion.state === 'open' ? null : <p role="status">{t(`suggestions.state.${suggestion.state}`)}</p>}
        <SuggestionDecision articleId={articleId} suggestion={suggestion} articleLang={articleLang} onReload={onReload} onAccepted={onAccepted} onDismissed={onDismissed} />
        <Button className="react-aria-Button quiet suggestion-close" onPress={onClose}>
          {t('suggestions.close')}
        </Button>
      </Dialog>
    </Popover>
  );
}
