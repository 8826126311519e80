import type { Rng } from './rng';
import { createRng } from './rng';
import { CHINESE_AFTER_SALE, CHINESE_NICKNAMES, CHINESE_QUESTIONS, ENGLISH_BUYERS, ENGLISH_NOTES, catalogueFor, chineseReviewsFor } from './catalog';
import type { Product, ProductCategory } from './catalog';
import { shipmentFor } from './shipments';
import type { EmulatedCarrier, Shipment } from './shipments';

/**
 * The platform-neutral story of what happens in the emulated shops: buyers ask, order, pay,
 * get their parcel, ask for refunds and write reviews. The platform modules render each
 * scenario into that platform's own wire format. Content is fully determined by the seed;
 * only timestamps come from the clock.
 */

export type EmulatedPlatform = 'taobao' | 'shopify';

export interface TaobaoBuyer {
  kind: 'taobao';
  nick: string;
  /** Taobao's encrypted buyer id (buyer_open_uid). */
  openUid: string;
}

export interface ShopifyBuyer {
  kind: 'shopify';
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
}

export type Buyer = TaobaoBuyer | ShopifyBuyer;

export interface OrderLine {
  product: Product;
  quantity: number;
  /** Sub-order id (Taobao oid, Shopify line item id). */
  lineId: string;
}

export const ORDER_STEPS = ['create', 'pay', 'ship', 'complete', 'cancel', 'refund'] as const;
export type OrderStep = (typeof ORDER_STEPS)[number];
export type EmulatedOrderStatus = 'created' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded';

export interface EmulatedOrder {
  storeId: string;
  platform: EmulatedPlatform;
  /** The platform order id as exact digits: Taobao tid or Shopify order id, both above 2^53. */
  id: string;
  /** Shopify's shop-scoped order number (#1001 …); Taobao has none and uses the tid. */
  number: number;
  buyer: Buyer;
  lines: OrderLine[];
  total: string;
  currency: 'CNY' | 'USD';
  status: EmulatedOrderStatus;
  note: string | null;
  reviewed: boolean;
  /** Set by the emulator when the order is first rendered (the clock is not part of the seed). */
  placedAt: Date | null;
  /** Carrier and waybill once shipped (Taobao/Tmall serve it from taobao.logistics.orders.get). */
  shipment: Shipment | null;
}

export type Scenario =
  | { kind: 'buyer-message'; storeId: string; platform: 'taobao'; buyer: TaobaoBuyer; text: string; tid: string | null }
  | { kind: 'order-step'; storeId: string; platform: EmulatedPlatform; step: OrderStep; order: EmulatedOrder }
  | { kind: 'review'; storeId: string; platform: 'taobao'; order: EmulatedOrder; rating: 1 | 2 | 3 | 4 | 5; text: string; images: number };

export interface TrafficStore {
  id: string;
  platform: EmulatedPlatform;
}

/** What store `storeId` sells (emulator/catalog.ts catalogueFor); undefined = the platform's mixed list. */
export type CatalogueOf = (storeId: string) => readonly Product[] | undefined;

const NEXT_STATUS: Record<OrderStep, { from: readonly EmulatedOrderStatus[]; to: EmulatedOrderStatus }> = {
  create: { from: [], to: 'created' },
  pay: { from: ['created'], to: 'paid' },
  ship: { from: ['paid'], to: 'shipped' },
  complete: { from: ['shipped'], to: 'completed' },
  cancel: { from: ['created'], to: 'cancelled' },
  refund: { from: ['paid', 'shipped', 'completed'], to: 'refunded' },
};

export class TrafficGenerator {
  private readonly rng: Rng;
  private readonly orders = new Map<string, EmulatedOrder[]>();
  private readonly taobaoBuyers: TaobaoBuyer[];
  private readonly shopifyBuyers: ShopifyBuyer[];
  private nextOrderNumber = 1001;

  constructor(
    seed: number,
    private readonly catalogueOf: CatalogueOf = () => undefined,
  ) {
    this.rng = createRng(seed);
    this.taobaoBuyers = [
      ...CHINESE_NICKNAMES.map((nick) => this.taobaoBuyer(nick)),
      // Buyers who never set a nickname show Taobao's default "tb_" + digits.
      ...Array.from({ length: 5 }, () => this.taobaoBuyer(`tb_${this.rng.digits(6)}`)),
    ];
    this.shopifyBuyers = ENGLISH_BUYERS.map((buyer) => ({
      kind: 'shopify' as const,
      customerId: this.rng.digits(13),
      firstName: buyer.firstName,
      lastName: buyer.lastName,
      email: `${buyer.firstName}.${buyer.lastName}`.toLowerCase() + '@example.com',
    }));
  }

