import { createHash } from 'node:crypto';
import type { StoreAuthorization } from '../../shared';
import { refreshTokenUsable, tokenDecision } from '../connectors/tokens/refresh-ahead';
import type { AccessTokens, RefreshOutcome, TokenAnswer, TokenAuthority, TokenGrant } from '../connectors/tokens/types';
import type { Logger } from '../logger';
import type { ConnectorLookup } from '../outbound/outbound-dispatcher';
import type { Database, Queryable } from '../storage/database';

/**
 * Keeps every store's live OAuth tokens (table platform_tokens, server only) and renews
 * them for the connectors' API clients:
 * - ahead of expiry (connectors/tokens/refresh-ahead.ts), and once when the platform refuses
 *   a token as expired, after which the caller retries its call once;
 * - single-flight per store: concurrent calls share one renewal (the promise below);
 * - in a cluster only one node renews: on PostgreSQL the renewal runs in a transaction that
 *   holds the token row (SELECT … FOR UPDATE), so a second node waits, then finds the row
 *   already renewed and uses it. PGlite is one process (folder lock): the in-memory
 *   single-flight is enough, and no transaction is held across the platform call;
 * - the new tokens are written in the same statement (and transaction) as last_refresh_at.
 * A refresh token the platform refuses (or an expired token that cannot be renewed) marks the
 * store "re-authorize": from then on nothing calls the platform for it (callers get a fast
 * refusal and retry later, so no event is dropped) until the owner enters new credentials,
 * which the manager notices by their fingerprint.
 */

export interface TokenManagerOptions {
  now?: () => Date;
  /** Deadline of one refresh call to the platform. Default 10 s. */
  refreshTimeoutMs?: number;
}

interface TokenRow {
  store_id: string;
  access_token: string;
  refresh_token: string | null;
  expires_at: Date | null;
  refresh_expires_at: Date | null;
  issued_at: Date;
  last_refresh_at: Date | null;
  last_error: string | null;
  needs_reauthorization: boolean;
  entered_fingerprint: string;
}

interface Loaded {
  authority: TokenAuthority<unknown>;
  credentials: unknown;
  row: TokenRow;
}

const REAUTHORIZE = 'authorization expired: re-authorize the store (enter new tokens in its credentials)';

export class TokenManager {
  private readonly inflight = new Map<string, Promise<TokenAnswer>>();
  private readonly now: () => Date;
  private readonly refreshTimeoutMs: number;

  constructor(
    private readonly db: Database,
    private readonly connectorFor: ConnectorLookup,
    private readonly log: Logger,
    options: TokenManagerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.refreshTimeoutMs = options.refreshTimeoutMs ?? 10_000;
  }

  /** The tokens a connector call for this store uses. */
  forStore(storeId: string): AccessTokens {
    return {
      current: (signal) => this.current(storeId, signal),
      refused: (token, reason, signal) => this.refused(storeId, token, reason, signal),
    };
  }

  /** What the store admin screen shows: dates and state, never a token. Null: no managed token. */
  async authorizationOf(storeId: string): Promise<StoreAuthorization | null> {
    const loaded = await this.load(this.db, storeId);
    if (!loaded) return null;
    const { row, authority } = loaded;
    const now = this.now();
    const decision = tokenDecision({ expiresAt: row.expires_at, issuedAt: row.issued_at }, now);
    const state = row.needs_reauthorization || decision === 'expired' ? 'reauthorize' : decision === 'refresh-ahead' ? 'expiring' : 'ok';
    return {
      state,
      expiresAt: row.expires_at?.toISOString() ?? null,
      refreshExpiresAt: row.refresh_expires_at?.toISOString() ?? null,
      lastRefreshAt: row.last_refresh_at?.toISOString() ?? null,
      lastError: row.last_error,
      renewable: authority.refresh !== undefined && row.refresh_token !== null,
    };
  }

