import { useEffect, useState, type RefObject } from 'react';
import { quoteOfRange, type CodePointIndex, type SpanQuote } from './anchoring';

/**
 * The span of the article body the person has selected, in code points with its quote; null when
 * nothing in the body is selected. A selection collapsing elsewhere (pressing the "Claim this span"
 * button, for instance) keeps the last one; a new selection elsewhere or a click in the body drops it.
 */
export function useBodySelection(root: RefObject<HTMLElement | null>, index: CodePointIndex): [SpanQuote | null, () => void] {
  const [quote, setQuote] = useState<SpanQuote | null>(null);
  useEffect(() => {
    const update = () => {
      const element = root.current;
      const selection = document.getSelection();
      if (!element || !selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      const inside = element.contains(range.commonAncestorContainer);
      if (selection.isCollapsed) {
        if (inside) setQuote(null);
        return;
      }
      setQuote(inside ? quoteOfRange(element, index, range) : null);
    };
    document.addEventListener('selectionchange', update);
    return () => document.removeEventListener('selectionchange', update);
  }, [root, index]);
  const clear = () => {
    document.getSelection()?.removeAllRanges();
    setQuote(null);
  };
  return [quote, clear];
}
