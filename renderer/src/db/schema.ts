import type { Conversation, Customer, Message, Mutation, Order, Store, StreamId, User } from '../../../shared';

/**
 * Row shapes of the client cache. Entity rows are exactly the server's snapshots
 * (shared/domain/entities.ts); the rest is client-only state.
 */

export interface CursorRow {
  stream: StreamId;
  /** Highest seq of this stream applied to the cache; 0 before the first change. */
  seq: number;
}

export const OUTBOX_STATES = ['queued', 'sending', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxRow {
  /** Auto-incremented on insert: the creation order that replay follows. */
  seq?: number;
  mutationId: string;
  /** Conversation the mutation touches; null for mutations of no conversation (templates, settings). */
  conversationId: string | null;
  mutation: Mutation;
  state: OutboxState;
  attempts: number;
  /** Set when the server rejected the mutation: why, in the server's words. */
  failure: { code: string; message: string } | null;
  updatedAt: string;
}

export interface ReadMarkRow {
  conversationId: string;
  /** ISO time up to which the agent has seen inbound messages (the thread's lastInboundAt on screen). */
  lastReadAt: string;
  /**
   * 1 while this mark moved locally and has not been queued for the server yet
   * (readMarkSync.ts batches them into conversation.markRead); 0 or absent otherwise.
   * A number, not a boolean: IndexedDB cannot index booleans.
   */
  pending?: 0 | 1;
}

export interface DraftRow {
  conversationId: string;
  body: string;
  updatedAt: string;
}

export const SESSION_KEY = 'current';

export interface SessionRow {
  key: typeof SESSION_KEY;
  token: string;
  expiresAt: string;
  user: User;
  serverUrl: string;
}

/** Whose data the cache holds; a different user or server means a fresh cache. */
export interface MetaRow {
  key: string;
  value: string;
}

export type { Conversation, Customer, Message, Order, Store, User };
export type { QuickReply } from '../../../shared';
export type { ComplianceTerm, StoreSettings } from '../../../shared';
export type { Product } from '../../../shared';
export type { SavedView } from '../../../shared';
export type { Review } from '../../../shared';
