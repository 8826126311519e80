import type { PresenceUpdate } from '../../shared';

interface ConversationState {
  storeId: string;
  /** socket id → user id: one user may have the thread open in several windows. */
  viewers: Map<string, string>;
  /** user id → when their typing signal expires (epoch ms). */
  typing: Map<string, number>;
}

/**
 * Who has which conversation open and who is typing in it, on THIS server node, in
 * memory. Ephemeral by design: nothing is stored, a restart forgets it and clients
 * re-announce. Pure state; the socket side is presence-gateway.ts.
 */
export class ConversationPresence {
  readonly #conversations = new Map<string, ConversationState>();
  /** socket id → the conversation it views. */
  readonly #viewing = new Map<string, string>();

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
    }
    return changed;
  }

  /** Marks `userId` typing until now + ttlMs. True when they were not typing before (an update is due). */
  typing(userId: string, conversationId: string, storeId: string, ttlMs: number): boolean {
    const state = this.#state(conversationId, storeId);
    const wasTyping = (state.typing.get(userId) ?? 0) > this.now();
    state.typing.set(userId, this.now() + ttlMs);
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
    return changed;
  }

  /** A socket went away: it views nothing any more. */
  disconnected(socketId: string, userId: string): string[] {
    return this.view(socketId, userId, null);
  }

  snapshot(conversationId: string): PresenceUpdate & { storeId: string | null } {
    const state = this.#conversations.get(conversationId);
    const now = this.now();
    return {
      conversationId,
      storeId: state?.storeId ?? null,
      viewers: state ? [...new Set(state.viewers.values())].sort() : [],
      typing: state ? [...state.typing].filter(([, until]) => until > now).map(([userId]) => userId).sort() : [],
    };
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
  }

  #forgetIfEmpty(conversationId: string, state: ConversationState): void {
    if (state.viewers.size === 0 && state.typing.size === 0) this.#conversations.delete(conversationId);
  }
}
