import { z } from 'zod';
import {
  conversationSchema,
  conversationStatusSchema,
  customerSchema,
  idSchema,
  isoTimeSchema,
  messageCardSchema,
  messageSchema,
  orderSchema,
  prioritySchema,
  productSchema,
  reviewSchema,
  tagSchema,
  storeSchema,
  userSchema,
} from '../domain/entities';
import { productDraftSchema } from '../domain/products';
import { teamSettingsSchema } from '../security/settings';
import { reportedFindingSchema } from '../compliance/check';
import { complianceTermContentSchema, complianceTermSchema, complianceModeSchema, storeSettingsSchema } from '../compliance/terms';
import { newQuickReplySchema, quickReplySchema } from '../templates/quick-reply';
import { savedViewContentSchema, savedViewSchema } from '../inbox/saved-view';
import { MAX_READ_MARKS_PER_MUTATION, readMarkInputSchema, readMarkSchema } from '../inbox/read-mark';

/**
 * Sync protocol v1: the contract between the server and every client, documented in
 * docs/protocol.md. Both sides parse every event with these schemas; nothing crosses the
 * socket unchecked.
 *
 * Changes live in *streams*: one per store (`store:<id>`) and one for the team
 * (`team`). Each stream has its own gap-free, monotonic sequence number, allocated in
 * the same database transaction as the rows it describes. A client keeps one cursor per
 * stream, which lets it detect a missed push (seq ≠ cursor + 1) even though it only
 * receives the streams it may see.
 */
export const PROTOCOL_VERSION = 1;

/** Socket.io event names, the only place they are spelled. */
export const SyncEvents = {
  /** server → client, once per connection: who you are and the head of each stream you may read. */
  welcome: 'sync:welcome',
  /** client → server (with ack): changes of one stream after a cursor. */
  pull: 'sync:pull',
  /** server → client: live changes of one stream, in seq order. */
  changes: 'sync:changes',
  /** client → server (with ack): one client mutation. */
  mutate: 'sync:mutate',
  /** server → client: access is being taken away (shared/security/revocation.ts). */
  revoked: 'sync:revoked',
} as const;

export const MAX_PULL_LIMIT = 1000;

export const streamIdSchema = z
  .string()
  .regex(/^(team|store:[A-Za-z0-9_-]{1,64}|user:[A-Za-z0-9_-]{1,64})$/, 'a stream id: "team", "store:<id>" or "user:<id>"');
export type StreamId = z.infer<typeof streamIdSchema>;

export const TEAM_STREAM = 'team' satisfies StreamId;
export function storeStream(storeId: string): StreamId {
  return `store:${storeId}`;
}
/** One user's private stream (personal quick replies); only that user may read it. */
export function userStream(userId: string): StreamId {
  return `user:${userId}`;
}

export const seqSchema = z.number().int().nonnegative();

const change = <E extends string, S extends z.ZodType>(entity: E, data: S) =>
  z.object({
    stream: streamIdSchema,
    seq: seqSchema.min(1),
    entity: z.literal(entity),
    op: z.literal('upsert'),
    data,
  });

/** One entity snapshot at one seq. The latest snapshot of an entity wins. */
export const changeSchema = z.discriminatedUnion('entity', [
  change('store', storeSchema),
  change('user', userSchema),
  change('customer', customerSchema),
  change('conversation', conversationSchema),
  change('message', messageSchema),
  change('order', orderSchema),
  change('settings', teamSettingsSchema),
  change('quickReply', quickReplySchema),
  change('complianceTerm', complianceTermSchema),
  change('storeSettings', storeSettingsSchema),
  change('savedView', savedViewSchema),
  change('readMark', readMarkSchema),
  change('product', productSchema),
  change('review', reviewSchema),
]);
export type Change = z.infer<typeof changeSchema>;
export type EntityName = Change['entity'];

export const streamHeadSchema = z.object({ stream: streamIdSchema, headSeq: seqSchema });
export type StreamHead = z.infer<typeof streamHeadSchema>;

