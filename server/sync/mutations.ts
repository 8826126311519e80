import { z } from 'zod';
import {
  mutationAckSchema,
  type ConflictDetail,
  mutationSchema,
  storeStream,
  type MessageCard,
  type Mutation,
  type MutationAck,
  type MutationPayload,
  type User,
} from '../../shared';
import {
  previewOf,
  toConversation,
  toMessage,
  type ConversationRow,
  type MessageRow,
} from '../storage/rows';
import type { AutoAssigner } from '../inbox/auto-assigner';
import { addNote, linkCustomers, snooze, tagConversation, unlinkCustomer } from '../inbox/inbox-mutations';
import { applyComplianceMutation } from '../compliance/compliance-mutations';
import { checkOutgoingMessage, recordSentWithFindings } from '../compliance/send-check';
import { applyTemplateMutation } from '../templates/template-mutations';
import { applySavedViewMutation } from '../user-state/saved-views';
import { applyMarkRead } from '../user-state/read-marks';
import { applyProductMutation } from '../products/product-mutations';
import { recordTemplateUsage } from '../templates/template-usage';
import { canReadStore } from './access';
import { containsNul } from '../storage/postgres-text';
import type { ChangeFeed, FeedTransaction } from './change-feed';
import { conflictRejection, recordFieldAuthor } from './conflicts';

type Rejection = { status: 'rejected'; code: string; message: string; conflict?: ConflictDetail };
export type Outcome = { status: 'applied' } | Rejection;

export const reject = (code: string, message: string): Rejection => ({ status: 'rejected', code, message });

export interface MutationHooks {
  /** A message.send committed: the outbound dispatcher should look at the queue. */
  onOutboundQueued(): void;
}

/**
 * Applies client mutations, each mutation id once. The id is claimed in
 * applied_mutations in the same transaction as the effect: a concurrent duplicate
 * waits on the claim's unique index and then reads the stored ack; a replay after
 * commit gets the stored ack straight away. Every rejection is decided before the
 * first write, so a rejected mutation leaves only its ack behind.
 *
 * Adding a mutation type: extend mutationPayloadSchema in shared/sync/protocol.ts, add a
 * case to `applyPayload` below, document it in docs/protocol.md.
 */
