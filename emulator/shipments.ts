import { createHash } from 'node:crypto';

/**
 * Which carrier ships an emulated order, and its tracking number. Every platform's emulator
 * writes this in its own native shape (Doudian's "yuantong", Pinduoduo's 85, WeChat's "YTO",
 * Taobao's "圆通速递" …). KUAYUE (跨越速运) is a real carrier that Huixin's table does not
 * name, so generated traffic also exercises unknown carrier codes.
 */
export const EMULATED_CARRIERS = ['SF', 'ZTO', 'YTO', 'STO', 'YUNDA', 'JD', 'KUAYUE'] as const;
export type EmulatedCarrier = (typeof EMULATED_CARRIERS)[number];

export interface Shipment {
  carrier: EmulatedCarrier;
  trackingNumber: string;
}

/** Tracking numbers as each carrier prints them (prefix + digits). */
const PREFIX: Record<EmulatedCarrier, string> = { SF: 'SF', ZTO: '7', YTO: 'YT', STO: '77', YUNDA: '43', JD: 'JDVA', KUAYUE: 'KY' };

/** Derived from the order id, not the traffic's random stream: seeded stories stay as they were. */
export function shipmentFor(orderId: string, carrier?: EmulatedCarrier): Shipment {
  const digest = createHash('sha256').update(`ship:${orderId}`).digest();
  const chosen = carrier ?? EMULATED_CARRIERS[digest.readUInt32BE(0) % EMULATED_CARRIERS.length] ?? 'SF';
  const digits = String(digest.readBigUInt64BE(4)).padStart(20, '0').slice(-12);
  return { carrier: chosen, trackingNumber: `${PREFIX[chosen]}${digits}` };
}

/** The carrier codes each platform's own data uses for the emulated carriers. */
export const NATIVE_CARRIER_CODES = {
  /** Doudian and Xiaohongshu: pinyin codes. */
  pinyin: { SF: 'shunfeng', ZTO: 'zhongtong', YTO: 'yuantong', STO: 'shentong', YUNDA: 'yunda', JD: 'jd', KUAYUE: 'kuayue' },
  /** Pinduoduo logistics_id (pdd.logistics.companies.get). */
  pinduoduo: { SF: 44, ZTO: 115, YTO: 85, STO: 1, YUNDA: 121, JD: 120, KUAYUE: 183 },
  /** JD logisticsId (others than 京东快递 2087 and 顺丰 467 are emulator-made). */
  jd: { SF: '467', ZTO: '1499', YTO: '463', STO: '470', YUNDA: '1327', JD: '2087', KUAYUE: '599866' },
  /** WeChat Store delivery_id. */
  wechat: { SF: 'SF', ZTO: 'ZTO', YTO: 'YTO', STO: 'STO', YUNDA: 'YD', JD: 'JD', KUAYUE: 'KYSY' },
  /** Taobao company_name (taobao.logistics.orders.get). */
  taobao: { SF: '顺丰速运', ZTO: '中通快递', YTO: '圆通速递', STO: '申通快递', YUNDA: '韵达快递', JD: '京东快递', KUAYUE: '跨越速运' },
  /** WooCommerce Shipment Tracking tracking_provider slugs (custom_tracking_provider for KUAYUE). */
  woocommerce: { SF: 'sf-express', ZTO: 'zto-express', YTO: 'yto-express', STO: 'sto-express', YUNDA: 'yunda', JD: 'jd', KUAYUE: '' },
} as const satisfies Record<string, Record<EmulatedCarrier, string | number>>;
