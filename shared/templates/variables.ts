import type { Currency, OrderItem, OrderStatus } from '../domain';

/**
 * The variables a template may use, written `{{ buyer.nickname }}`. The list is the
 * vocabulary of the template editor (insert menu, docs) and of the renderer: any other
 * name is flagged as unknown, never sent raw.
 */
export const TEMPLATE_VARIABLES = [
  'buyer.nickname',
  'store.name',
  'agent.name',
  'order.number',
  'order.status',
  'order.amount',
  'order.items',
  'logistics.company',
  'logistics.trackingNumber',
  'review.rating',
  'review.text',
  'today',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export function isTemplateVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/**
 * What the composer knows about the open conversation. Every part is nullable: a chat
 * without an order has `order: null`, and a variable that needs it is flagged `empty`.
 * The renderer fills this from its cache (customer, store, logged-in agent, the buyer's
 * latest order, the review of a review thread).
 */
export interface TemplateContext {
  buyer: { nickname: string } | null;
  store: { name: string } | null;
  agent: { displayName: string } | null;
  order: {
    platformOrderId: string;
    status: OrderStatus;
    /** Decimal string in the currency's major unit, e.g. "199.00". */
    totalAmount: string;
    currency: Currency;
    items: readonly OrderItem[];
  } | null;
  logistics: { company: string; trackingNumber: string } | null;
  review: { rating: number; text: string } | null;
  /** The moment `{{today}}` means; the renderer passes `new Date()`. */
  now: Date;
}

/** An empty context (no conversation open), e.g. for previews in the template editor. */
export function emptyTemplateContext(now: Date): TemplateContext {
  return { buyer: null, store: null, agent: null, order: null, logistics: null, review: null, now };
}
