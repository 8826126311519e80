import { describe, expect, it } from 'vitest';
import { faultSchema } from './config';
import { FaultSwitch } from './recorder';

describe("the 'apply-then-timeout' fault", () => {
  it('is accepted for the platforms whose replies take no idempotency key, refused with a reason for the others', () => {
    for (const platform of ['wechat', 'weibo', 'jd'] as const) {
      expect(faultSchema.parse({ platform, mode: 'apply-then-timeout', count: 1 })).toEqual({ platform, mode: 'apply-then-timeout', count: 1 });
    }
    const shopify = faultSchema.safeParse({ platform: 'shopify', mode: 'apply-then-timeout' });
    expect(shopify.success).toBe(false);
    expect(shopify.error?.issues[0]?.message).toContain('wechat, weibo, jd only');
  });

  it('is played by the next write only: reads pass over it without using it up', () => {
    const faults = new FaultSwitch();
    faults.set({ platform: 'jd', mode: 'apply-then-timeout', count: 1 });
    expect(faults.take('jd', 'read')).toBe('none');
    expect(faults.take('jd', 'read')).toBe('none');
    expect(faults.take('jd')).toBe('apply-then-timeout');
    expect(faults.take('jd')).toBe('none');
    // Other modes still hit reads as before.
    faults.set({ platform: 'jd', mode: 'unavailable', count: 1 });
    expect(faults.take('jd', 'read')).toBe('unavailable');
    expect(faults.current()).toEqual([]);
  });
});