export class MutationService {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly hooks: MutationHooks,
    /** Assigns a thread reopened unassigned (team setting); none = never automatic. */
    private readonly assigner?: AutoAssigner,
  ) {}

  /** Never throws for bad input; throws only for transient failures (database down). */
  async apply(user: User, raw: unknown): Promise<MutationAck> {
    const parsed = mutationSchema.safeParse(raw);
    if (!parsed.success) {
      // Echo the id only when it is a string: String() of a hostile object ({"toString": 1})
      // throws, and a throw here meant no ack at all (found by server/sync/fuzz.test.ts).
      const claimed = typeof raw === 'object' && raw !== null && 'mutationId' in raw ? raw.mutationId : undefined;
      const mutationId = typeof claimed === 'string' ? claimed.slice(0, 100) : '';
      return { mutationId, status: 'rejected', code: 'bad_request', message: z.prettifyError(parsed.error) };
    }
    const mutation = parsed.data;
    if (containsNul(mutation)) {
      return { mutationId: mutation.mutationId, status: 'rejected', code: 'bad_request', message: 'Text cannot contain the NUL character (U+0000)' };
    }
    return this.feed.write(async (feed) => {
      const claimed = await feed.tx.query(
        `INSERT INTO applied_mutations (mutation_id, user_id, type) VALUES ($1, $2, $3)
         ON CONFLICT (mutation_id) DO NOTHING RETURNING mutation_id`,
        [mutation.mutationId, user.id, mutation.payload.type],
      );
      if (claimed.length === 0) return this.#storedAck(feed, mutation, user);

      const outcome = await this.#applyPayload(feed, user, mutation.payload);
      const ack: MutationAck =
        outcome.status === 'applied'
          ? { mutationId: mutation.mutationId, status: 'applied' }
          : { mutationId: mutation.mutationId, ...outcome };
      await feed.tx.query('UPDATE applied_mutations SET result = $2::jsonb WHERE mutation_id = $1', [
        mutation.mutationId,
        JSON.stringify(ack),
      ]);
      return ack;
    });
  }

  async #storedAck(feed: FeedTransaction, mutation: Mutation, user: User): Promise<MutationAck> {
    const [row] = await feed.tx.query<{ user_id: string; result: unknown }>(
      'SELECT user_id, result FROM applied_mutations WHERE mutation_id = $1',
      [mutation.mutationId],
    );
    if (!row || row.user_id !== user.id) {
      return { mutationId: mutation.mutationId, status: 'rejected', code: 'conflict', message: 'This mutation id was used by someone else' };
    }
    return mutationAckSchema.parse(row.result);
  }

  async #applyPayload(feed: FeedTransaction, user: User, payload: MutationPayload): Promise<Outcome> {
    if (payload.type === 'customer.link') return linkCustomers(feed, user, payload.customerId, payload.otherCustomerId);
    if (payload.type === 'customer.unlink') return unlinkCustomer(feed, user, payload.customerId);
    if (payload.type === 'template.upsert' || payload.type === 'template.delete') return applyTemplateMutation(feed, user, payload);
    if (payload.type === 'complianceTerm.upsert' || payload.type === 'complianceTerm.delete' || payload.type === 'storeSettings.update') {
      return applyComplianceMutation(feed, user, payload);
    }
    // The agent's own state (user:<id> stream): views and read marks.
    if (payload.type === 'savedView.save' || payload.type === 'savedView.delete') return applySavedViewMutation(feed, user, payload);
    if (payload.type === 'conversation.markRead') return applyMarkRead(feed, user, payload);
    if (payload.type === 'product.save') return applyProductMutation(feed, user, payload);
    const conversation = await lockConversation(feed, payload.conversationId);
    // Unknown and unreadable look the same: an agent learns nothing about other stores.
    if (!conversation || !(await canReadStore(feed.tx, user, conversation.store_id))) {
      return reject('not_found', `No conversation ${payload.conversationId}`);
    }
    switch (payload.type) {
      case 'message.send': {
        // The server's own compliance check (store mode + terms); a block is recorded and rejected.
        const context = { user, storeId: conversation.store_id, conversationId: conversation.id };
        const check = await checkOutgoingMessage(feed.tx, context, payload);
        if (check.status === 'rejected') return reject(check.code, check.message);
        const sent = await this.#sendMessage(feed, user, conversation, payload.messageId, payload.body, payload.card ?? null);
        if (sent.status === 'applied') {
          await recordSentWithFindings(feed.tx, context, payload, check);
          await recordTemplateUsage(feed.tx, user.id, payload.messageId, payload.templateIds ?? []);
        }
        return sent;
      }
      case 'conversation.setStatus': {
        if (payload.status === 'snoozed') {
          return reject('bad_request', 'Snooze with conversation.snooze, which says when the thread wakes up');
        }
        if (payload.expectedStatus !== undefined && payload.expectedStatus !== conversation.status) {
          return conflictRejection(feed.tx, conversation.id, 'status', conversation.status);
        }
        await recordFieldAuthor(feed.tx, conversation.id, 'status', payload.status, user.id);
        // Reopened and nobody on it: the team's automatic assignment may pick an agent.
        const assignee =
          payload.status === 'open' && conversation.assignee_id === null && this.assigner
            ? await this.assigner.pick(feed.tx, conversation.store_id)
            : conversation.assignee_id;
        return saveConversation(feed, conversation, {
          status: payload.status,
          snoozed_until: null,
          assignee_id: assignee,
          // Resolving a thread means nobody is left waiting on it.
          waiting_since: payload.status === 'resolved' ? null : conversation.waiting_since,
        });
      }
      case 'conversation.snooze': {
        const snoozed = await snooze(feed, conversation, payload.until);
        if (snoozed.status === 'applied') await recordFieldAuthor(feed.tx, conversation.id, 'status', 'snoozed', user.id);
        return snoozed;
      }
      case 'conversation.tag':
        return tagConversation(feed, conversation, payload.add, payload.remove);
      case 'conversation.setPriority':
        return saveConversation(feed, conversation, { priority: payload.priority });
      case 'note.add':
        return addNote(feed, user, conversation, payload.messageId, payload.body);
      case 'conversation.assign': {
        if (payload.expectedAssigneeId !== undefined && payload.expectedAssigneeId !== conversation.assignee_id) {
          return conflictRejection(feed.tx, conversation.id, 'assignee', conversation.assignee_id);
        }
        if (payload.assigneeId !== null) {
          const [assignee] = await feed.tx.query('SELECT id FROM users WHERE id = $1', [payload.assigneeId]);
          if (!assignee) return reject('not_found', `No user ${payload.assigneeId}`);
        }
        await recordFieldAuthor(feed.tx, conversation.id, 'assignee', payload.assigneeId, user.id);
        return saveConversation(feed, conversation, { assignee_id: payload.assigneeId });
      }
    }
  }

  async #sendMessage(
    feed: FeedTransaction,
    user: User,
    conversation: ConversationRow,
    messageId: string,
    body: string,
    card: MessageCard | null,
  ): Promise<Outcome> {
    const [existing] = await feed.tx.query('SELECT id FROM messages WHERE id = $1', [messageId]);
    if (existing) return reject('conflict', `Message id ${messageId} is already taken`);
    const now = new Date();
    const [message] = await feed.tx.query<MessageRow>(
      `INSERT INTO messages (id, conversation_id, store_id, direction, author_id, body, sent_at, delivery, card)
       VALUES ($1, $2, $3, 'out', $4, $5, $6, 'pending', $7::jsonb) RETURNING *`,
      [messageId, conversation.id, conversation.store_id, user.id, body, now, card === null ? null : JSON.stringify(card)],
    );
    if (!message) throw new Error('message insert returned nothing');
    await feed.tx.query('INSERT INTO outbound_jobs (message_id) VALUES ($1)', [messageId]);
    const outcome = await saveConversation(feed, conversation, {
      last_message_at: now,
      last_message_preview: previewOf(body),
      last_message_direction: 'out',
      waiting_since: null,
    }, [{ entity: 'message', data: toMessage(message) }]);
    feed.afterCommit(() => this.hooks.onOutboundQueued());
    return outcome;
  }
}