export const welcomeSchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  serverTime: isoTimeSchema,
  user: userSchema,
  /** Every stream this user may read, with its current head. */
  streams: z.array(streamHeadSchema),
});
export type Welcome = z.infer<typeof welcomeSchema>;

export const pullRequestSchema = z.object({
  stream: streamIdSchema,
  since: seqSchema,
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT),
  /**
   * Re-reading a compacted stream from 0: the `compactedSeq` the first page reported.
   * While it is still the stream's floor, a `since` below it is accepted (holes up to it
   * are expected); without it such a `since` answers `cursor_too_old`.
   */
  compactedSeq: seqSchema.optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const errorAckSchema = z.object({
  ok: z.literal(false),
  /** Stable machine code, e.g. `bad_request`, `forbidden`, `not_found`. */
  code: z.string(),
  message: z.string(),
});
export type ErrorAck = z.infer<typeof errorAckSchema>;

export const pullResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    stream: streamIdSchema,
    changes: z.array(changeSchema),
    headSeq: seqSchema,
    hasMore: z.boolean(),
    /** Set when `since` is below the stream's compaction floor: seqs up to it may be missing (superseded snapshots were deleted). */
    compactedSeq: seqSchema.optional(),
  }),
  errorAckSchema,
]);
export type PullResult = z.infer<typeof pullResultSchema>;

export const changesPushSchema = z.object({
  stream: streamIdSchema,
  changes: z.array(changeSchema).min(1),
});
export type ChangesPush = z.infer<typeof changesPushSchema>;

/* ---------------------------------------------------------------- mutations */

const bodySchema = z
  .string()
  .max(10_000)
  .refine((s) => s.trim().length > 0, 'a reply cannot be empty');

export const mutationPayloadSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message.send'),
    conversationId: idSchema,
    /** Generated by the client so that the message keeps one id from outbox to server. */
    messageId: z.uuid(),
    body: bodySchema,
    /** An order or product card; `body` is then its text form (what card-less platforms get). */
    card: messageCardSchema.optional(),
    /** Quick replies used to write this message (usage counting; unknown ids are ignored). */
    templateIds: z.array(idSchema).max(20).optional(),
    /** The agent saw these compliance findings and sends anyway (recorded; a block needs a lead or owner). */
    complianceOverride: z
      .object({ findings: z.array(reportedFindingSchema).max(100), reason: z.string().trim().max(500).optional() })
      .optional(),
  }),
  z.object({
    type: z.literal('conversation.setStatus'),
    conversationId: idSchema,
    status: conversationStatusSchema,
    /** The status the agent saw; when the server's differs, the change is rejected with `conflict`. */
    expectedStatus: conversationStatusSchema.optional(),
  }),
  z.object({
    type: z.literal('conversation.assign'),
    conversationId: idSchema,
    assigneeId: idSchema.nullable(),
    /** The assignee the agent saw (null: nobody); when the server's differs, rejected with `conflict`. */
    expectedAssigneeId: idSchema.nullable().optional(),
  }),
  z.object({
    type: z.literal('conversation.snooze'),
    conversationId: idSchema,
    /** When the thread wakes up as open; must be in the future when the server applies it. */
    until: isoTimeSchema,
  }),
  z.object({
    type: z.literal('conversation.tag'),
    conversationId: idSchema,
    add: z.array(tagSchema).max(20).default([]),
    remove: z.array(tagSchema).max(20).default([]),
  }),
  z.object({
    type: z.literal('conversation.setPriority'),
    conversationId: idSchema,
    priority: prioritySchema,
  }),
  z.object({
    /** An internal note: stored and synced to the team, never sent to the platform. */
    type: z.literal('note.add'),
    conversationId: idSchema,
    messageId: z.uuid(),
    body: bodySchema,
  }),
  z.object({
    /** Owner/lead only: the two buyers are one person (their link groups merge). */
    type: z.literal('customer.link'),
    customerId: idSchema,
    otherCustomerId: idSchema,
  }),
  z.object({
    /** Owner/lead only: takes the customer out of its link group. */
    type: z.literal('customer.unlink'),
    customerId: idSchema,
  }),
  z.object({
    /** Creates or edits a quick reply. Agents: personal only; leads and owners: any scope. */
    type: z.literal('template.upsert'),
    templateId: idSchema,
    template: newQuickReplySchema,
  }),
  z.object({ type: z.literal('template.delete'), templateId: idSchema }),
  z.object({
    /** Owners only. Using a default's id (`default:…`) overrides that default. */
    type: z.literal('complianceTerm.upsert'),
    termId: idSchema,
    term: complianceTermContentSchema,
  }),
  z.object({ type: z.literal('complianceTerm.delete'), termId: idSchema }),
  z.object({ type: z.literal('storeSettings.update'), storeId: idSchema, complianceMode: complianceModeSchema }),
  z.object({
    /** Creates or edits (renames, re-filters, moves) one of the sender's own saved views. */
    type: z.literal('savedView.save'),
    viewId: idSchema,
    view: savedViewContentSchema,
  }),
  z.object({ type: z.literal('savedView.delete'), viewId: idSchema }),
  z.object({
    /** The sender has read these conversations up to `readAt` (batched; marks only move forward). */
    type: z.literal('conversation.markRead'),
    marks: z.array(readMarkInputSchema).min(1).max(MAX_READ_MARKS_PER_MUTATION),
  }),
  z.object({
    /**
     * Owner/lead only: adds (new productId) or edits a store's catalogue entry by hand, for
     * platforms without a product feed; archiving is `status: 'archived'`. A new entry's
     * platformProductId defaults to `manual:<productId>`.
     */
    type: z.literal('product.save'),
    productId: idSchema,
    storeId: idSchema,
    platformProductId: z.string().trim().min(1).max(128).optional(),
    product: productDraftSchema,
  }),
]);
export type MutationPayload = z.infer<typeof mutationPayloadSchema>;
export type MutationType = MutationPayload['type'];

