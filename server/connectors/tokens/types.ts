/**
 * Access-token lifecycle, as a connector sees it. A connector knows how its platform issues
 * and renews tokens (`TokenAuthority`); the server keeps the live tokens and decides when
 * to renew them (server/tokens/token-manager.ts), and hands each connector call an
 * `AccessTokens` for its store. Connectors never see storage.
 */

/** A set of tokens as a platform issued them (or the owner entered them). */
export interface TokenGrant {
  accessToken: string;
  /** null: the platform gave none (Weibo's fan-service token) or the owner entered none. */
  refreshToken: string | null;
  /** null: unknown (the owner did not enter it): the token is used until the platform refuses it. */
  expiresAt: Date | null;
  refreshExpiresAt: Date | null;
}

/** `revoked`: the platform refused the refresh token for good: the owner must re-authorize. */
export type RefreshOutcome = { ok: true; grant: TokenGrant } | { ok: false; revoked: boolean; reason: string };

/** How one platform issues and renews a store's tokens; part of its connector. */
export interface TokenAuthority<Credentials> {
  /**
   * The tokens the owner entered in the credentials, or null when this store's token is not
   * managed (a Douyin self-use app creates its own with token.create).
   */
  entered(credentials: Credentials): TokenGrant | null;
  /** The platform's public refresh call; absent when it has none (Weibo): expiry is tracked only. */
  refresh?(credentials: Credentials, refreshToken: string, signal: AbortSignal): Promise<RefreshOutcome>;
}

/**
 * `reauthorize`: the owner must enter new credentials; until then no call reaches the platform.
 * Otherwise the failure is passing (the refresh call timed out): try again later.
 */
export type TokenAnswer = { ok: true; token: string } | { ok: false; reauthorize: boolean; reason: string };

/** What a connector's API client asks for before each call. */
export interface AccessTokens {
  /** The token to use now; renewed first when it is close to expiry. */
  current(signal: AbortSignal): Promise<TokenAnswer>;
  /**
   * The platform refused `token` as expired or invalid: renew it once (concurrent callers
   * share one renewal) and answer the new one, for one retry of the call.
   */
  refused(token: string, reason: string, signal: AbortSignal): Promise<TokenAnswer>;
}

/** Where the server gets a store's `AccessTokens` (the token manager). */
export interface StoreTokenSource {
  forStore(storeId: string): AccessTokens;
}

/**
 * Without a token manager (a connector used on its own, as in its contract tests): the
 * entered token as it is; a refusal needs the owner.
 */
export function enteredTokenOnly(accessToken: string): AccessTokens {
  return {
    current: async () => ({ ok: true, token: accessToken }),
    refused: async (_token, reason) => ({ ok: false, reauthorize: true, reason }),
  };
}

/** A date the owner typed (2026-05-01, or with a time and offset), as zod refines it. */
export const ENTERED_DATE_HINT = 'a date such as 2026-05-01 or 2026-05-01T12:00:00+08:00';
export function isEnteredDate(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}
export function enteredDate(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