  /** One random, plausible event in one of the stores. */
  next(stores: readonly TrafficStore[]): Scenario {
    const store = this.rng.pick(stores);
    return store.platform === 'taobao' ? this.nextTaobao(store.id) : this.nextShopify(store.id);
  }

  ordersOf(storeId: string): readonly EmulatedOrder[] {
    return this.orders.get(storeId) ?? [];
  }

  findOrder(storeId: string, orderId: string): EmulatedOrder | undefined {
    return this.ordersOf(storeId).find((order) => order.id === orderId);
  }

  buyerMessage(storeId: string, options: { text?: string; buyerNick?: string; tid?: string | null } = {}): Scenario {
    const buyer = options.buyerNick
      ? (this.taobaoBuyers.find((b) => b.nick === options.buyerNick) ?? this.rememberTaobaoBuyer(options.buyerNick))
      : this.rng.pick(this.taobaoBuyers);
    const text = options.text ?? this.question(this.rng.pick(this.catalogue(storeId, 'taobao')).category);
    return { kind: 'buyer-message', storeId, platform: 'taobao', buyer, text, tid: options.tid ?? null };
  }

  createOrder(
    storeId: string,
    platform: EmulatedPlatform,
    options: { buyerNick?: string; note?: string | null; productSku?: string; quantity?: number } = {},
  ): Scenario {
    const catalog = this.catalogue(storeId, platform);
    const first = (options.productSku && catalog.find((p) => p.sku === options.productSku)) || this.rng.pick(catalog);
    const products = [first];
    if (options.productSku === undefined && this.rng.chance(0.25)) {
      const second = this.rng.pick(catalog);
      if (second !== first) products.push(second);
    }
    const lines = products.map((product, index) => ({
      product,
      quantity: index === 0 && options.quantity ? options.quantity : this.rng.chance(0.8) ? 1 : this.rng.int(2, 3),
      lineId: this.rng.digits(platform === 'taobao' ? 19 : 14),
    }));
    const buyer: Buyer =
      platform === 'taobao'
        ? options.buyerNick
          ? (this.taobaoBuyers.find((b) => b.nick === options.buyerNick) ?? this.rememberTaobaoBuyer(options.buyerNick))
          : this.rng.pick(this.taobaoBuyers)
        : this.rng.pick(this.shopifyBuyers);
    const note =
      options.note !== undefined ? options.note : platform === 'shopify' && this.rng.chance(0.4) ? this.englishNote(first.category) : null;
    const order: EmulatedOrder = {
      storeId,
      platform,
      // Both platforms' ids are beyond 2^53 (9007199254740992): 19-digit tids, 18-digit Shopify ids.
      id: this.rng.digits(platform === 'taobao' ? 19 : 18),
      number: this.nextOrderNumber++,
      buyer,
      lines,
      total: formatCents(lines.reduce((sum, line) => sum + toCents(line.product.price) * line.quantity, 0)),
      currency: platform === 'taobao' ? 'CNY' : 'USD',
      status: 'created',
      note,
      reviewed: false,
      placedAt: null,
      shipment: null,
    };
    const list = this.orders.get(storeId) ?? [];
    list.push(order);
    this.orders.set(storeId, list);
    return { kind: 'order-step', storeId, platform, step: 'create', order };
  }

  /** Moves an order one step; throws when the step is impossible from its status. Shipping picks `carrier`, else one from the order id. */
  advance(storeId: string, orderId: string, step: Exclude<OrderStep, 'create'>, carrier?: EmulatedCarrier): Scenario {
    const order = this.findOrder(storeId, orderId);
    if (!order) throw new Error(`no order ${orderId} in store ${storeId}`);
    const rule = NEXT_STATUS[step];
    if (!rule.from.includes(order.status)) throw new Error(`cannot ${step} an order that is ${order.status}`);
    order.status = rule.to;
    if (step === 'ship') order.shipment = shipmentFor(order.id, carrier);
    return { kind: 'order-step', storeId, platform: order.platform, step, order };
  }

