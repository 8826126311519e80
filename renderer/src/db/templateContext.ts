import { carrierName } from '../../../shared';
import type { Conversation, Customer, Message, Order, TemplateContext, User } from '../../../shared';
import type { HuixinDb } from './database';
import { loadMessages } from './queries';

/**
 * What a quick reply may say about the open conversation, read from the cache: the
 * buyer, the store, the signed-in agent, the order the thread is about (or the buyer's
 * latest order in this store) with its carrier and tracking number once shipped, and for
 * a review thread its rating and text. Where the platform reports no carrier (or the
 * order has not shipped), `{{logistics.*}}` is flagged empty rather than guessed.
 */
export async function loadTemplateContext(db: HuixinDb, conversationId: string, agent: Pick<User, 'displayName'>, now = new Date()): Promise<TemplateContext> {
  const conversation = await db.conversations.get(conversationId);
  if (!conversation) return { buyer: null, store: null, agent, order: null, logistics: null, review: null, now };
  const [store, customer, orders, messages] = await Promise.all([
    db.stores.get(conversation.storeId),
    db.customers.get(conversation.customerId),
    db.orders.where('customerId').equals(conversation.customerId).toArray(),
    conversation.kind === 'review' ? loadMessages(db, conversationId) : Promise.resolve([]),
  ]);
  const order = orderOfConversation(conversation, orders);
  return {
    buyer: buyerOf(customer),
    store: store ? { name: store.name } : null,
    agent: { displayName: agent.displayName },
    order: order
      ? { platformOrderId: order.platformOrderId, status: order.status, totalAmount: order.totalAmount, currency: order.currency, items: order.items }
      : null,
    // Stored as a carrier id ("SF"); the buyer reads its name in their language.
    logistics: order?.logistics ? { ...order.logistics, company: carrierName(order.logistics.company, customer?.locale ?? 'zh-CN') } : null,
    review: conversation.kind === 'review' ? reviewOf(conversation, messages) : null,
    now,
  };
}

function buyerOf(customer: Customer | undefined): TemplateContext['buyer'] {
  return customer && customer.nickname.trim() ? { nickname: customer.nickname } : null;
}

/**
 * An order thread's subject starts with `#<platformOrderId>` (server/ingest): that order.
 * Otherwise the buyer's most recently updated order in the conversation's store.
 */
export function orderOfConversation(conversation: Pick<Conversation, 'kind' | 'subject' | 'storeId'>, orders: readonly Order[]): Order | null {
  const inStore = orders.filter((o) => o.storeId === conversation.storeId);
  if (conversation.kind === 'order' && conversation.subject) {
    const number = /^#(\S+)/.exec(conversation.subject)?.[1];
    const match = inStore.find((o) => o.platformOrderId === number);
    if (match) return match;
  }
  let latest: Order | null = null;
  for (const order of inStore) if (!latest || order.updatedAt > latest.updatedAt) latest = order;
  return latest;
}

/** A review thread's subject is `★★★★☆ <product>`; its first buyer message is the review. */
export function reviewOf(conversation: Pick<Conversation, 'subject'>, messages: readonly Pick<Message, 'direction' | 'body'>[]): TemplateContext['review'] {
  const stars = /^([★☆]{5})/.exec(conversation.subject ?? '')?.[1];
  const text = messages.find((m) => m.direction === 'in')?.body ?? null;
  if (!stars || text === null) return null;
  return { rating: [...stars].filter((c) => c === '★').length, text };
}

/** Latest buyer message of a conversation, for language detection. */
export async function latestInboundText(db: HuixinDb, conversationId: string): Promise<string | null> {
  const messages = await loadMessages(db, conversationId);
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.direction === 'in') return messages[i]?.body ?? null;
  return null;
}
