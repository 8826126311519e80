import type { PresenceUpdate } from '../../shared';

/** One conversation as another server node sees it: its store and that node's viewers and typists. */
export interface NodeThreadPresence {
  storeId: string;
  viewers: string[];
  typing: string[];
}

/** Where a change came from: this node's sockets, or another node (cluster sharing). */
export type ThreadPresenceSource = 'local' | 'remote';

interface ConversationState {
  storeId: string;
  /** socket id → user id: one user may have the thread open in several windows. */
  viewers: Map<string, string>;
  /** user id → when their typing signal expires (epoch ms). */
  typing: Map<string, number>;
}

/**
 * Who has which conversation open and who is typing in it, in memory. Ephemeral by
 * design: nothing is stored, a restart forgets it and clients re-announce. Pure state;
 * the socket side is presence-gateway.ts. This node's sockets are tracked here in detail;
 * with several nodes (Redis), server/cluster/cluster-thread-presence.ts shares each
 * node's view and feeds the other nodes' in (`setRemote`), and `snapshot` is the union.
 */
export class ConversationPresence {
  readonly #conversations = new Map<string, ConversationState>();
  /** socket id → the conversation it views. */
  readonly #viewing = new Map<string, string>();
  /** other node id → conversation id → that node's viewers and typists there. */
  readonly #remote = new Map<string, Map<string, NodeThreadPresence>>();
  readonly #listeners = new Set<(conversationId: string, storeId: string, source: ThreadPresenceSource) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The conversation `socketId` views, or undefined. */
  viewedBy(socketId: string): { conversationId: string; storeId: string } | undefined {
    const conversationId = this.#viewing.get(socketId);
    const state = conversationId === undefined ? undefined : this.#conversations.get(conversationId);
    return conversationId === undefined || !state ? undefined : { conversationId, storeId: state.storeId };
  }

  /** Socket now views `conversationId` (or nothing). Returns the conversations whose viewers changed. */
  view(socketId: string, userId: string, target: { conversationId: string; storeId: string } | null): string[] {
    const changed: string[] = [];
    const previous = this.#viewing.get(socketId);
    if (previous !== undefined && previous !== target?.conversationId) {
      this.#leave(socketId, userId, previous);
      changed.push(previous);
    }
    if (target && previous !== target.conversationId) {
      const state = this.#state(target.conversationId, target.storeId);
      state.viewers.set(socketId, userId);
      this.#viewing.set(socketId, target.conversationId);
      changed.push(target.conversationId);
      this.#emit(target.conversationId, target.storeId, 'local');
    }
    return changed;
  }

  /** Marks `userId` typing until now + ttlMs. True when they were not typing before (an update is due). */
  typing(userId: string, conversationId: string, storeId: string, ttlMs: number): boolean {
    const state = this.#state(conversationId, storeId);
    const wasTyping = (state.typing.get(userId) ?? 0) > this.now();
    state.typing.set(userId, this.now() + ttlMs);
    // Repeats only extend the deadline: nothing to tell anyone (this is the throttle).
    if (!wasTyping) this.#emit(conversationId, storeId, 'local');
    return !wasTyping;
  }

  /** Drops expired typing signals; returns the conversations that changed, with their store. */
  expire(): Array<{ conversationId: string; storeId: string }> {
    const changed: Array<{ conversationId: string; storeId: string }> = [];
    const now = this.now();
    for (const [conversationId, state] of this.#conversations) {
      let dropped = false;
      for (const [userId, until] of state.typing) {
        if (until <= now) {
          state.typing.delete(userId);
          dropped = true;
        }
      }
      if (dropped) changed.push({ conversationId, storeId: state.storeId });
      this.#forgetIfEmpty(conversationId, state);
    }
    for (const { conversationId, storeId } of changed) this.#emit(conversationId, storeId, 'local');
    return changed;
  }

  /** A socket went away: it views nothing any more. */
  disconnected(socketId: string, userId: string): string[] {
    return this.view(socketId, userId, null);
  }

  /** Viewers and typists on every node (this one's and those `setRemote` reported). */
  snapshot(conversationId: string): PresenceUpdate & { storeId: string | null } {
    const local = this.localSnapshot(conversationId);
    const viewers = new Set(local?.viewers);
    const typing = new Set(local?.typing);
    let storeId = local?.storeId ?? null;
    for (const conversations of this.#remote.values()) {
      const remote = conversations.get(conversationId);
      if (!remote) continue;
      storeId ??= remote.storeId;
      for (const userId of remote.viewers) viewers.add(userId);
      for (const userId of remote.typing) typing.add(userId);
    }
    return { conversationId, storeId, viewers: [...viewers].sort(), typing: [...typing].sort() };
  }

