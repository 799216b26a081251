import type { ElementType } from 'react';

/**
 * Text a person typed or an article carries, rendered as text (never as HTML) in its own direction: its
 * known language when given, otherwise `dir="auto"` so an Arabic title reads right to left in an English
 * interface and the other way round.
 */
export function UserText({ text, lang, as: Element = 'span', className }: { text: string; lang?: string; as?: ElementType; className?: string }) {
  return (
    <Element dir="auto" lang={lang} className={className}>
      {text}
    </Element>
  );
}