async function lockConversation(feed: FeedTransaction, id: string): Promise<ConversationRow | null> {
  const [row] = await feed.tx.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1 FOR UPDATE', [id]);
  return row ?? null;
}

export type ConversationPatch = Partial<
  Pick<
    ConversationRow,
    | 'status'
    | 'assignee_id'
    | 'waiting_since'
    | 'last_message_at'
    | 'last_message_preview'
    | 'last_message_direction'
    | 'snoozed_until'
    | 'priority'
    | 'tags'
  >
>;

/** Writes a conversation patch and appends the conversation (then `alsoAppend`) to the store stream. */
export async function saveConversation(
  feed: FeedTransaction,
  conversation: ConversationRow,
  patch: ConversationPatch,
  alsoAppend: Parameters<FeedTransaction['append']>[1] = [],
): Promise<Outcome> {
  const next = { ...conversation, ...patch };
  const [saved] = await feed.tx.query<ConversationRow>(
    `UPDATE conversations
        SET status = $2, assignee_id = $3, waiting_since = $4, last_message_at = $5,
            last_message_preview = $6, last_message_direction = $7, snoozed_until = $8, priority = $9,
            tags = $10::jsonb, updated_at = now()
      WHERE id = $1 RETURNING *`,
    [
      next.id,
      next.status,
      next.assignee_id,
      next.waiting_since,
      next.last_message_at,
      next.last_message_preview,
      next.last_message_direction,
      next.snoozed_until,
      next.priority,
      JSON.stringify(next.tags),
    ],
  );
  if (!saved) throw new Error(`conversation ${conversation.id} vanished`);
  await feed.append(storeStream(saved.store_id), [{ entity: 'conversation', data: toConversation(saved) }, ...alsoAppend]);
  return { status: 'applied' };
}
