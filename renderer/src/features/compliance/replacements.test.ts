import { describe, expect, it } from 'vitest';
import { replacementCandidates } from './replacements';

describe('replacementCandidates', () => {
  const price = {
    'zh-CN': '改为"优惠价""活动价"或写明具体优惠金额。',
    en: 'Say "special price", "promo price" or state the actual discount.',
  };

  it('offers the phrases the suggestion quotes, in the language of the matched text', () => {
    expect(replacementCandidates(price, '全网最低')).toEqual(['优惠价', '活动价']);
    expect(replacementCandidates(price, 'lowest price')).toEqual(['special price', 'promo price']);
  });

  it('accepts Chinese quotation marks and drops duplicates', () => {
    expect(replacementCandidates({ 'zh-CN': '改为“性价比高”或“性价比高”', en: '' }, '最好')).toEqual(['性价比高']);
  });

  it('falls back to the other language, and offers nothing when nothing is quoted', () => {
    expect(replacementCandidates({ 'zh-CN': '删除。', en: 'Say "great value".' }, '最佳')).toEqual(['great value']);
    expect(replacementCandidates({ 'zh-CN': '在平台内完成沟通与交易。', en: 'Keep it on the platform.' }, '加微信')).toEqual([]);
  });
});
