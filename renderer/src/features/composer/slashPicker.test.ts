import { describe, expect, it } from 'vitest';
import { closedPicker, findSlashToken, pickerAfterInput, pickerKey, replaceToken, type PickerState } from './slashPicker';

describe('findSlashToken', () => {
  it('finds a slash word at the start, after a space or a new line', () => {
    expect(findSlashToken('/fa', 3)).toEqual({ start: 0, end: 3, query: 'fa' });
    expect(findSlashToken('亲 /发货', 5)).toEqual({ start: 2, end: 5, query: '发货' });
    expect(findSlashToken('hi\n/', 4)).toEqual({ start: 3, end: 4, query: '' });
  });

  it('ignores a slash inside a word, a path or a date', () => {
    expect(findSlashToken('and/or', 6)).toBeNull();
    expect(findSlashToken('/usr/bin', 8)).toBeNull();
    expect(findSlashToken('1/2', 3)).toBeNull();
    expect(findSlashToken('no slash', 8)).toBeNull();
  });

  it('reads only up to the caret', () => {
    expect(findSlashToken('/ship now', 3)).toEqual({ start: 0, end: 3, query: 'sh' });
    expect(findSlashToken('/ship now', 9)).toBeNull();
  });
});

describe('picker state', () => {
  const open = (text: string, caret = text.length): PickerState => pickerAfterInput(closedPicker, text, caret);

  it('opens on a slash word, follows the query, and closes when the word ends', () => {
    const s1 = open('/');
    expect(s1.token?.query).toBe('');
    const s2 = pickerAfterInput(s1, '/sh', 3);
    expect(s2.token?.query).toBe('sh');
    expect(pickerAfterInput(s2, '/sh ', 4).token).toBeNull();
  });

  it('moves with the arrows, wrapping around', () => {
    const s = open('/');
    const down = pickerKey(s, { key: 'ArrowDown' }, 3);
    expect(down).toEqual({ kind: 'state', state: { ...s, active: 1 } });
    const up = pickerKey(s, { key: 'ArrowUp' }, 3);
    expect(up.kind === 'state' && up.state.active).toBe(2);
  });

  it('keeps the highlighted option while the query is unchanged, resets it when the query changes', () => {
    const s = { ...open('/a'), active: 2 };
    expect(pickerAfterInput(s, '/a', 2).active).toBe(2);
    expect(pickerAfterInput(s, '/ab', 3).active).toBe(0);
  });

  it('picks with Enter or Tab, never while an IME composes', () => {
    const s = { ...open('/x'), active: 1 };
    expect(pickerKey(s, { key: 'Enter' }, 3)).toEqual({ kind: 'pick', index: 1 });
    expect(pickerKey(s, { key: 'Tab' }, 3)).toEqual({ kind: 'pick', index: 1 });
    expect(pickerKey(s, { key: 'Enter', isComposing: true }, 3)).toEqual({ kind: 'ignore' });
    expect(pickerKey(s, { key: 'Enter', shiftKey: true }, 3)).toEqual({ kind: 'ignore' });
  });

  it('lets Enter through when nothing matches, so the composer can send', () => {
    expect(pickerKey(open('/zzz'), { key: 'Enter' }, 0)).toEqual({ kind: 'ignore' });
    expect(pickerKey(closedPicker, { key: 'ArrowDown' }, 3)).toEqual({ kind: 'ignore' });
  });

  it('Escape closes it for that slash word only', () => {
    const s = open('hi /x');
    const escaped = pickerKey(s, { key: 'Escape' }, 2);
    expect(escaped.kind).toBe('state');
    const closed = escaped.kind === 'state' ? escaped.state : closedPicker;
    expect(closed.token).toBeNull();
    // Typing on in the same word keeps it closed …
    expect(pickerAfterInput(closed, 'hi /xy', 6).token).toBeNull();
    // … a new slash word opens it again.
    expect(pickerAfterInput(closed, 'hi /xy /', 8).token?.start).toBe(7);
  });
});

describe('replaceToken', () => {
  it('replaces the slash word and puts the caret after the insertion', () => {
    const text = '亲 /fh 谢谢';
    const token = findSlashToken(text, 5);
    expect(token).not.toBeNull();
    if (!token) return;
    expect(replaceToken(text, token, '已发货')).toEqual({ text: '亲 已发货 谢谢', caret: 5 });
  });

  it('keeps emoji and surrogate pairs intact', () => {
    const text = '🎁 /t';
    const token = findSlashToken(text, text.length);
    if (!token) throw new Error('no token');
    expect(replaceToken(text, token, 'Thanks 🙏').text).toBe('🎁 Thanks 🙏');
  });
});