  private async current(storeId: string, signal: AbortSignal): Promise<TokenAnswer> {
    const loaded = await this.load(this.db, storeId);
    if (!loaded) return { ok: false, reauthorize: true, reason: `store ${storeId} has no access token to use` };
    const { row } = loaded;
    if (row.needs_reauthorization) return { ok: false, reauthorize: true, reason: `${REAUTHORIZE}; last error: ${row.last_error ?? 'none'}` };
    const decision = tokenDecision({ expiresAt: row.expires_at, issuedAt: row.issued_at }, this.now());
    if (decision === 'fresh') return { ok: true, token: row.access_token };
    if (!this.renewable(loaded)) {
      if (decision === 'refresh-ahead') return { ok: true, token: row.access_token };
      await this.markReauthorize(storeId, `the access token expired on ${row.expires_at?.toISOString()} and cannot be renewed`);
      return { ok: false, reauthorize: true, reason: REAUTHORIZE };
    }
    const renewed = await this.renewOnce(storeId, row.access_token, signal);
    // Ahead of expiry a failed renewal is no reason to stop: the old token still works.
    if (!renewed.ok && decision === 'refresh-ahead' && !renewed.reauthorize) return { ok: true, token: row.access_token };
    return renewed;
  }

  private async refused(storeId: string, token: string, reason: string, signal: AbortSignal): Promise<TokenAnswer> {
    const loaded = await this.load(this.db, storeId);
    if (!loaded) return { ok: false, reauthorize: true, reason };
    if (loaded.row.needs_reauthorization) return { ok: false, reauthorize: true, reason: REAUTHORIZE };
    // Someone renewed it meanwhile: the refused token was the old one.
    if (loaded.row.access_token !== token) return { ok: true, token: loaded.row.access_token };
    if (!this.renewable(loaded)) {
      await this.markReauthorize(storeId, `the platform refused the access token: ${reason}`);
      return { ok: false, reauthorize: true, reason: REAUTHORIZE };
    }
    return this.renewOnce(storeId, token, signal);
  }

  private renewable(loaded: Loaded): boolean {
    return loaded.authority.refresh !== undefined && loaded.row.refresh_token !== null && refreshTokenUsable(loaded.row.refresh_expires_at, this.now());
  }

  /** Single flight per store: whoever comes while a renewal runs waits for that one. */
  private renewOnce(storeId: string, staleToken: string, signal: AbortSignal): Promise<TokenAnswer> {
    const running = this.inflight.get(storeId);
    if (running) return running;
    const renewal = this.renew(storeId, staleToken, signal).finally(() => this.inflight.delete(storeId));
    this.inflight.set(storeId, renewal);
    return renewal;
  }

  private async renew(storeId: string, staleToken: string, signal: AbortSignal): Promise<TokenAnswer> {
    if (this.db.kind === 'postgres') {
      return this.db.transaction(async (tx) => {
        const loaded = await this.load(tx, storeId, 'FOR UPDATE');
        return this.renewLocked(tx, storeId, loaded, staleToken, signal);
      });
    }
    return this.renewLocked(this.db, storeId, await this.load(this.db, storeId), staleToken, signal);
  }

