import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import { describe, expect, it } from 'vitest';
import { canSend, isSendKey } from '../composer/shortcuts';
import { inboxKeyAction, moveSelection } from './navigation';
import { waitingDuration } from './time';

dayjs.extend(relativeTime);
const key = (k: string, extra: Partial<Parameters<typeof isSendKey>[0]> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, isComposing: false, ...extra });

describe('inbox navigation', () => {
  it('moves within bounds and starts at an end', () => {
    const ids = ['a', 'b', 'c'];
    expect(moveSelection(ids, null, 1)).toBe('a');
    expect(moveSelection(ids, null, -1)).toBe('c');
    expect(moveSelection(ids, 'a', 1)).toBe('b');
    expect(moveSelection(ids, 'c', 1)).toBe('c');
    expect(moveSelection(ids, 'a', -1)).toBe('a');
    expect(moveSelection(ids, 'gone', 1)).toBe('a');
    expect(moveSelection([], 'a', 1)).toBeNull();
  });

  it('maps j/k, arrows, Enter and r; ignores modified keys and IME composition', () => {
    expect(inboxKeyAction(key('j'))).toBe('next');
    expect(inboxKeyAction(key('ArrowDown'))).toBe('next');
    expect(inboxKeyAction(key('k'))).toBe('previous');
    expect(inboxKeyAction(key('ArrowUp'))).toBe('previous');
    expect(inboxKeyAction(key('Enter'))).toBe('open');
    expect(inboxKeyAction(key('r'))).toBe('reply');
    expect(inboxKeyAction(key('r', { metaKey: true }))).toBeNull();
    expect(inboxKeyAction(key('j', { isComposing: true }))).toBeNull();
    expect(inboxKeyAction(key('x'))).toBeNull();
  });
});

describe('composer keys', () => {
  it('Enter and Ctrl/Cmd+Enter send, Shift+Enter and IME Enter do not', () => {
    expect(isSendKey(key('Enter'))).toBe(true);
    expect(isSendKey(key('Enter', { ctrlKey: true }))).toBe(true);
    expect(isSendKey(key('Enter', { metaKey: true }))).toBe(true);
    expect(isSendKey(key('Enter', { shiftKey: true }))).toBe(false);
    expect(isSendKey(key('Enter', { isComposing: true }))).toBe(false);
    expect(isSendKey(key('a'))).toBe(false);
  });

  it('cannot send whitespace', () => {
    expect(canSend('  \n ')).toBe(false);
    expect(canSend('好的')).toBe(true);
  });
});

describe('waiting time', () => {
  it('reads naturally in both languages', () => {
    const now = Date.parse('2025-06-18T08:05:00Z');
    expect(waitingDuration('2025-06-18T08:00:00Z', now)).toBe('5 minutes');
    dayjs.locale('zh-cn');
    expect(waitingDuration('2025-06-18T06:00:00Z', now)).toBe('2 小时');
    dayjs.locale('en');
  });
});
