import { Button, Dialog, Heading, Keyboard, Modal } from 'react-aria-components';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** The queue's shortcuts, as the help dialog lists them (`useShortcuts` in QueueScreen binds them). */
export const QUEUE_SHORTCUTS: readonly { keys: string; label: MessageKey }[] = [
  { keys: 'n', label: 'queue.shortcuts.next' },
  { keys: 'j', label: 'queue.shortcuts.down' },
  { keys: 'k', label: 'queue.shortcuts.up' },
  { keys: 'Enter', label: 'queue.shortcuts.open.task' },
  { keys: '?', label: 'queue.shortcuts.help' },
];

/** The help dialog (`?`): every shortcut of the queue screen. */
export function ShortcutHelp({ isOpen, onOpenChange }: { isOpen: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useI18n();
  return (
    <Modal isOpen={isOpen} onOpenChange={onOpenChange} isDismissable className="react-aria-Modal">
      <Dialog aria-labelledby="shortcuts-title">
        <Heading slot="title" id="shortcuts-title">
          {t('queue.shortcuts.title')}
        </Heading>
        <p>{t('queue.shortcuts.intro')}</p>
        <dl className="shortcuts">
          {QUEUE_SHORTCUTS.map((s) => (
            <div key={s.keys}>
              <dt>
                <Keyboard dir="ltr">{s.keys}</Keyboard>
              </dt>
              <dd>{t(s.label)}</dd>
            </div>
          ))}
        </dl>
        <Button slot="close">{t('app.close')}</Button>
      </Dialog>
    </Modal>
  );
}
