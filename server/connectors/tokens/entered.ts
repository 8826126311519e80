import { z } from 'zod';
import type { AccessTokens, TokenGrant } from './types';
import { ENTERED_DATE_HINT, enteredDate, isEnteredDate } from './types';

/**
 * The token fields an owner may enter beside the access token, shared by the credentials
 * schemas of the platforms with expiring tokens. Their names avoid the word "token" where
 * the value is not a secret (the store form shows "token" fields as password inputs).
 * - refreshToken: from the platform's OAuth answer; with it Huixin renews the access token.
 * - accessExpiresAt / refreshExpiresAt: when the platform said they expire, if known.
 */
export const enteredTokenFields = {
  refreshToken: z.string().min(1).max(1024).optional(),
  accessExpiresAt: z.string().max(64).refine(isEnteredDate, ENTERED_DATE_HINT).optional(),
  refreshExpiresAt: z.string().max(64).refine(isEnteredDate, ENTERED_DATE_HINT).optional(),
};

export interface EnteredTokens {
  accessToken: string;
  refreshToken?: string | undefined;
  accessExpiresAt?: string | undefined;
  refreshExpiresAt?: string | undefined;
}

export function enteredGrant(credentials: EnteredTokens): TokenGrant {
  return {
    accessToken: credentials.accessToken,
    refreshToken: credentials.refreshToken ?? null,
    expiresAt: enteredDate(credentials.accessExpiresAt),
    refreshExpiresAt: enteredDate(credentials.refreshExpiresAt),
  };
}

/** A call that could not be made or was refused for its token: always worth another try later. */
export interface TokenFailure {
  ok: false;
  permanent: false;
  reason: string;
  /** The owner must enter new tokens; nothing reaches the platform until then. */
  reauthorize: boolean;
}

/**
 * Runs one platform call with the store's current token. When the platform refuses the
 * token (`tokenRefusal` names why), the token is renewed once and the call made once more.
 * Token trouble is never a permanent failure of the call: the event behind it is retried
 * later (the platform redelivers, the poller asks again), not dropped.
 */
export async function callWithToken<R>(
  tokens: AccessTokens,
  signal: AbortSignal,
  call: (token: string) => Promise<R>,
  tokenRefusal: (result: R) => string | null,
): Promise<R | TokenFailure> {
  const first = await tokens.current(signal);
  if (!first.ok) return { ok: false, permanent: false, reason: first.reason, reauthorize: first.reauthorize };
  const answer = await call(first.token);
  const refusal = tokenRefusal(answer);
  if (refusal === null) return answer;
  const next = await tokens.refused(first.token, refusal, signal);
  if (!next.ok) return { ok: false, permanent: false, reason: `${refusal}; ${next.reason}`, reauthorize: next.reauthorize };
  const retried = await call(next.token);
  const again = tokenRefusal(retried);
  return again === null ? retried : { ok: false, permanent: false, reason: `the renewed token was refused too: ${again}`, reauthorize: false };
}
