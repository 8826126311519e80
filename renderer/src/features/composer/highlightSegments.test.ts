import { describe, expect, it } from 'vitest';
import { highlightSegments } from './highlightSegments';

const severity = ['warning', 'banned'] as const;

describe('highlightSegments', () => {
  it('returns one plain run without ranges', () => {
    expect(highlightSegments('你好', [], severity)).toEqual([{ text: '你好', kind: null, start: 0 }]);
    expect(highlightSegments('', [], severity)).toEqual([{ text: '', kind: null, start: 0 }]);
  });

  it('marks ranges between plain runs, in text order whatever the input order', () => {
    const text = '全网最低价，电话13812345678';
    const segments = highlightSegments(
      text,
      [
        { start: 8, end: 19, kind: 'warning' },
        { start: 0, end: 4, kind: 'banned' },
      ],
      severity,
    );
    expect(segments.map((s) => [s.text, s.kind])).toEqual([
      ['全网最低', 'banned'],
      ['价，电话', null],
      ['13812345678', 'warning'],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('merges overlapping ranges and keeps the more severe kind', () => {
    const segments = highlightSegments('abcdef', [
      { start: 1, end: 3, kind: 'warning' },
      { start: 2, end: 5, kind: 'banned' },
    ], severity);
    expect(segments.map((s) => [s.text, s.kind])).toEqual([
      ['a', null],
      ['bcde', 'banned'],
      ['f', null],
    ]);
  });

  it('clips ranges that fall outside the text and drops empty ones', () => {
    const segments = highlightSegments('abc', [
      { start: -2, end: 1, kind: 'warning' },
      { start: 2, end: 2, kind: 'banned' },
      { start: 2, end: 99, kind: 'banned' },
    ], severity);
    expect(segments.map((s) => [s.text, s.kind])).toEqual([
      ['a', 'warning'],
      ['b', null],
      ['c', 'banned'],
    ]);
  });
});
