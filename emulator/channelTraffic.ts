import { CHINESE_AFTER_SALE, CHINESE_NICKNAMES, CHINESE_QUESTIONS, ENGLISH_BUYERS, ENGLISH_NOTES, catalogueFor } from './catalog';
import type { Product } from './catalog';
import type { Rng } from './rng';
import { createRng } from './rng';
import { formatCents, toCents, type CatalogueOf } from './traffic';
import { shipmentFor, type EmulatedCarrier, type Shipment } from './shipments';

/**
 * The story of the shops on the platforms added after the walking skeleton (WooCommerce,
 * WeChat): the same kind of buyers, orders and questions as traffic.ts, kept apart so that
 * the Taobao/Shopify traffic (and its seeded sequence) stays exactly as it was. Each
 * platform module under emulator/<platform>/ renders these into its own wire format.
 */

export type ChannelPlatform = 'woocommerce' | 'wechat' | 'douyin' | 'pinduoduo' | 'jd' | 'xiaohongshu';
export const CHANNEL_PLATFORMS: readonly ChannelPlatform[] = ['woocommerce', 'wechat', 'douyin', 'pinduoduo', 'jd', 'xiaohongshu'];

export interface ChannelBuyer {
  /** WooCommerce customer id (digits, "0" for a guest) or WeChat open id. */
  id: string;
  name: string;
  email: string | null;
}

export type ChannelOrderStatus = 'created' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refund_requested' | 'refunded';
export const CHANNEL_ORDER_STEPS = ['create', 'pay', 'ship', 'complete', 'cancel', 'refund'] as const;
export type ChannelOrderStep = (typeof CHANNEL_ORDER_STEPS)[number];

export interface ChannelOrder {
  storeId: string;
  platform: ChannelPlatform;
  id: string;
  buyer: ChannelBuyer;
  lines: Array<{ product: Product; quantity: number; lineId: string }>;
  total: string;
  status: ChannelOrderStatus;
  note: string | null;
  /** Set when the order ships and kept after (platforms keep the parcel on refunds too). */
  shipment: Shipment | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ChannelScenario =
  | { kind: 'buyer-message'; storeId: string; platform: ChannelPlatform; buyer: ChannelBuyer; text: string; messageId: string }
  | { kind: 'order-step'; storeId: string; platform: ChannelPlatform; step: ChannelOrderStep; order: ChannelOrder; afterSaleId: string | null };

const NEXT: Record<Exclude<ChannelOrderStep, 'create'>, { from: readonly ChannelOrderStatus[]; to: ChannelOrderStatus }> = {
  pay: { from: ['created'], to: 'paid' },
  ship: { from: ['paid'], to: 'shipped' },
  complete: { from: ['shipped'], to: 'completed' },
  cancel: { from: ['created'], to: 'cancelled' },
  // WeChat's after-sale starts as a request; WooCommerce refunds at once (see the renderers).
  refund: { from: ['paid', 'shipped', 'completed'], to: 'refund_requested' },
};

export class ChannelTraffic {
  private readonly rng: Rng;
  private readonly orders = new Map<string, ChannelOrder[]>();
  private readonly followers: ChannelBuyer[];
  private readonly customers: ChannelBuyer[];

  constructor(
    seed: number,
    private readonly catalogueOf: CatalogueOf = () => undefined,
  ) {
    this.rng = createRng(seed * 7919 + 17);
    this.followers = CHINESE_NICKNAMES.map((name) => ({ id: `o${this.rng.digits(5)}${this.openIdTail()}`, name, email: null }));
    this.customers = ENGLISH_BUYERS.map((b, index) => ({
      id: index % 4 === 3 ? '0' : this.rng.digits(4),
      name: `${b.firstName} ${b.lastName}`,
      email: `${b.firstName}.${b.lastName}`.toLowerCase() + '@example.com',
    }));
  }

  /** Which of `count` stores gets the next generated event (same seeded stream as the content). */
  pickStore(count: number): number {
    return this.rng.int(0, count - 1);
  }

  ordersOf(storeId: string): readonly ChannelOrder[] {
    return this.orders.get(storeId) ?? [];
  }

  /** One random, plausible event in a store. */
  next(storeId: string, platform: ChannelPlatform): ChannelScenario {
    const orders = this.ordersOf(storeId);
    const roll = this.rng.next();
    if (platform === 'wechat' && roll < 0.35) return this.buyerMessage(storeId, platform, {});
    const open = orders.find((o) => o.status === 'created' || o.status === 'paid' || o.status === 'shipped');
    if (roll < 0.65 && open) return this.advance(storeId, open.id, open.status === 'created' ? 'pay' : open.status === 'paid' ? 'ship' : 'complete');
    if (roll < 0.72) {
      const refundable = orders.filter((o) => o.status === 'paid' || o.status === 'shipped');
      if (refundable.length > 0) return this.advance(storeId, this.rng.pick(refundable).id, 'refund');
    }
    return this.createOrder(storeId, platform, {});
  }

