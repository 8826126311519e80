import type {
  Conversation,
  ConversationKind,
  ConversationStatus,
  Currency,
  Customer,
  DeliveryState,
  Message,
  MessageCard,
  MessageDirection,
  Order,
  Logistics,
  OrderItem,
  OrderStatus,
  Platform,
  Priority,
  Role,
  Store,
  User,
} from '../../shared';
import { contactOfRow, type ContactColumns } from '../security/contact-columns';

/**
 * Row shapes as the database returns them, and their mapping to the synced entities.
 * The mappers are the one place that decides what leaves the server: credentials,
 * password hashes and customer e-mail addresses have no field to land in.
 */

const iso = (value: Date): string => value.toISOString();
const isoOrNull = (value: Date | null): string | null => (value ? value.toISOString() : null);

export interface UserRow {
  id: string;
  name: string;
  display_name: string;
  role: Role;
  password_hash: string;
  created_at: Date;
  disabled_at?: Date | null;
  removed_at?: Date | null;
  can_reveal_pii?: boolean;
}
export const toUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  displayName: row.display_name,
  role: row.role,
});

/**
 * The signed-in user as their own session sees it (login, /api/me, welcome): with
 * `canRevealPii` when they may reveal buyers' personal data. Team snapshots of other
 * users do not carry it.
 */
export const toSessionUser = (row: UserRow): User => {
  const user = toUser(row);
  return row.role !== 'agent' || row.can_reveal_pii === true ? { ...user, canRevealPii: true } : user;
};

export interface StoreRow {
  id: string;
  platform: Platform;
  name: string;
  currency: Currency;
  credentials: unknown;
  created_at: Date;
}
export const toStore = (row: StoreRow): Store => ({
  id: row.id,
  platform: row.platform,
  name: row.name,
  currency: row.currency,
  createdAt: iso(row.created_at),
});

export interface CustomerRow {
  id: string;
  store_id: string;
  platform: Platform;
  platform_user_id: string;
  nickname: string;
  locale: string | null;
  email: string | null;
  /** Server-only contact columns (0004); synced masked, see contactOfRow. */
  real_name?: string | null;
  phone?: string | null;
  address?: string | null;
  id_number?: string | null;
  erased_at?: Date | null;
  link_id: string | null;
  created_at: Date;
}
export const toCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  storeId: row.store_id,
  platform: row.platform,
  platformUserId: row.platform_user_id,
  nickname: row.nickname,
  locale: row.locale,
  createdAt: iso(row.created_at),
  // Masked here, before anything leaves the server; the reveal route reads the columns.
  contact: contactOfRow(row as ContactColumns, 'masked'),
  erasedAt: isoOrNull(row.erased_at ?? null),
  linkId: row.link_id,
});

export interface ConversationRow {
  id: string;
  store_id: string;
  customer_id: string;
  kind: ConversationKind;
  thread_key: string;
  platform_thread_id: string | null;
  platform_order_id: string | null;
  subject: string | null;
  status: ConversationStatus;
  assignee_id: string | null;
  last_message_at: Date;
  last_message_preview: string;
  last_message_direction: MessageDirection;
  waiting_since: Date | null;
  last_inbound_at: Date | null;
  created_at: Date;
  updated_at: Date;
  snoozed_until: Date | null;
  priority: Priority;
  tags: string[];
}
export const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  storeId: row.store_id,
  customerId: row.customer_id,
  kind: row.kind,
  subject: row.subject,
  status: row.status,
  assigneeId: row.assignee_id,
  lastMessageAt: iso(row.last_message_at),
  lastMessagePreview: row.last_message_preview,
  lastMessageDirection: row.last_message_direction,
  waitingSince: isoOrNull(row.waiting_since),
  lastInboundAt: isoOrNull(row.last_inbound_at),
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
  priority: row.priority,
  tags: row.tags,
  snoozedUntil: isoOrNull(row.snoozed_until),
});

export interface MessageRow {
  id: string;
  conversation_id: string;
  store_id: string;
  direction: MessageDirection;
  author_id: string | null;
  body: string;
  sent_at: Date;
  delivery: DeliveryState;
  failure_reason: string | null;
  platform_message_id: string | null;
  created_at: Date;
  card: MessageCard | null;
}
export const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  conversationId: row.conversation_id,
  storeId: row.store_id,
  direction: row.direction,
  authorId: row.author_id,
  body: row.body,
  sentAt: iso(row.sent_at),
  delivery: row.delivery,
  failureReason: row.failure_reason,
  platformMessageId: row.platform_message_id,
  createdAt: iso(row.created_at),
  card: row.card,
});

export interface OrderRow {
  id: string;
  store_id: string;
  customer_id: string;
  platform_order_id: string;
  status: OrderStatus;
  currency: Currency;
  total_amount: string;
  items: OrderItem[];
  logistics: Logistics | null;
  created_at: Date;
  updated_at: Date;
}
export const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  storeId: row.store_id,
  customerId: row.customer_id,
  platformOrderId: row.platform_order_id,
  status: row.status,
  currency: row.currency,
  totalAmount: row.total_amount,
  items: row.items,
  logistics: row.logistics ?? null,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

/** Text previews in lists are bounded (conversation.lastMessagePreview is max 500). */
export function previewOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= 200 ? flat : `${flat.slice(0, 199)}…`;
}
