import { z } from 'zod';
import { logisticsFrom } from '../../../shared';
import type { InboundEvent, Logistics } from '../../../shared';
import { describeZodError, platformIdSchema } from '../json';
import type { TaobaoCredentials } from './credentials';
import { callTop, topResponseKey } from './topApi';

/**
 * The carrier and tracking number of a shipped Taobao/Tmall trade.
 *
 * `taobao_trade_TradeSellerShip` says only that the seller shipped (tid, status); it names no
 * carrier or waybill. They are read with the public TOP API `taobao.logistics.orders.get`
 * (批量查询物流订单), asked by `tid`. Sources (public): the TOP API page for
 * taobao.logistics.orders.get as mirrored by the generated SDKs — taobao-sdk-java
 * com.taobao.api.request.LogisticsOrdersGetRequest / com.taobao.api.domain.Shipping and
 * github.com/mzzya/tbsdk tbapi/TaobaoLogisticsOrdersGet.go (fields list
 * "tid,…,out_sid,…,company_name,…,modified"; with `tid` the answer holds one Shipping, or
 * several when the trade was split into parcels, 拆单). The answer is
 * `{ total_results, shippings: { shipping: [ { tid, out_sid, company_name, modified, … } ] } }`:
 * `out_sid` is the carrier's waybill number (运单号), `company_name` the carrier's Chinese
 * name ("圆通速递"), which the shared carrier table turns into a carrier id.
 */
export const TAOBAO_LOGISTICS_GET_METHOD = 'taobao.logistics.orders.get';
/** Only what Huixin stores: TOP answers the fields it is asked for. */
export const TAOBAO_LOGISTICS_FIELDS = 'tid,out_sid,company_name,modified';

export const shippingSchema = z.object({
  tid: platformIdSchema.optional(),
  /** Declared a string; a waybill of digits written as a JSON number is read the same. */
  out_sid: z.union([z.string().max(200), z.number().int().nonnegative()]).transform(String).optional(),
  company_name: z.string().max(200).optional(),
  /** yyyy-MM-dd HH:mm:ss (GMT+8): the waybill's last change; orders split parcels. */
  modified: z.string().max(40).optional(),
});
export type Shipping = z.infer<typeof shippingSchema>;

const logisticsOrdersSchema = z.object({
  total_results: z.union([z.number(), z.string()]).optional(),
  shippings: z.object({ shipping: z.array(z.unknown()) }).optional(),
});

export type LogisticsLookup = { ok: true; logistics: Logistics | null } | { ok: false; permanent: boolean; reason: string };

/**
 * The parcel an agent asks about: of the trade's waybills that carry both a carrier and a
 * number, the last modified (a split trade ships several; the newest is the one in transit).
 * Entries TOP returns in another shape are skipped, not fatal: one odd parcel must not hide
 * the others.
 */
export function logisticsFromShippings(tid: string, shippings: readonly unknown[]): Logistics | null {
  const usable = shippings
    .map((entry) => shippingSchema.safeParse(entry))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .filter((shipping) => shipping.tid === undefined || shipping.tid === tid)
    .map((shipping, index) => ({ index, modified: shipping.modified ?? '', logistics: logisticsFrom(shipping.company_name, shipping.out_sid) }))
    .filter((entry): entry is { index: number; modified: string; logistics: Logistics } => entry.logistics !== null);
  // "yyyy-MM-dd HH:mm:ss" sorts as text; equal times keep TOP's order (later wins).
  usable.sort((a, b) => a.modified.localeCompare(b.modified) || a.index - b.index);
  return usable.at(-1)?.logistics ?? null;
}

/** Reads the trade's shipment; `logistics: null` when Taobao lists no waybill with both fields. */
export async function fetchTradeLogistics(credentials: TaobaoCredentials, tid: string, signal: AbortSignal): Promise<LogisticsLookup> {
  const result = await callTop(credentials, TAOBAO_LOGISTICS_GET_METHOD, { fields: TAOBAO_LOGISTICS_FIELDS, tid }, signal);
  if (!result.ok) return result;
  const body = logisticsOrdersSchema.safeParse(result.body[topResponseKey(TAOBAO_LOGISTICS_GET_METHOD)]);
  if (!body.success) return { ok: false, permanent: true, reason: `unexpected TOP answer: ${describeZodError(body.error)}` };
  return { ok: true, logistics: logisticsFromShippings(tid, body.data.shippings?.shipping ?? []) };
}

/** The events with the trade's logistics set on its order event (the ship message maps to one). */
export function withLogistics(events: readonly InboundEvent[], logistics: Logistics | null): InboundEvent[] {
  if (logistics === null) return [...events];
  return events.map((event) => (event.type === 'order.upserted' ? { ...event, order: { ...event.order, logistics } } : event));
}

/** The trade id of the ship message's order event, when it has one. */
export function shippedTradeId(events: readonly InboundEvent[]): string | null {
  for (const event of events) if (event.type === 'order.upserted') return event.order.platformOrderId;
  return null;
}
