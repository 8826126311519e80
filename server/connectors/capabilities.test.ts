import { describe, expect, it } from 'vitest';
import { PLATFORM_CAPABILITIES } from '../../shared';
import { connectors } from './index';

/** The clients read shared/domain/capabilities.ts; it must say what the connectors declare. */
describe('platform capabilities', () => {
  it.each(Object.entries(connectors))('%s: the shared table equals the connector', (platform, connector) => {
    const shared = PLATFORM_CAPABILITIES[platform as keyof typeof PLATFORM_CAPABILITIES];
    const { cards, ...declared } = shared;
    expect(connector?.capabilities).toEqual(declared);
    // No connector has a card API yet: cards go out as their text form.
    expect(cards).toBe(false);
  });
});
