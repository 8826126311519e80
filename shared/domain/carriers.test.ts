import { describe, expect, it } from 'vitest';
import { CARRIERS, carrierIdFromPlatform, carrierName, findCarrier, logisticsFrom } from './carriers';

describe('carrier table', () => {
  it('maps each platform spelling of a carrier to one id', () => {
    expect(carrierIdFromPlatform('85', 'pinduoduo')).toBe('YTO');
    expect(carrierIdFromPlatform('yuantong')).toBe('YTO');
    expect(carrierIdFromPlatform('YTO')).toBe('YTO');
    expect(carrierIdFromPlatform('圆通速递')).toBe('YTO');
    expect(carrierIdFromPlatform('2087', 'jd')).toBe('JD');
    expect(carrierIdFromPlatform(' zhongtong ')).toBe('ZTO');
  });

  it('keeps a code it does not know as it came', () => {
    expect(carrierIdFromPlatform('999', 'pinduoduo')).toBe('999');
    expect(carrierIdFromPlatform('kuayue')).toBe('kuayue');
    // A number means nothing without its platform's numbering.
    expect(carrierIdFromPlatform('85')).toBe('85');
    expect(carrierName('kuayue', 'zh-CN')).toBe('kuayue');
  });

  it('names a carrier in the UI language', () => {
    expect(carrierName('SF', 'en')).toBe('SF Express');
    expect(carrierName('SF', 'zh-CN')).toBe('顺丰速运');
    expect(carrierName('UPS', 'zh-CN')).toBe('UPS');
    // Shopify stores the name its merchants type; the table still recognises it.
    expect(carrierName('DHL Express', 'zh-CN')).toBe('DHL');
  });

  it('has no alias that names two carriers', () => {
    const seen = new Map<string, string>();
    for (const carrier of CARRIERS) {
      for (const alias of [carrier.id, carrier.en, carrier.zh, ...carrier.aliases].map((a) => a.toLowerCase())) {
        const other = seen.get(alias);
        expect(other === undefined || other === carrier.id, `${alias}: ${other} and ${carrier.id}`).toBe(true);
        seen.set(alias, carrier.id);
      }
      expect(findCarrier(carrier.id)).toBe(carrier);
    }
  });

  it('gives logistics only when both the carrier and the tracking number are there', () => {
    expect(logisticsFrom('44', 'SF1234567890', 'pinduoduo')).toEqual({ company: 'SF', trackingNumber: 'SF1234567890' });
    expect(logisticsFrom('44', '  ', 'pinduoduo')).toBeNull();
    expect(logisticsFrom('', 'SF1')).toBeNull();
    expect(logisticsFrom(undefined, null)).toBeNull();
    expect(logisticsFrom('x'.repeat(150), 'n')?.company).toHaveLength(100);
  });
});
