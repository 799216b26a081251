import { useEffect, useRef } from 'react';

/** A single-key shortcut of a screen: the key (as `KeyboardEvent.key`) and what it does. */
export interface Shortcut {
  key: string;
  run(): void;
}

/** True when a key press belongs to what the person is typing or to an open dialog, not to the screen. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="dialog"]')) return true;
  return false;
}

/**
 * Single-key shortcuts on the whole document, ignored while the person types in a field, holds a modifier
 * (so the browser's own Ctrl/Alt/Meta shortcuts keep working) or has a dialog open.
 */
export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event)) return;
      const shortcut = current.current.find((s) => s.key === event.key);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
