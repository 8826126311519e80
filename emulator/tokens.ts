import { randomBytes } from 'node:crypto';

/**
 * The OAuth token authority of the emulated platforms with expiring tokens (Douyin tool apps,
 * Pinduoduo, JD, Xiaohongshu, Weibo). Each store starts with the tokens in its credentials;
 * `setLifetimes` makes later tokens short-lived, `expireAccessTokens` / `revokeRefreshTokens`
 * put a store in the state a test needs (no sleeping). A refresh issues a new access token
 * and, where the platform rotates refresh tokens, a new refresh token while the used one
 * stops working.
 */
export type TokenCheck = 'ok' | 'expired' | 'invalid';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix ms; null = never. */
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
}

interface StoreTokens {
  access: Map<string, number | null>;
  refresh: Map<string, number | null>;
  accessSeconds: number | null;
  refreshSeconds: number | null;
  rotate: boolean;
  refreshes: number;
}

export class EmulatedTokens {
  private readonly stores = new Map<string, StoreTokens>();

  /** Registers the store's entered tokens (once). `rotate`: a used refresh token stops working. */
  register(storeId: string, accessToken: string, refreshToken: string, rotate: boolean): void {
    if (this.stores.has(storeId)) return;
    this.stores.set(storeId, {
      access: new Map([[accessToken, null]]),
      refresh: new Map([[refreshToken, null]]),
      accessSeconds: null,
      refreshSeconds: null,
      rotate,
      refreshes: 0,
    });
  }

  check(storeId: string, token: string | undefined): TokenCheck {
    const store = this.stores.get(storeId);
    if (!store || token === undefined || !store.access.has(token)) return 'invalid';
    const expiresAt = store.access.get(token) ?? null;
    return expiresAt !== null && expiresAt <= Date.now() ? 'expired' : 'ok';
  }

  /** Which store an access token belongs to (Weibo finds the store by its token). */
  storeOf(token: string | undefined): string | undefined {
    if (token === undefined) return undefined;
    for (const [storeId, store] of this.stores) if (store.access.has(token)) return storeId;
    return undefined;
  }

  refresh(storeId: string, refreshToken: string | undefined): { ok: true; tokens: IssuedTokens } | { ok: false; reason: 'expired' | 'invalid' } {
    const store = this.stores.get(storeId);
    if (!store || refreshToken === undefined || !store.refresh.has(refreshToken)) return { ok: false, reason: 'invalid' };
    const refreshExpiresAt = store.refresh.get(refreshToken) ?? null;
    if (refreshExpiresAt !== null && refreshExpiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    const now = Date.now();
    const accessToken = `at-${randomBytes(12).toString('hex')}`;
    const accessExpiresAt = store.accessSeconds === null ? null : now + store.accessSeconds * 1000;
    store.access.set(accessToken, accessExpiresAt);
    let nextRefresh = refreshToken;
    let nextRefreshExpiresAt = refreshExpiresAt;
    if (store.rotate) {
      store.refresh.delete(refreshToken);
      nextRefresh = `rt-${randomBytes(12).toString('hex')}`;
      nextRefreshExpiresAt = store.refreshSeconds === null ? null : now + store.refreshSeconds * 1000;
      store.refresh.set(nextRefresh, nextRefreshExpiresAt);
    }
    store.refreshes++;
    return { ok: true, tokens: { accessToken, refreshToken: nextRefresh, accessExpiresAt, refreshExpiresAt: nextRefreshExpiresAt } };
  }

  /** Lifetimes of the tokens issued from now on (seconds; null = never expire). */
  setLifetimes(storeId: string, lifetimes: { accessSeconds: number | null; refreshSeconds?: number | null }): void {
    const store = this.require(storeId);
    store.accessSeconds = lifetimes.accessSeconds;
    if (lifetimes.refreshSeconds !== undefined) store.refreshSeconds = lifetimes.refreshSeconds;
  }

  /** The owner authorises the app again (the OAuth consent): a fresh pair, as the platform issues it. */
  authorize(storeId: string): IssuedTokens {
    const store = this.require(storeId);
    const now = Date.now();
    const issued: IssuedTokens = {
      accessToken: `at-${randomBytes(12).toString('hex')}`,
      refreshToken: `rt-${randomBytes(12).toString('hex')}`,
      accessExpiresAt: store.accessSeconds === null ? null : now + store.accessSeconds * 1000,
      refreshExpiresAt: store.refreshSeconds === null ? null : now + store.refreshSeconds * 1000,
    };
    store.access.set(issued.accessToken, issued.accessExpiresAt);
    store.refresh.set(issued.refreshToken, issued.refreshExpiresAt);
    return issued;
  }

  /** Every access token of the store expires now (the platform answers its "expired" code). */
  expireAccessTokens(storeId: string): void {
    const store = this.require(storeId);
    for (const token of store.access.keys()) store.access.set(token, Date.now() - 1);
  }

  /** The shop withdrew the authorisation: every refresh token is refused from now on. */
  revokeRefreshTokens(storeId: string): void {
    this.require(storeId).refresh.clear();
  }

  refreshCount(storeId: string): number {
    return this.stores.get(storeId)?.refreshes ?? 0;
  }

  private require(storeId: string): StoreTokens {
    const store = this.stores.get(storeId);
    if (!store) throw new Error(`store ${storeId} has no OAuth tokens in the emulator`);
    return store;
  }
}

/** The refresh token a store starts with when its credentials name none. */
export function defaultRefreshToken(accessToken: string): string {
  return `${accessToken}-refresh`;
}
