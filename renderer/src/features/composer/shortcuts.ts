import type { KeyLike } from '../inbox/navigation';

/**
 * Enter sends, Shift+Enter is a new line, Ctrl/Cmd+Enter also sends. While an IME is
 * composing (pinyin, kana …) Enter confirms the candidate and must never send.
 */
export function isSendKey(event: KeyLike & { shiftKey: boolean }): boolean {
  if (event.key !== 'Enter' || event.isComposing) return false;
  if (event.ctrlKey || event.metaKey) return true;
  return !event.shiftKey && !event.altKey;
}

export function canSend(body: string): boolean {
  return body.trim().length > 0;
}
