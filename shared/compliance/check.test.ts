import { describe, expect, it } from 'vitest';
import { checkCompliance, hasBannedFinding } from './check';
import { DEFAULT_COMPLIANCE_TERMS } from './default-terms';
import { complianceTermSchema, effectiveComplianceTerms, type ComplianceTerm } from './terms';

const taobaoTerms = effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, [], { id: 'st1', platform: 'taobao' });
const shopifyTerms = effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, [], { id: 'st2', platform: 'shopify' });
const terms = (text: string, list: readonly ComplianceTerm[] = taobaoTerms) => checkCompliance(text, list).map((f) => f.term);

describe('the default term list', () => {
  it('is valid, with unique ids and text in both languages', () => {
    for (const term of DEFAULT_COMPLIANCE_TERMS) {
      complianceTermSchema.parse(term);
      expect(term.reason['zh-CN'] && term.reason.en && term.suggestion['zh-CN'] && term.suggestion.en).toBeTruthy();
    }
    expect(new Set(DEFAULT_COMPLIANCE_TERMS.map((t) => t.id)).size).toBe(DEFAULT_COMPLIANCE_TERMS.length);
    // Single characters would flag half of every chat.
    expect(DEFAULT_COMPLIANCE_TERMS.filter((t) => [...t.term].length < 2)).toEqual([]);
  });
});

describe('checkCompliance: positives', () => {
  const positives: Array<[text: string, term: string]> = [
    ['这款是全网最低价哦', '全网最低价'],
    ['我们是第一品牌', '第一品牌'],
    ['我们是行业第一品牌', '行业第一'],
    ['国家级非物质文化遗产工艺', '国家级'],
    ['史上最强优惠', '史上'],
    ['顶级原料', '顶级'],
    ['效果100%保证', '100%'],
    ['这款茶叶是极品', '极品'],
    ['秒杀全网，快来', '秒杀全网'],
    ['销量NO.1的店铺', 'NO.1'],
  ];
  it.each(positives)('%s → %s', (text, term) => {
    expect(terms(text)).toContain(term);
  });

  it('sees through inserted spaces, dashes, dots, emoji and zero-width characters', () => {
    for (const text of ['全 网 最 低', '全-网-最-低', '全.网.最.低', '全🔥网最低', '全\u200b网\u200b最\u200b低', '全　网　最　低']) {
      expect(terms(text), text).toEqual(['全网最低']);
    }
  });
  it('sees through full-width characters and case', () => {
    expect(terms('销量ｎｏ．１')).toEqual(['NO.1']);
    expect(terms('销量No.1')).toEqual(['NO.1']);
    expect(terms('品质１００％保证')).toEqual(['100%']);
    expect(terms('排名top1')).toEqual(['TOP1']);
  });
  it('sees through traditional characters', () => {
    expect(terms('全網最低')).toEqual(['全网最低']);
    expect(terms('國家級工藝')).toEqual(['国家级']);
    expect(terms('絕對正品')).toEqual(['绝对']);
  });
  it('reports offsets into the original text, including the evasion', () => {
    const text = 'Hi 亲，全 网-最 低哦';
    const [finding] = checkCompliance(text, taobaoTerms);
    expect(finding).toMatchObject({ start: 5, end: 12, matchedText: '全 网-最 低', severity: 'banned' });
    expect(text.slice(finding?.start, finding?.end)).toBe('全 网-最 低');
  });
  it('keeps offsets right after emoji (surrogate pairs) and combining characters', () => {
    const text = '😀😀 顶级';
    const [finding] = checkCompliance(text, taobaoTerms);
    expect(text.slice(finding?.start, finding?.end)).toBe('顶级');
  });
  it('reports the longest of overlapping terms once', () => {
    expect(terms('全网最低价')).toEqual(['全网最低价']);
    expect(terms('最低价，全网最低')).toEqual(['最低', '全网最低']);
  });
  it('applies platform terms only on their platform', () => {
    expect(terms('秒杀全网', taobaoTerms)).toEqual(['秒杀全网']);
    expect(terms('秒杀全网', shopifyTerms)).toEqual([]);
  });
  it('marks banned and risky terms', () => {
    expect(hasBannedFinding(checkCompliance('绝对好喝', taobaoTerms))).toBe(false);
    expect(hasBannedFinding(checkCompliance('全网最低', taobaoTerms))).toBe(true);
  });
});

describe('checkCompliance: negatives', () => {
  const negatives = [
    '您是第一次购买吗？',
    '第一天发货，第二天到',
    '最近比较忙，最后一件了',
    '最终价格以页面为准',
    '您的订单已发出，请注意查收',
    'Where is my order? It should arrive on Monday.',
    'The price went up 2100% lol',
    'Our TOP10 list',
    '这款茶的口感很好',
    '',
  ];
  it.each(negatives)('%s has no finding', (text) => {
    expect(terms(text)).toEqual([]);
  });
});

describe('custom terms', () => {
  const now = '2025-06-01T00:00:00.000Z';
  const custom = (overrides: Partial<ComplianceTerm>): ComplianceTerm => ({
    id: 'custom-1',
    term: '包治百病',
    reason: { 'zh-CN': '医疗功效', en: 'medical claim' },
    suggestion: { 'zh-CN': '删除', en: 'remove' },
    severity: 'banned',
    platform: null,
    storeId: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    ...overrides,
  });
  it('adds store terms to that store only', () => {
    const list = [custom({ storeId: 'st1' })];
    expect(terms('包治百病', effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, list, { id: 'st1', platform: 'taobao' }))).toEqual(['包治百病']);
    expect(terms('包治百病', effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, list, { id: 'st2', platform: 'taobao' }))).toEqual([]);
  });
  it('overrides and switches off defaults by id', () => {
    const downgraded = effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, [custom({ id: 'default:ding-ji', term: '顶级', severity: 'risky' })], { id: 'st1', platform: 'taobao' });
    expect(checkCompliance('顶级', downgraded)[0]?.severity).toBe('risky');
    const off = effectiveComplianceTerms(DEFAULT_COMPLIANCE_TERMS, [custom({ id: 'default:ding-ji', term: '顶级', deletedAt: now })], { id: 'st1', platform: 'taobao' });
    expect(checkCompliance('顶级', off)).toEqual([]);
  });
  it('matches Latin terms case-insensitively at word edges', () => {
    const list = [custom({ term: 'Best Price' })];
    expect(terms('the BEST price ever', list)).toEqual(['Best Price']);
    expect(terms('bestprice', list)).toEqual(['Best Price']);
    expect(terms('thebestprices', list)).toEqual([]);
  });
});
