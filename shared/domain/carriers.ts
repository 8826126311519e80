import type { Logistics } from './entities';

/**
 * Carriers: one table for every platform's carrier codes and the names agents read.
 *
 * Platforms name carriers their own way — Pinduoduo by a number (`logistics_id`), JD by a
 * number (`logisticsId`), Douyin Shop and Xiaohongshu by a pinyin code ("yuantong"), WeChat
 * Store by an upper-case code ("YTO"), Taobao by the company's name, WooCommerce's Shipment
 * Tracking extension by a slug ("ups", "sf-express"). Connectors turn those into one `Carrier.id`
 * (`carrierIdFromPlatform`) and store it as `Order.logistics.company`; screens show the name in
 * the UI language (`carrierName`). A code this table does not know is stored and shown as the
 * code itself, never dropped.
 */

export interface Carrier {
  /** Stored in `Order.logistics.company`. */
  id: string;
  en: string;
  zh: string;
  /** Other spellings a platform or a person may use for it (compared case-insensitively). */
  aliases: readonly string[];
}

export const CARRIERS: readonly Carrier[] = [
  { id: 'SF', en: 'SF Express', zh: '顺丰速运', aliases: ['shunfeng', 'sf express', '顺丰', '顺丰快递', 'sfexpress', 'sf-express'] },
  { id: 'ZTO', en: 'ZTO Express', zh: '中通快递', aliases: ['zhongtong', '中通', 'zto express', 'zto-express'] },
  { id: 'YTO', en: 'YTO Express', zh: '圆通速递', aliases: ['yuantong', '圆通', '圆通快递', 'yto express', 'yto-express'] },
  { id: 'STO', en: 'STO Express', zh: '申通快递', aliases: ['shentong', '申通', 'sto express', 'sto-express'] },
  { id: 'YUNDA', en: 'Yunda Express', zh: '韵达快递', aliases: ['yunda', 'yd', '韵达', '韵达速递'] },
  { id: 'JD', en: 'JD Logistics', zh: '京东物流', aliases: ['jd', 'jingdong', '京东快递', '京东配送', 'jd logistics'] },
  { id: 'EMS', en: 'EMS', zh: 'EMS', aliases: ['ems', '邮政ems', '中国邮政速递'] },
  { id: 'CHINAPOST', en: 'China Post', zh: '邮政快递包裹', aliases: ['youzhengguonei', 'yzxb', 'yzpy', '邮政包裹', '中国邮政'] },
  { id: 'DEPPON', en: 'Deppon Express', zh: '德邦快递', aliases: ['debangkuaidi', 'debangwuliu', 'dbl', 'db', '德邦', '德邦物流'] },
  { id: 'JT', en: 'J&T Express', zh: '极兔速递', aliases: ['jtexpress', 'jtsd', 'j&t', '极兔', '极兔快递'] },
  { id: 'BEST', en: 'Best Express', zh: '百世快递', aliases: ['huitongkuaidi', 'htky', 'ht', '百世', '百世汇通'] },
  { id: 'UPS', en: 'UPS', zh: 'UPS', aliases: ['ups'] },
  { id: 'FEDEX', en: 'FedEx', zh: '联邦快递', aliases: ['fedex'] },
  { id: 'DHL', en: 'DHL', zh: 'DHL', aliases: ['dhl', 'dhl express', 'dhl-express'] },
  { id: 'USPS', en: 'USPS', zh: '美国邮政', aliases: ['usps'] },
];

/**
 * Numeric carrier codes, per platform. Pinduoduo: the ids `pdd.logistics.companies.get`
 * answers (open.pinduoduo.com; as listed in public client code). JD: `logisticsId` values of
 * the JOS carrier list (jingdong.delivery.logistics.get), public in outline only — only the two
 * most common are named here; any other id is shown as it is.
 */
const NUMERIC_CODES = {
  pinduoduo: { '1': 'STO', '3': 'BEST', '44': 'SF', '85': 'YTO', '115': 'ZTO', '118': 'EMS', '120': 'JD', '121': 'YUNDA', '131': 'DEPPON', '132': 'CHINAPOST' },
  jd: { '2087': 'JD', '467': 'SF' },
} as const satisfies Record<string, Record<string, string>>;

export type NumericCarrierCodes = keyof typeof NUMERIC_CODES;

const byId = new Map(CARRIERS.map((carrier) => [carrier.id.toLowerCase(), carrier]));
const byAlias = new Map(CARRIERS.flatMap((carrier) => [carrier.en, carrier.zh, ...carrier.aliases].map((alias) => [alias.toLowerCase(), carrier] as const)));

/** The carrier a code, id or name stands for; null when the table does not know it. */
export function findCarrier(codeOrName: string): Carrier | null {
  const key = codeOrName.trim().toLowerCase();
  return byId.get(key) ?? byAlias.get(key) ?? null;
}

/**
 * What a connector stores as `logistics.company`: the carrier id when the code is known
 * (a platform's number, or any spelling in the table), else the platform's code as it came.
 */
export function carrierIdFromPlatform(code: string, numbering?: NumericCarrierCodes): string {
  const trimmed = code.trim();
  const numbered = numbering ? (NUMERIC_CODES[numbering] as Readonly<Record<string, string>>)[trimmed] : undefined;
  if (numbered !== undefined) return numbered;
  return findCarrier(trimmed)?.id ?? trimmed;
}

/** The name an agent reads: the carrier's name in the UI language, or the stored value itself. */
export function carrierName(company: string, language: string): string {
  const carrier = findCarrier(company);
  if (!carrier) return company;
  return language.toLowerCase().startsWith('zh') ? carrier.zh : carrier.en;
}

/**
 * The logistics a connector stores: both a carrier code and a tracking number, or null
 * (a platform that leaves either blank has not shipped yet, as far as Huixin can tell).
 */
export function logisticsFrom(carrierCode: string | null | undefined, trackingNumber: string | null | undefined, numbering?: NumericCarrierCodes): Logistics | null {
  const code = carrierCode?.trim() ?? '';
  const number = trackingNumber?.trim() ?? '';
  if (!code || !number) return null;
  return { company: carrierIdFromPlatform(code, numbering).slice(0, 100), trackingNumber: number.slice(0, 100) };
}
