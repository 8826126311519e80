import { useCallback, useSyncExternalStore } from 'react';
import type { ConflictDetail, PresenceUpdate, RevocationReason } from '../../../shared';
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
type ConflictListener = (conversationId: string, conflict: ConflictDetail) => void;

const NO_ONE: readonly string[] = [];
/** Typing signals are sent at most this often while the agent keeps typing (the server keeps them 5 s). */
const TYPING_SIGNAL_MS = 2_000;

const initial: SyncStatus = { connection: 'connecting', detail: null, progress: { syncing: false, applied: 0, total: 0 } };

class SyncClient {
  private worker: Worker | null = null;
  private status: SyncStatus = initial;
  private readonly listeners = new Set<() => void>();
  private readonly problemListeners = new Set<ProblemListener>();
  private readonly revokedListeners = new Set<(reason: RevocationReason) => void>();
  private readonly conflictListeners = new Set<ConflictListener>();
  /** Ephemeral presence from the server: per conversation, and who is online. */
  private presence = new Map<string, PresenceUpdate>();
  private online: readonly string[] = NO_ONE;
  private readonly presenceListeners = new Set<() => void>();
  private lastTyping = { conversationId: '', at: 0 };

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

  /** The conversation on screen (null: none), announced to the team. */
  viewing(conversationId: string | null): void {
    this.post({ type: 'viewing', conversationId });
  }

  /** The agent typed in a composer; throttled here so a keystroke is not a message. */
  typing(conversationId: string, now = Date.now()): void {
    if (this.lastTyping.conversationId === conversationId && now - this.lastTyping.at < TYPING_SIGNAL_MS) return;
    this.lastTyping = { conversationId, at: now };
    this.post({ type: 'typing', conversationId });
  }

  subscribePresence = (listener: () => void): (() => void) => {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  };

  presenceOf = (conversationId: string): PresenceUpdate | undefined => this.presence.get(conversationId);

  onlineUserIds = (): readonly string[] => this.online;

  /** Another agent's change to the status or assignee came first; ours was dropped. */
  onConflict(listener: ConflictListener): () => void {
    this.conflictListeners.add(listener);
    return () => this.conflictListeners.delete(listener);
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
    switch (message.type) {
      case 'connection':
        this.setStatus({ ...this.status, connection: message.state, detail: message.detail });
        // Presence is live state: offline, what we knew is no longer true.
        if (message.state !== 'online') this.setPresence(new Map(), NO_ONE);
        break;
      case 'progress':
        this.setStatus({ ...this.status, progress: message.progress });
        break;
      case 'revoked':
        for (const listener of this.revokedListeners) listener(message.reason);
        break;
      case 'problem':
        for (const listener of this.problemListeners) listener(message.message);
        break;
      case 'conflict':
        for (const listener of this.conflictListeners) listener(message.conversationId, message.conflict);
        break;
      case 'presence': {
        const next = new Map(this.presence);
        if (message.update.viewers.length === 0 && message.update.typing.length === 0) next.delete(message.update.conversationId);
        else next.set(message.update.conversationId, message.update);
        this.setPresence(next, this.online);
        break;
      }
      case 'online':
        this.setPresence(this.presence, message.userIds);
        break;
    }
  }

  private setPresence(presence: Map<string, PresenceUpdate>, online: readonly string[]): void {
    this.presence = presence;
    this.online = online;
    for (const listener of this.presenceListeners) listener();
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

/** Who views and types in one conversation, as the server last said. */
export function useConversationPresence(conversationId: string): PresenceUpdate | undefined {
  const get = useCallback(() => syncClient.presenceOf(conversationId), [conversationId]);
  return useSyncExternalStore(syncClient.subscribePresence, get);
}

/** The team members with a connection to the server right now. */
export function useOnlineUserIds(): readonly string[] {
  return useSyncExternalStore(syncClient.subscribePresence, syncClient.onlineUserIds);
}
