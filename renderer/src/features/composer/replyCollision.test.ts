import { describe, expect, it } from 'vitest';
import { agoText, repliesSinceOpened } from './replyCollision';

const msg = (id: string, direction: 'in' | 'out' | 'note', authorId: string | null, sentAt = '2026-01-01T10:00:00.000Z') => ({ id, direction, authorId, sentAt });

describe('repliesSinceOpened', () => {
  const seen = new Set(['old-in', 'old-out']);
  it('finds replies by others that arrived after opening, oldest first', () => {
    const messages = [
      msg('old-in', 'in', null),
      msg('old-out', 'out', 'alex'),
      msg('new-alex', 'out', 'alex', '2026-01-01T10:05:00.000Z'),
      msg('new-platform', 'out', null, '2026-01-01T10:02:00.000Z'),
    ];
    expect(repliesSinceOpened(messages, seen, 'me').map((m) => m.id)).toEqual(['new-platform', 'new-alex']);
  });
  it('ignores my own replies, notes and buyer messages', () => {
    const messages = [msg('mine', 'out', 'me'), msg('note', 'note', 'alex'), msg('buyer', 'in', null)];
    expect(repliesSinceOpened(messages, seen, 'me')).toEqual([]);
  });
});

describe('agoText', () => {
  const now = Date.parse('2026-01-01T10:01:00.000Z');
  it('says minutes ago in the UI language', () => {
    expect(agoText('2026-01-01T10:00:00.000Z', 'en', now)).toBe('1 minute ago');
    expect(agoText('2026-01-01T10:00:00.000Z', 'zh-CN', now)).toBe('1分钟前');
    expect(agoText('2026-01-01T10:00:50.000Z', 'en', now)).toBe('10 seconds ago');
  });
});
