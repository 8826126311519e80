/** Keyboard navigation of the inbox, as pure functions. */

/** The id `delta` rows away from `currentId`, clamped to the list; the first row when none is selected. */
export function moveSelection(ids: readonly string[], currentId: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const index = currentId === null ? -1 : ids.indexOf(currentId);
  if (index === -1) return ids[delta < 0 ? ids.length - 1 : 0] ?? null;
  return ids[Math.min(ids.length - 1, Math.max(0, index + delta))] ?? null;
}

export type InboxKeyAction = 'next' | 'previous' | 'open' | 'reply' | null;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** True while an IME is composing (CJK input): keys belong to the IME then. */
  isComposing: boolean;
}

/** Maps a key press outside text fields to an inbox action. */
export function inboxKeyAction(event: KeyLike): InboxKeyAction {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  switch (event.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case 'Enter':
      return 'open';
    case 'r':
      return 'reply';
    default:
      return null;
  }
}

/** Text fields, selects and editable content keep their keys. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
