import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('formatMoney', () => {
  it('prints an amount in its currency for the UI language', () => {
    expect(formatMoney('199.00', 'CNY', 'zh-CN')).toBe('¥199.00');
    expect(formatMoney('1234.5', 'USD', 'en')).toBe('$1,234.50');
  });

  it('falls back to the code for an unknown currency or a malformed amount', () => {
    expect(formatMoney('10.00', 'XYZ1', 'en')).toBe('XYZ1 10.00');
    expect(formatMoney('n/a', 'USD', 'en')).toBe('USD n/a');
  });
});
