import pg from 'pg';
import type { Logger } from '../logger';

/**
 * Named, exclusive leases shared by every server node of one deployment: a job that
 * must run on ONE node only (a store's message-service subscription) takes the lease
 * first and runs while it holds it.
 */
export interface Leases {
  /** True when this node holds `key` now (already held counts); false when another node does. */
  tryAcquire(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
  /**
   * Checks that the held leases are still ours. When they are not (the lock connection
   * died), every held key is reported lost and forgotten.
   */
  verify(): Promise<void>;
  /** Called with the keys this node lost all at once; their jobs must stop now. */
  onLost(listener: (keys: string[]) => void): () => void;
  close(): Promise<void>;
}

/**
 * One process owns the database (PGlite's folder lock guarantees it), so every lease is
 * free: acquiring always succeeds and nothing is ever lost.
 */
export function localLeases(): Leases {
  const held = new Set<string>();
  return {
    tryAcquire: (key) => {
      held.add(key);
      return Promise.resolve(true);
    },
    release: (key) => {
      held.delete(key);
      return Promise.resolve();
    },
    verify: () => Promise.resolve(),
    onLost: () => () => undefined,
    close: () => {
      held.clear();
      return Promise.resolve();
    },
  };
}

/**
 * Leases as PostgreSQL session-level advisory locks on one dedicated connection. The
 * locks belong to that connection: when the node dies (or its connection does),
 * PostgreSQL releases them and another node's next `tryAcquire` wins. When this node
 * notices its connection is gone it reports every lease lost, so that it stops the jobs
 * before someone else starts them; a partitioned node notices at its next `verify`
 * (or when TCP keepalive gives up), which bounds the overlap to one check interval.
 */
export function postgresLeases(connectionString: string, log: Logger): Leases {
  const held = new Set<string>();
  const listeners = new Set<(keys: string[]) => void>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;

  const lost = (reason: string, from: pg.Client) => {
    if (client !== from) return; // an old connection's late event
    client = null;
    void from.end().catch(() => undefined);
    const keys = [...held];
    held.clear();
    if (keys.length === 0) return;
    log.warn('leases lost with their connection', { reason, keys: keys.length });
    for (const listener of listeners) {
      try {
        listener(keys);
      } catch (error) {
        log.error('lease-lost listener failed', { error: String(error) });
      }
    }
  };

  const connection = (): Promise<pg.Client> => {
    if (closed) return Promise.reject(new Error('leases are closed'));
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const next = new pg.Client({ connectionString, keepAlive: true, application_name: 'huixin-leases' });
      next.on('error', (error) => lost(error.message, next));
      next.on('end', () => lost('connection ended', next));
      try {
        await next.connect();
      } catch (error) {
        await next.end().catch(() => undefined);
        throw error;
      }
      client = next;
      return next;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  /**
   * Runs one statement on the lock connection, one at a time (a pg.Client runs one query
   * at a time anyway); a failure means the connection is gone.
   */
  let queue: Promise<unknown> = Promise.resolve();
  const onLockConnection = <T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> => {
    const run = async (): Promise<T[]> => {
      const current = await connection();
      try {
        return (await current.query<T>(sql, params)).rows;
      } catch (error) {
        lost(error instanceof Error ? error.message : String(error), current);
        throw error;
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  // hashtextextended maps the key to the bigint advisory-lock space (PostgreSQL 11+).
  return {
    async tryAcquire(key) {
      if (held.has(key)) return true;
      try {
        const [row] = await onLockConnection<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]);
        if (row?.ok) held.add(key);
        return row?.ok === true;
      } catch (error) {
        log.warn('lease not acquired: the lock connection failed', { key, error: String(error) });
        return false;
      }
    },
    async release(key) {
      if (!held.delete(key) || !client) return;
      await onLockConnection('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
    },
    async verify() {
      if (held.size === 0 || !client) return;
      await onLockConnection('SELECT 1', []).catch(() => undefined);
    },
    onLost(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      held.clear();
      listeners.clear();
      const current = client ?? (await connecting?.catch(() => null)) ?? null;
      client = null;
      // Ending the session releases every advisory lock it holds.
      await current?.end().catch(() => undefined);
    },
  };
}
