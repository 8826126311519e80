import { describe, expect, it } from 'vitest';
import { ACCOUNT_DISABLED_HANDSHAKE, ACCOUNT_REMOVED_HANDSHAKE, handshakeRevocation, wipesWholeCache } from './revocation';

describe('handshake refusals', () => {
  it('tell a client that was offline whether its account was removed or disabled', () => {
    expect(handshakeRevocation(ACCOUNT_REMOVED_HANDSHAKE)).toBe('account_removed');
    expect(handshakeRevocation(ACCOUNT_DISABLED_HANDSHAKE)).toBe('account_disabled');
    expect(handshakeRevocation('unauthorized: invalid or expired token')).toBeNull();
    expect(handshakeRevocation('xhr poll error')).toBeNull();
  });

  it('both wipe the whole cache', () => {
    expect(wipesWholeCache(handshakeRevocation(ACCOUNT_REMOVED_HANDSHAKE)!)).toBe(true);
    expect(wipesWholeCache(handshakeRevocation(ACCOUNT_DISABLED_HANDSHAKE)!)).toBe(true);
  });
});
