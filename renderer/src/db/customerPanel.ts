import type { Conversation, Customer, Order, Store } from '../../../shared';
import { foldTerm } from '../../../shared';
import type { HuixinDb } from './database';

/**
 * The read model of the customer panel beside a conversation: the buyer, the same person
 * in other stores (customers sharing a linkId), every order of all of them, and their
 * other threads. Reviews are the review-kind threads (the review text is their first
 * message), so they come out of the same conversation list.
 */
export interface CustomerIdentity {
  customer: Customer;
  store: Store | undefined;
}

export interface CustomerOrder {
  order: Order;
  store: Store | undefined;
}

export interface CustomerThread {
  conversation: Conversation;
  store: Store | undefined;
}

export interface CustomerPanelData {
  customer: Customer;
  store: Store | undefined;
  /** Other identities of the same person (same linkId), not including `customer`. */
  linked: CustomerIdentity[];
  /** Newest first, across every linked identity. */
  orders: CustomerOrder[];
  /** Other threads than the open one, newest first, reviews excluded. */
  conversations: CustomerThread[];
  /** Review threads, newest first. */
  reviews: CustomerThread[];
}

export async function loadCustomerPanel(db: HuixinDb, customerId: string, openConversationId: string | null): Promise<CustomerPanelData | null> {
  const customer = await db.customers.get(customerId);
  if (!customer) return null;
  const linked = customer.linkId
    ? (await db.customers.toArray()).filter((c) => c.linkId === customer.linkId && c.id !== customer.id)
    : [];
  const ids = [customer.id, ...linked.map((c) => c.id)];
  const [stores, orders, conversations] = await Promise.all([
    db.stores.toArray(),
    db.orders.where('customerId').anyOf(ids).toArray(),
    db.conversations.where('customerId').anyOf(ids).toArray(),
  ]);
  const storeById = new Map(stores.map((s) => [s.id, s]));
  const newestFirst = <T extends { createdAt: string }>(a: T, b: T) => b.createdAt.localeCompare(a.createdAt);
  const threads = conversations
    .filter((c) => c.id !== openConversationId)
    .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt))
    .map((conversation) => ({ conversation, store: storeById.get(conversation.storeId) }));
  return {
    customer,
    store: storeById.get(customer.storeId),
    linked: linked.map((c) => ({ customer: c, store: storeById.get(c.storeId) })),
    orders: orders.sort(newestFirst).map((order) => ({ order, store: storeById.get(order.storeId) })),
    conversations: threads.filter((t) => t.conversation.kind !== 'review'),
    reviews: threads.filter((t) => t.conversation.kind === 'review'),
  };
}

/**
 * Customers to link with: nickname or platform id containing the query (case- and
 * width-folded), the customer itself and those already linked to it left out.
 */
export async function searchLinkCandidates(db: HuixinDb, customer: Customer, query: string, limit = 20): Promise<CustomerIdentity[]> {
  const needle = foldTerm(query.trim());
  const stores = new Map((await db.stores.toArray()).map((s) => [s.id, s]));
  const matches: CustomerIdentity[] = [];
  await db.customers.each((c) => {
    if (matches.length >= limit || c.id === customer.id || c.erasedAt) return;
    if (customer.linkId !== null && c.linkId === customer.linkId) return;
    if (needle !== '' && !foldTerm(`${c.nickname} ${c.platformUserId}`).includes(needle)) return;
    matches.push({ customer: c, store: stores.get(c.storeId) });
  });
  return matches;
}
