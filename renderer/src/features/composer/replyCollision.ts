import type { Message } from '../../../../shared';

/**
 * "Someone else replied since you opened the thread": replies (direction `out`) that were
 * not in the conversation when the agent opened it and that the agent did not write —
 * another agent's, or one sent from the platform's own seller app (no author). Newest last.
 */
export function repliesSinceOpened(
  messages: readonly Pick<Message, 'id' | 'direction' | 'authorId' | 'sentAt'>[],
  seenIds: ReadonlySet<string>,
  selfId: string,
): Pick<Message, 'id' | 'direction' | 'authorId' | 'sentAt'>[] {
  return messages
    .filter((m) => m.direction === 'out' && m.authorId !== selfId && !seenIds.has(m.id))
    .sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt));
}

/** "1 minute ago" / "1 分钟前" in the UI language, for a time in the past. */
export function agoText(sentAt: string, language: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(sentAt)) / 1000));
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (seconds < 60) return format.format(-seconds, 'second');
  if (seconds < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  return format.format(-Math.round(seconds / 3600), 'hour');
}