  review(storeId: string, orderId: string, options: { rating?: 1 | 2 | 3 | 4 | 5; text?: string; images?: number } = {}): Scenario {
    const order = this.findOrder(storeId, orderId);
    if (!order) throw new Error(`no order ${orderId} in store ${storeId}`);
    if (order.platform !== 'taobao') throw new Error('Shopify has no review webhooks; reviews are emulated for Taobao only');
    const rating = options.rating ?? this.rng.pick([5, 5, 5, 4, 4, 3, 2, 1] as const);
    const level = rating >= 4 ? 'good' : rating === 3 ? 'neutral' : 'bad';
    order.reviewed = true;
    const text = options.text ?? this.rng.pick(chineseReviewsFor(level, order.lines[0]?.product.category ?? 'tea'));
    // Buyers often add pictures (买家秀): up to three in the generated traffic.
    const images = options.images ?? this.rng.pick([0, 0, 1, 2, 3] as const);
    return { kind: 'review', storeId, platform: 'taobao', order, rating, text, images };
  }

  private nextTaobao(storeId: string): Scenario {
    const orders = this.ordersOf(storeId);
    const roll = this.rng.next();
    if (roll < 0.35) {
      const recent = orders.filter((o) => o.status === 'paid' || o.status === 'shipped');
      if (recent.length > 0 && this.rng.chance(0.3)) {
        const order = this.rng.pick(recent);
        const buyer = order.buyer.kind === 'taobao' ? order.buyer : this.rng.pick(this.taobaoBuyers);
        return { kind: 'buyer-message', storeId, platform: 'taobao', buyer, text: this.rng.pick(CHINESE_AFTER_SALE), tid: order.id };
      }
      return this.buyerMessage(storeId);
    }
    // Orders move on roughly in the order they were placed: the oldest open one goes next.
    const oldestOpen = orders.find((o) => o.status === 'created' || o.status === 'paid' || o.status === 'shipped');
    if (roll < 0.65 && oldestOpen) return this.progress(storeId, oldestOpen);
    if (roll < 0.7) {
      const refundable = orders.filter((o) => o.status === 'paid' || o.status === 'shipped');
      if (refundable.length > 0) return this.advance(storeId, this.rng.pick(refundable).id, 'refund');
    } else if (roll < 0.78) {
      const reviewable = orders.filter((o) => o.status === 'completed' && !o.reviewed);
      if (reviewable.length > 0) return this.review(storeId, this.rng.pick(reviewable).id);
    }
    return this.createOrder(storeId, 'taobao');
  }

  private nextShopify(storeId: string): Scenario {
    const orders = this.ordersOf(storeId);
    const roll = this.rng.next();
    const oldestOpen = orders.find((o) => o.status === 'created' || o.status === 'paid');
    if (roll < 0.55 && oldestOpen) {
      if (oldestOpen.status === 'created' && this.rng.chance(0.1)) return this.advance(storeId, oldestOpen.id, 'cancel');
      return this.progress(storeId, oldestOpen);
    }
    if (roll >= 0.55 && roll < 0.62) {
      const refundable = orders.filter((o) => o.status === 'paid' || o.status === 'shipped');
      if (refundable.length > 0) return this.advance(storeId, this.rng.pick(refundable).id, 'refund');
    }
    return this.createOrder(storeId, 'shopify');
  }

  private progress(storeId: string, order: EmulatedOrder): Scenario {
    const step = order.status === 'created' ? 'pay' : order.status === 'paid' ? 'ship' : 'complete';
    return this.advance(storeId, order.id, step);
  }

  private catalogue(storeId: string, platform: EmulatedPlatform): readonly Product[] {
    return this.catalogueOf(storeId) ?? catalogueFor(platform === 'taobao' ? 'zh' : 'en');
  }

  private question(category: ProductCategory): string {
    return this.rng.chance(0.5) ? this.rng.pick(CHINESE_QUESTIONS.any) : this.rng.pick(CHINESE_QUESTIONS[category]);
  }

  private englishNote(category: ProductCategory): string {
    return this.rng.chance(0.4) ? this.rng.pick(ENGLISH_NOTES.any) : this.rng.pick(ENGLISH_NOTES[category]);
  }

  private taobaoBuyer(nick: string): TaobaoBuyer {
    return { kind: 'taobao', nick, openUid: `AAE${this.rng.digits(6)}${this.rng.digits(8)}tbx` };
  }

  private rememberTaobaoBuyer(nick: string): TaobaoBuyer {
    const buyer = this.taobaoBuyer(nick);
    this.taobaoBuyers.push(buyer);
    return buyer;
  }
}

export function toCents(price: string): number {
  const [whole = '0', fraction = ''] = price.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

export function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