  /** This node's own viewers and typists of one conversation; undefined when it has none. */
  localSnapshot(conversationId: string): NodeThreadPresence | undefined {
    const state = this.#conversations.get(conversationId);
    if (!state) return undefined;
    const now = this.now();
    const viewers = [...new Set(state.viewers.values())].sort();
    const typing = [...state.typing].filter(([, until]) => until > now).map(([userId]) => userId).sort();
    return viewers.length === 0 && typing.length === 0 ? undefined : { storeId: state.storeId, viewers, typing };
  }

  /** The conversations this node's sockets view or type in. */
  localConversationIds(): string[] {
    return [...this.#conversations.keys()];
  }

  /**
   * What node `nodeId` reports for one conversation (null: nothing any more). Tells the
   * listeners when that changes what the conversation's snapshot holds.
   */
  setRemote(nodeId: string, conversationId: string, presence: NodeThreadPresence | null): void {
    const conversations = this.#remote.get(nodeId) ?? new Map<string, NodeThreadPresence>();
    const previous = conversations.get(conversationId);
    if (presence === null || (presence.viewers.length === 0 && presence.typing.length === 0)) {
      if (!previous) return;
      conversations.delete(conversationId);
      if (conversations.size === 0) this.#remote.delete(nodeId);
      this.#emit(conversationId, previous.storeId, 'remote');
      return;
    }
    if (previous && sameThreadPresence(previous, presence)) return;
    conversations.set(conversationId, { storeId: presence.storeId, viewers: [...presence.viewers].sort(), typing: [...presence.typing].sort() });
    this.#remote.set(nodeId, conversations);
    this.#emit(conversationId, presence.storeId, 'remote');
  }

  /** Everything node `nodeId` reports now, replacing what it reported before (empty: the node is gone). */
  replaceRemoteNode(nodeId: string, conversations: ReadonlyMap<string, NodeThreadPresence>): void {
    for (const conversationId of [...(this.#remote.get(nodeId)?.keys() ?? [])]) {
      if (!conversations.has(conversationId)) this.setRemote(nodeId, conversationId, null);
    }
    for (const [conversationId, presence] of conversations) this.setRemote(nodeId, conversationId, presence);
  }

  /** The other nodes this state holds presence from. */
  remoteNodeIds(): string[] {
    return [...this.#remote.keys()];
  }

  /**
   * Called when a conversation's viewers or typists may have changed: 'local' for this
   * node's sockets (the cluster sharing tells the others), 'remote' for another node's
   * (the gateway tells this node's sockets).
   */
  onChange(listener: (conversationId: string, storeId: string, source: ThreadPresenceSource) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(conversationId: string, storeId: string, source: ThreadPresenceSource): void {
    for (const listener of this.#listeners) listener(conversationId, storeId, source);
  }

  #state(conversationId: string, storeId: string): ConversationState {
    let state = this.#conversations.get(conversationId);
    if (!state) {
      state = { storeId, viewers: new Map(), typing: new Map() };
      this.#conversations.set(conversationId, state);
    }
    return state;
  }

  #leave(socketId: string, userId: string, conversationId: string): void {
    this.#viewing.delete(socketId);
    const state = this.#conversations.get(conversationId);
    if (!state) return;
    state.viewers.delete(socketId);
    // Closing the thread ends "typing" there unless another window of theirs still has it open.
    if (![...state.viewers.values()].includes(userId)) state.typing.delete(userId);
    this.#forgetIfEmpty(conversationId, state);
    this.#emit(conversationId, state.storeId, 'local');
  }

  #forgetIfEmpty(conversationId: string, state: ConversationState): void {
    if (state.viewers.size === 0 && state.typing.size === 0) this.#conversations.delete(conversationId);
  }
}

function sameThreadPresence(a: NodeThreadPresence, b: NodeThreadPresence): boolean {
  const same = (x: string[], y: string[]) => {
    const sortedY = [...y].sort();
    return x.length === y.length && [...x].sort().every((id, index) => id === sortedY[index]);
  };
  return a.storeId === b.storeId && same(a.viewers, b.viewers) && same(a.typing, b.typing);
}
