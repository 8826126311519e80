import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLIANCE_TERMS } from '../../../../shared';
import { checkReply, findPlaceholders, highlightRanges } from './composerChecks';

const terms = DEFAULT_COMPLIANCE_TERMS.filter((t) => t.platform === null || t.platform === 'taobao');

describe('findPlaceholders', () => {
  it('finds unfilled variables and stray braces', () => {
    expect(findPlaceholders('订单{{order.number}}已发货').map((p) => p.text)).toEqual(['{{order.number}}']);
    expect(findPlaceholders('a {{ b and c }} d').map((p) => p.text)).toEqual(['{{ b and c }}']);
    expect(findPlaceholders('a {{ b } c }} d').map((p) => p.text)).toEqual(['{{', '}}']);
    expect(findPlaceholders('no braces {here}')).toEqual([]);
  });
});

describe('checkReply', () => {
  it('lets a clean reply go', () => {
    expect(checkReply('亲，今天下单明天发货', terms, 'block').verdict).toBe('send');
  });

  it('asks first in warn mode and refuses banned terms in block mode', () => {
    const text = '我们是全网最低价';
    const warn = checkReply(text, terms, 'warn');
    expect(warn.verdict).toBe('confirm');
    expect(warn.findings.map((f) => f.matchedText)).toEqual(['全网最低价']);
    expect(checkReply(text, terms, 'block').verdict).toBe('blocked');
    expect(checkReply(text, terms, 'off')).toMatchObject({ verdict: 'send', findings: [] });
  });

  it('catches evasions with spaces and full-width characters', () => {
    expect(checkReply('全 网 最 低', terms, 'block').verdict).toBe('blocked');
  });

  it('warns about a full phone number even with compliance off', () => {
    const check = checkReply('请联系 13812345678', terms, 'off');
    expect(check.verdict).toBe('confirm');
    expect(check.personal.map((p) => p.kind)).toEqual(['phone']);
  });

  it('puts unfilled placeholders before everything else', () => {
    const check = checkReply('全网最低 {{order.number}}', terms, 'block');
    expect(check.verdict).toBe('fixPlaceholders');
    expect(highlightRanges(check).map((r) => r.kind).sort()).toEqual(['banned', 'risky']);
  });
});