/** The conversation a mutation acts on, or null for customer-level mutations. */
export function mutationConversationId(payload: MutationPayload): string | null {
  return 'conversationId' in payload ? payload.conversationId : null;
}

export const mutationSchema = z.object({
  /** Client-generated; the server applies each id once, however often it is sent. */
  mutationId: z.uuid(),
  /** When the agent did it, on the client's clock. */
  createdAt: isoTimeSchema,
  payload: mutationPayloadSchema,
});
export type Mutation = z.infer<typeof mutationSchema>;

/**
 * `applied`: done (also the answer to a replay of an applied id).
 * `rejected`: will never succeed (bad input, forbidden, unknown conversation); the client
 * marks the outbox item failed and shows the reason instead of retrying.
 * Transient failures are not acked at all (timeout), and the client retries.
 */
/**
 * Why a change with `expected…` lost: someone else changed the field first. `current` is
 * the server's value (a status, an assignee id or null), `changedBy` the user who set it
 * when known (null: the system or an older change).
 */
export const conflictDetailSchema = z.object({
  field: z.enum(['status', 'assignee']),
  current: z.string().nullable(),
  changedBy: idSchema.nullable(),
});
export type ConflictDetail = z.infer<typeof conflictDetailSchema>;

export const mutationAckSchema = z.discriminatedUnion('status', [
  z.object({ mutationId: z.uuid(), status: z.literal('applied') }),
  z.object({
    mutationId: z.string(),
    status: z.literal('rejected'),
    code: z.string(),
    message: z.string(),
    /** Set with code `conflict` when an `expected…` value no longer matched. */
    conflict: conflictDetailSchema.optional(),
  }),
]);
export type MutationAck = z.infer<typeof mutationAckSchema>;

/* ---------------------------------------------------------------- HTTP auth */

export const loginRequestSchema = z.object({
  name: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  token: z.string().min(20),
  expiresAt: isoTimeSchema,
  user: userSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** Socket handshake `auth` payload. */
export const handshakeAuthSchema = z.object({ token: z.string().min(20).max(512) });
