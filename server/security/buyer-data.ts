import { ERASED_NICKNAME, ERASED_TEXT, storeStream, type Change, type User } from '../../shared';
import type { Queryable } from '../storage/database';
import {
  toConversation,
  toCustomer,
  toMessage,
  toOrder,
  type ConversationRow,
  type CustomerRow,
  type MessageRow,
  type OrderRow,
} from '../storage/rows';
import type { ChangeFeed, EntitySnapshot } from '../sync/change-feed';
import { eraseReviews, reviewsOfCustomer, toReview } from '../reviews/review-records';
import { listAuditForCustomer, recordAudit } from './audit';
import { contactOfRow } from './contact-columns';

type Actor = Pick<User, 'id' | 'displayName'>;

/**
 * Everything Huixin holds about one buyer (PIPL/GDPR access request): the customer with
 * its server-only fields (e-mail, contact in clear), every conversation and message,
 * every order, and the audit entries about them. Null when there is no such customer.
 * The export itself is audited.
 */
export async function exportCustomer(feed: ChangeFeed, customerId: string, actor: Actor): Promise<Record<string, unknown> | null> {
  return feed.write(async ({ tx }) => {
    const [customer] = await tx.query<CustomerRow>('SELECT * FROM customers WHERE id = $1', [customerId]);
    if (!customer) return null;
    const conversations = await tx.query<ConversationRow>('SELECT * FROM conversations WHERE customer_id = $1 ORDER BY created_at', [customerId]);
    const messages = await tx.query<MessageRow>(
      'SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.customer_id = $1 ORDER BY m.sent_at, m.id',
      [customerId],
    );
    const orders = await tx.query<OrderRow>('SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at', [customerId]);
    await recordAudit(tx, { actor, action: 'customer.export', storeId: customer.store_id, customerId, detail: `${messages.length} messages, ${orders.length} orders` });
    return {
      exportedAt: new Date().toISOString(),
      customer: { ...toCustomer(customer), email: customer.email, contact: contactOfRow(customer, 'clear') },
      conversations: conversations.map(toConversation),
      messages: messages.map(toMessage),
      orders: orders.map(toOrder),
      reviews: (await reviewsOfCustomer(tx, customerId)).map(toReview),
      audit: await listAuditForCustomer(tx, customerId),
    };
  });
}

export interface ErasureResult {
  customerId: string;
  storeId: string;
  messages: number;
  conversations: number;
}

/**
 * Erases one buyer's personal data on request: name, e-mail, contact data and platform
 * id are cleared, every message body in their threads becomes a tombstone text (agents'
 * replies too: they quote the buyer), previews likewise; unsent replies are withdrawn.
 * Orders stay (bookkeeping) without anything personal. The new snapshots are appended
 * and pushed, so every client replaces what it cached; the stream's OLDER snapshots of
 * these entities are overwritten as well, so a client pulling from seq 0 never receives
 * the erased text. Audited in the same transaction.
 */
export async function eraseCustomer(feed: ChangeFeed, customerId: string, actor: Actor): Promise<ErasureResult | null> {
  return feed.write(async ({ tx, append }) => {
    const [customer] = await tx.query<CustomerRow>(
      `UPDATE customers
          SET nickname = $2, email = NULL, real_name = NULL, phone = NULL, address = NULL, id_number = NULL,
              platform_user_id = 'erased:' || id, locale = NULL, erased_at = coalesce(erased_at, now())
        WHERE id = $1 RETURNING *`,
      [customerId, ERASED_NICKNAME],
    );
    if (!customer) return null;
    const withdrawn = await tx.query<{ message_id: string }>(
      `DELETE FROM outbound_jobs WHERE message_id IN (
         SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.customer_id = $1)
       RETURNING message_id`,
      [customerId],
    );
    const messages = await tx.query<MessageRow>(
      `UPDATE messages m
          SET body = $2,
              delivery = CASE WHEN m.id = ANY($3::text[]) THEN 'failed' ELSE m.delivery END,
              failure_reason = CASE WHEN m.id = ANY($3::text[]) THEN 'Not sent: the buyer''s data was erased' ELSE m.failure_reason END
         FROM conversations c
        WHERE c.id = m.conversation_id AND c.customer_id = $1
        RETURNING m.*`,
      [customerId, ERASED_TEXT, withdrawn.map((row) => row.message_id)],
    );
    const conversations = await tx.query<ConversationRow>(
      'UPDATE conversations SET last_message_preview = $2, updated_at = now() WHERE customer_id = $1 RETURNING *',
      [customerId, ERASED_TEXT],
    );
    const reviews = await eraseReviews(tx, customerId);
    const snapshots: EntitySnapshot[] = [
      { entity: 'customer', data: toCustomer(customer) },
      ...conversations.map((row) => ({ entity: 'conversation' as const, data: toConversation(row) })),
      ...messages.map((row) => ({ entity: 'message' as const, data: toMessage(row) })),
      ...reviews.map((row) => ({ entity: 'review' as const, data: toReview(row) })),
    ];
    const stream = storeStream(customer.store_id);
    await overwriteHistory(tx, stream, snapshots);
    await append(stream, snapshots);
    await recordAudit(tx, {
      actor,
      action: 'customer.erase',
      storeId: customer.store_id,
      customerId,
      detail: `${messages.length} messages and ${conversations.length} conversations erased`,
    });
    return { customerId, storeId: customer.store_id, messages: messages.length, conversations: conversations.length };
  });
}

/** Replaces every earlier snapshot of these entities in the stream with the erased one. */
async function overwriteHistory(tx: Queryable, stream: string, snapshots: EntitySnapshot[]): Promise<void> {
  const entities: Array<Change['entity']> = [];
  const ids: string[] = [];
  const data: string[] = [];
  for (const snapshot of snapshots) {
    entities.push(snapshot.entity);
    ids.push(snapshot.data.id);
    data.push(JSON.stringify(snapshot.data));
  }
  await tx.query(
    `UPDATE changes SET data = t.data
       FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS t(entity, entity_id, data)
      WHERE changes.stream = $1 AND changes.entity = t.entity AND changes.entity_id = t.entity_id`,
    [stream, entities, ids, data],
  );
}
