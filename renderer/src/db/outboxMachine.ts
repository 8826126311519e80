import type { OutboxState } from './schema';

/**
 * The outbox item's life, as a pure transition table:
 *
 *   queued ──send──▶ sending ──applied──▶ (removed)
 *     ▲                 │ └──rejected──▶ failed ──retry──▶ queued
 *     └──transient / interrupted─┘                 └──discard──▶ (removed)
 *
 * `transient` is an ack timeout or a lost connection: the item goes back to the queue
 * and is sent again (the server applies each mutation id once). `interrupted` is the
 * same on start-up, for items left `sending` by a closed window.
 */
export type OutboxEvent = 'send' | 'applied' | 'rejected' | 'transient' | 'interrupted' | 'retry' | 'discard';

export type OutboxNext = OutboxState | 'removed';

const TRANSITIONS: Record<OutboxState, Partial<Record<OutboxEvent, OutboxNext>>> = {
  queued: { send: 'sending' },
  sending: { applied: 'removed', rejected: 'failed', transient: 'queued', interrupted: 'queued' },
  failed: { retry: 'queued', discard: 'removed' },
};

/** The next state, or null when the event does not apply in this state. */
export function nextOutboxState(state: OutboxState, event: OutboxEvent): OutboxNext | null {
  return TRANSITIONS[state][event] ?? null;
}

/*
 * A queued item cannot be discarded: the sync worker may be sending it at this very
 * moment, and a discarded reply that still reaches the buyer would be worse than one
 * the agent has to follow up on. Only a rejected (failed) item can be dropped.
 */