  buyerMessage(storeId: string, platform: ChannelPlatform, options: { text?: string; buyerName?: string }): ChannelScenario {
    if (platform !== 'wechat') throw new Error(`${platform} has no buyer chat; use placeOrder({ note }) for buyer text`);
    const buyer = this.follower(options.buyerName);
    const text = options.text ?? (this.rng.chance(0.3) ? this.rng.pick(CHINESE_AFTER_SALE) : this.rng.pick(this.questionsOf(storeId, platform)));
    return { kind: 'buyer-message', storeId, platform, buyer, text, messageId: this.rng.digits(19) };
  }

  createOrder(storeId: string, platform: ChannelPlatform, options: { note?: string | null; buyerName?: string; quantity?: number }): ChannelScenario {
    const chinese = platform !== 'woocommerce';
    const product = this.rng.pick(this.catalogue(storeId, platform));
    const quantity = options.quantity ?? (this.rng.chance(0.8) ? 1 : this.rng.int(2, 3));
    const lines = [{ product, quantity, lineId: this.rng.digits(platform === 'wechat' ? 10 : platform === 'douyin' ? 19 : 4) }];
    // Douyin buyers come from the same pool of Chinese names (their ids are rendered per platform).
    const buyer = chinese ? this.follower(options.buyerName) : this.rng.pick(this.customers);
    const note = options.note !== undefined ? options.note : platform === 'woocommerce' && this.rng.chance(0.4) ? this.rng.pick(this.notesAbout(storeId, product)) : null;
    const now = new Date();
    const order: ChannelOrder = {
      storeId,
      platform,
      // WeChat Store and Douyin Shop order ids are 19 digits (beyond 2^53); WooCommerce ids are post ids.
      // Pinduoduo order numbers are the date and 15 digits, e.g. 240501-123456789012345.
      // JD order ids are 12 digits; Xiaohongshu's are P and 18 digits (P768291112062421411).
      id: platform === 'pinduoduo' ? `${yymmdd(now)}-${this.rng.digits(15)}` : platform === 'jd' ? `3${this.rng.digits(11)}` : platform === 'xiaohongshu' ? `P${this.rng.digits(18)}` : chinese ? this.rng.digits(19) : this.rng.digits(4),
      buyer,
      lines,
      total: formatCents(lines.reduce((sum, line) => sum + toCents(line.product.price) * line.quantity, 0)),
      status: 'created',
      note,
      shipment: null,
      createdAt: now,
      updatedAt: now,
    };
    this.orders.set(storeId, [...this.ordersOf(storeId), order]);
    return { kind: 'order-step', storeId, platform, step: 'create', order, afterSaleId: null };
  }

  advance(storeId: string, orderId: string, step: Exclude<ChannelOrderStep, 'create'>, carrier?: EmulatedCarrier): ChannelScenario {
    const order = this.ordersOf(storeId).find((o) => o.id === orderId);
    if (!order) throw new Error(`no order ${orderId} in store ${storeId}`);
    const rule = NEXT[step];
    if (!rule.from.includes(order.status)) throw new Error(`cannot ${step} an order that is ${order.status}`);
    order.status = step === 'refund' && order.platform === 'woocommerce' ? 'refunded' : rule.to;
    if (step === 'ship') order.shipment = shipmentFor(order.id, carrier);
    // Whole seconds, and always later than before: both platforms stamp changes to the second.
    order.updatedAt = new Date(Math.max(Date.now(), order.updatedAt.getTime() + 1000));
    return { kind: 'order-step', storeId, platform: order.platform, step, order, afterSaleId: step === 'refund' ? this.rng.digits(19) : null };
  }

  private catalogue(storeId: string, platform: ChannelPlatform): readonly Product[] {
    return this.catalogueOf(storeId) ?? catalogueFor(platform === 'woocommerce' ? 'en' : 'zh');
  }

  /** Chat questions: the general ones, and when the store was given categories, questions about what it sells. */
  private questionsOf(storeId: string, platform: ChannelPlatform): readonly string[] {
    if (this.catalogueOf(storeId) === undefined) return CHINESE_QUESTIONS.any;
    const categories = new Set(this.catalogue(storeId, platform).map((product) => product.category));
    return [...CHINESE_QUESTIONS.any, ...[...categories].flatMap((category) => CHINESE_QUESTIONS[category])];
  }

  /** Checkout notes: the general ones, and when the store was given categories, notes about the product ordered. */
  private notesAbout(storeId: string, product: Product): readonly string[] {
    return this.catalogueOf(storeId) === undefined ? ENGLISH_NOTES.any : [...ENGLISH_NOTES.any, ...ENGLISH_NOTES[product.category]];
  }

  private follower(name: string | undefined): ChannelBuyer {
    if (name === undefined) return this.rng.pick(this.followers);
    const known = this.followers.find((f) => f.name === name);
    if (known) return known;
    const added = { id: `o${this.rng.digits(5)}${this.openIdTail()}`, name, email: null };
    this.followers.push(added);
    return added;
  }

  /** Open ids are 28 characters of [A-Za-z0-9_-]. */
  private openIdTail(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
    let out = '';
    for (let i = 0; i < 22; i++) out += alphabet[this.rng.int(0, alphabet.length - 1)];
    return out;
  }
}

/** The order date as Pinduoduo writes it in order numbers (Beijing time). */
function yymmdd(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');
}
