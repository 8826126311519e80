import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { pickLanguage } from './language';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), tree);
}

// Every source file of the renderer, as text, to find the keys the UI asks for.
const sources = import.meta.glob<string>(['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts', '!../**/*.test.tsx'], { query: '?raw', import: 'default', eager: true });

describe('locales', () => {
  it('en and zh-CN have exactly the same keys', () => {
    expect(keysOf(zhCN).sort()).toEqual(keysOf(en).sort());
  });

  it('every translation is a non-empty string with the same placeholders', () => {
    for (const key of keysOf(en)) {
      const a = lookup(en, key);
      const b = lookup(zhCN, key);
      expect(typeof a === 'string' && a.length > 0, key).toBe(true);
      expect(typeof b === 'string' && b.length > 0, key).toBe(true);
      const placeholders = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(b), key).toEqual(placeholders(a));
    }
  });

  it('every literal key used with t() exists in the locales', () => {
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) if (m[1]) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((key) => typeof lookup(en, key) !== 'string');
    expect(missing).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('uses the remembered choice, then the browser language', () => {
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
    expect(pickLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage('klingon', ['en-GB'])).toBe('en');
    expect(pickLanguage(null, ['fr-FR', 'zh'])).toBe('zh-CN');
    expect(pickLanguage(null, [])).toBe('en');
  });
});
