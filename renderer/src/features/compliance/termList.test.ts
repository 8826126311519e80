import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLIANCE_TERMS, type ComplianceTerm } from '../../../../shared';
import { draftFromTerm, emptyTermDraft, listComplianceTerms, termFromDraft } from './termList';

const at = '2025-06-01T00:00:00.000Z';
const custom = (id: string, over: Partial<ComplianceTerm> = {}): ComplianceTerm => ({
  id,
  term: id,
  reason: { 'zh-CN': '原因', en: 'reason' },
  suggestion: { 'zh-CN': '建议', en: 'suggestion' },
  severity: 'banned',
  platform: null,
  storeId: null,
  createdAt: at,
  updatedAt: at,
  deletedAt: null,
  ...over,
});

describe('listComplianceTerms', () => {
  const defaults = DEFAULT_COMPLIANCE_TERMS;
  const first = defaults[0]!;
  const second = defaults[1]!;

  it('without changes every default is in force as built-in and nothing is switched off', () => {
    const list = listComplianceTerms(defaults, [], null);
    expect(list.active).toHaveLength(defaults.length);
    expect(new Set(list.active.map((r) => r.origin))).toEqual(new Set(['builtIn']));
    expect(list.switchedOff).toEqual([]);
  });

  it('marks changed defaults, lists tombstoned defaults as switched off, and custom terms as custom', () => {
    const changed = { ...first, severity: 'risky' as const, updatedAt: at };
    const off = { ...second, deletedAt: at };
    const list = listComplianceTerms(defaults, [changed, off, custom('秒杀价')], null);
    expect(list.active.find((r) => r.term.id === first.id)).toEqual({ term: changed, origin: 'builtInChanged' });
    expect(list.active.some((r) => r.term.id === second.id)).toBe(false);
    expect(list.switchedOff).toEqual([off]);
    expect(list.active.find((r) => r.term.id === '秒杀价')?.origin).toBe('custom');
  });

  it('for a store: only the terms for its platform and itself', () => {
    const terms = [
      custom('jd-only', { platform: 'jd' }),
      custom('taobao-only', { platform: 'taobao' }),
      custom('store-a', { storeId: 'a' }),
      custom('store-b', { storeId: 'b' }),
    ];
    const ids = listComplianceTerms([], terms, { id: 'a', platform: 'taobao' }).active.map((r) => r.term.id);
    expect(ids.sort()).toEqual(['store-a', 'taobao-only']);
    expect(listComplianceTerms([], terms, null).active).toHaveLength(4);
  });
});

describe('termFromDraft', () => {
  const filled = { ...emptyTermDraft(), term: ' 秒杀价 ', reasonZh: '绝对化用语', suggestionEn: 'Say the real discount' };

  it('turns a filled form into a term, trimmed, for every store', () => {
    expect(termFromDraft(filled)).toEqual({
      ok: true,
      term: {
        term: '秒杀价',
        severity: 'banned',
        platform: null,
        storeId: null,
        reason: { 'zh-CN': '绝对化用语', en: '' },
        suggestion: { 'zh-CN': '', en: 'Say the real discount' },
      },
    });
  });

  it('files a term under one platform or one store', () => {
    const platform = termFromDraft({ ...filled, target: { kind: 'platform', platform: 'douyin' } });
    expect(platform.ok && [platform.term.platform, platform.term.storeId]).toEqual(['douyin', null]);
    const store = termFromDraft({ ...filled, target: { kind: 'store', storeId: 's1' } });
    expect(store.ok && [store.term.platform, store.term.storeId]).toEqual([null, 's1']);
  });

  it('says what is missing: the term, a term of only separators, reason, suggestion, store', () => {
    expect(termFromDraft(emptyTermDraft())).toEqual({ ok: false, problems: ['termEmpty', 'reasonMissing', 'suggestionMissing'] });
    expect(termFromDraft({ ...filled, term: ' - . ' })).toEqual({ ok: false, problems: ['termNoLetters'] });
    expect(termFromDraft({ ...filled, target: { kind: 'store', storeId: '' } })).toEqual({ ok: false, problems: ['storeMissing'] });
    expect(termFromDraft({ ...filled, term: '长'.repeat(101) })).toEqual({ ok: false, problems: ['tooLong'] });
  });

  it('round-trips a term through the form', () => {
    const term = custom('全网底价', { platform: 'pinduoduo', severity: 'risky' });
    const back = termFromDraft(draftFromTerm(term));
    expect(back).toEqual({ ok: true, term: { term: term.term, severity: 'risky', platform: 'pinduoduo', storeId: null, reason: term.reason, suggestion: term.suggestion } });
  });
});