  private async renewLocked(db: Queryable, storeId: string, loaded: Loaded | null, staleToken: string, signal: AbortSignal): Promise<TokenAnswer> {
    if (!loaded) return { ok: false, reauthorize: true, reason: `store ${storeId} has no access token to renew` };
    const { row, authority, credentials } = loaded;
    if (row.needs_reauthorization) return { ok: false, reauthorize: true, reason: REAUTHORIZE };
    // Another node renewed it while this one waited for the row.
    if (row.access_token !== staleToken) return { ok: true, token: row.access_token };
    if (!authority.refresh || row.refresh_token === null) return { ok: false, reauthorize: true, reason: REAUTHORIZE };
    let outcome: RefreshOutcome;
    try {
      outcome = await authority.refresh(credentials, row.refresh_token, AbortSignal.any([signal, AbortSignal.timeout(this.refreshTimeoutMs)]));
    } catch (error) {
      outcome = { ok: false, revoked: false, reason: `token refresh failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    const now = this.now();
    if (outcome.ok) {
      const grant = outcome.grant;
      await db.query(
        `UPDATE platform_tokens SET access_token = $2, refresh_token = COALESCE($3, refresh_token), expires_at = $4,
           refresh_expires_at = COALESCE($5, refresh_expires_at), issued_at = $6, last_refresh_at = $6, last_error = NULL,
           needs_reauthorization = false, updated_at = $6
         WHERE store_id = $1`,
        [storeId, grant.accessToken, grant.refreshToken, grant.expiresAt, grant.refreshExpiresAt, now],
      );
      this.log.info('access token renewed', { storeId, expiresAt: grant.expiresAt?.toISOString() ?? null });
      return { ok: true, token: grant.accessToken };
    }
    const reason = outcome.reason.slice(0, 500);
    await db.query('UPDATE platform_tokens SET last_error = $2, needs_reauthorization = needs_reauthorization OR $3, updated_at = $4 WHERE store_id = $1', [
      storeId,
      reason,
      outcome.revoked,
      now,
    ]);
    if (outcome.revoked) {
      this.log.error('the platform refused the refresh token: the store needs re-authorization', { storeId, reason });
      return { ok: false, reauthorize: true, reason: `${REAUTHORIZE}; ${reason}` };
    }
    this.log.warn('access token renewal failed; trying again later', { storeId, reason });
    return { ok: false, reauthorize: false, reason };
  }

  private async markReauthorize(storeId: string, reason: string): Promise<void> {
    await this.db.query('UPDATE platform_tokens SET needs_reauthorization = true, last_error = $2, updated_at = $3 WHERE store_id = $1', [storeId, reason.slice(0, 500), this.now()]);
    this.log.error('store needs re-authorization', { storeId, reason });
  }

  /**
   * The store's token row, created (or replaced) from the credentials when the owner entered
   * tokens the row has not seen yet. Null when the store's platform manages no tokens.
   */
  private async load(db: Queryable, storeId: string, lock: '' | 'FOR UPDATE' = ''): Promise<Loaded | null> {
    const [store] = await db.query<{ platform: string; credentials: unknown }>('SELECT platform, credentials FROM stores WHERE id = $1', [storeId]);
    if (!store) return null;
    const connector = this.connectorFor(store.platform as Parameters<ConnectorLookup>[0]);
    const authority = connector?.tokens as TokenAuthority<unknown> | undefined;
    if (!connector || !authority) return null;
    const credentials = connector.credentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return null;
    const entered = authority.entered(credentials.data);
    if (!entered) return null;
    const fingerprint = fingerprintOf(entered);
    const [row] = await db.query<TokenRow>(`SELECT * FROM platform_tokens WHERE store_id = $1 ${lock}`, [storeId]);
    if (row && row.entered_fingerprint === fingerprint) return { authority, credentials: credentials.data, row };
    const [fresh] = await db.query<TokenRow>(
      `INSERT INTO platform_tokens (store_id, access_token, refresh_token, expires_at, refresh_expires_at, issued_at, entered_fingerprint)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (store_id) DO UPDATE SET access_token = $2, refresh_token = $3, expires_at = $4, refresh_expires_at = $5,
         issued_at = $6, entered_fingerprint = $7, last_refresh_at = NULL, last_error = NULL, needs_reauthorization = false, updated_at = $6
       RETURNING *`,
      [storeId, entered.accessToken, entered.refreshToken, entered.expiresAt, entered.refreshExpiresAt, this.now(), fingerprint],
    );
    if (!fresh) throw new Error(`token row for ${storeId} not written`);
    return { authority, credentials: credentials.data, row: fresh };
  }
}

/** Identifies what the owner entered without keeping a second copy of it. */
function fingerprintOf(grant: TokenGrant): string {
  return createHash('sha256')
    .update([grant.accessToken, grant.refreshToken ?? '', grant.expiresAt?.toISOString() ?? '', grant.refreshExpiresAt?.toISOString() ?? ''].join('\n'))
    .digest('hex');
}
