import { useSyncExternalStore } from 'react';
import type { RevocationReason } from '../../../shared';
import { fromWorkerSchema, type ConnectionState, type SyncProgress, type ToWorker } from '../sync/messages';

/**
 * The UI side of the sync worker: starts it, tells it when the outbox changed, and
 * keeps the latest connection state and progress for the header. Data itself never
 * flows through here: the worker writes Dexie and the UI reads Dexie.
 */
export interface SyncStatus {
  connection: ConnectionState;
  detail: string | null;
  progress: SyncProgress;
}

type ProblemListener = (message: string) => void;

const initial: SyncStatus = { connection: 'connecting', detail: null, progress: { syncing: false, applied: 0, total: 0 } };

class SyncClient {
  private worker: Worker | null = null;
  private status: SyncStatus = initial;
  private readonly listeners = new Set<() => void>();
  private readonly problemListeners = new Set<ProblemListener>();
  private readonly revokedListeners = new Set<(reason: RevocationReason) => void>();

  start(dbName: string): void {
    this.stop();
    this.setStatus(initial);
    const worker = new Worker(new URL('../sync/sync.worker.ts', import.meta.url), { type: 'module', name: 'huixin-sync' });
    worker.addEventListener('message', (event: MessageEvent<unknown>) => this.onMessage(event.data));
    worker.addEventListener('error', (event) => {
      console.error('[sync] worker failed', event.message);
      this.setStatus({ ...this.status, connection: 'offline', detail: event.message || 'sync worker failed' });
    });
    this.worker = worker;
    this.post({ type: 'start', dbName });
  }

  stop(): void {
    if (!this.worker) return;
    this.post({ type: 'stop' });
    this.worker.terminate();
    this.worker = null;
  }

  /** Call after writing to the outbox so that the worker sends it now. */
  outboxChanged(): void {
    this.post({ type: 'outbox-changed' });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): SyncStatus => this.status;

  onProblem(listener: ProblemListener): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** The account was removed or disabled; the worker has already wiped the cache. */
  onRevoked(listener: (reason: RevocationReason) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private onMessage(data: unknown): void {
    const parsed = fromWorkerSchema.safeParse(data);
    if (!parsed.success) {
      console.warn('[sync] dropped a worker message that does not parse', parsed.error.issues);
      return;
    }
    const message = parsed.data;
    if (message.type === 'connection') this.setStatus({ ...this.status, connection: message.state, detail: message.detail });
    else if (message.type === 'progress') this.setStatus({ ...this.status, progress: message.progress });
    else if (message.type === 'revoked') for (const listener of this.revokedListeners) listener(message.reason);
    else for (const listener of this.problemListeners) listener(message.message);
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener();
  }
}

export const syncClient = new SyncClient();

export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(syncClient.subscribe, syncClient.getStatus);
}
