import { z } from 'zod';
import { describeZodError, parseJsonLosslessly, platformIdSchema } from '../json';

/**
 * Doudian wire formats, all in this one file.
 *
 * A push (消息推送) is a POST whose body is a JSON ARRAY of messages, each
 * `{ "tag": "<message type>", "msg_id": "<id>", "data": "<the message's fields as a JSON string>" }`;
 * Huixin answers `{"code":0,"msg":"success"}` or Doudian pushes again later (guide
 * "消息推送", op.jinritemai.com/docs/guide-docs/153). Ids in `data` (order `p_id`, `s_ids`,
 * `aftersale_id`) are 19-digit integers, beyond 2^53: parsed losslessly.
 *
 * The order lookup is the open API `order.orderDetail` (op.jinritemai.com/docs/api-docs/13/1343):
 * `data.shop_order_detail` with amounts in fen and times in Unix seconds.
 */

export const pushMessageSchema = z.object({
  tag: z.union([z.string().regex(/^\d{1,6}$/), z.number().int().nonnegative()]).transform(String),
  msg_id: platformIdSchema,
  data: z.string().max(1_000_000),
});
export type DouyinPushMessage = z.infer<typeof pushMessageSchema>;

export const pushBodySchema = z.array(pushMessageSchema).min(1).max(500);

export type PushBodyResult = { ok: true; messages: DouyinPushMessage[] } | { ok: false; error: string };

export function parsePushBody(rawBody: Buffer): PushBodyResult {
  const json = parseJsonLosslessly(rawBody.toString('utf8'));
  if (!json.ok) return { ok: false, error: `Douyin push: ${json.error}` };
  const parsed = pushBodySchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: `Douyin push: ${describeZodError(parsed.error)}` };
  return { ok: true, messages: parsed.data };
}

const unixSeconds = z.number().int().positive();
const fenAmount = z.number().int().nonnegative();

/** One line of `sku_order_list`: a sub-order. */
export const skuOrderSchema = z.object({
  order_id: platformIdSchema,
  product_name: z.string().max(500),
  code: z.string().max(128).optional(),
  sku_id: platformIdSchema.optional(),
  item_num: z.number().int().positive(),
  /** Unit price in fen. */
  origin_amount: fenAmount,
});

export const logisticsInfoSchema = z
  .object({
    tracking_no: z.string().max(100).optional(),
    company: z.string().max(64).optional(),
    company_name: z.string().max(100).optional(),
    ship_time: z.number().int().nonnegative().optional(),
  })
  .loose();

export const shopOrderDetailSchema = z.object({
  order_id: platformIdSchema,
  shop_id: platformIdSchema,
  order_status: z.number().int(),
  order_status_desc: z.string().max(100).optional(),
  /** The buyer's id for this app (the shop never sees a Douyin user id or nickname). */
  doudian_open_id: z.string().min(1).max(256),
  order_amount: fenAmount,
  pay_amount: fenAmount.optional(),
  create_time: unixSeconds,
  update_time: unixSeconds,
  buyer_words: z.string().max(5000).default(''),
  sku_order_list: z.array(skuOrderSchema).max(500).default([]),
  /**
   * One entry per parcel once the seller ships (order.orderDetail `logistics_info`):
   * `tracking_no`, `company` (Doudian's carrier code, e.g. "yuantong"), `company_name`,
   * `ship_time` (Unix seconds). Empty before shipping.
   */
  logistics_info: z.array(logisticsInfoSchema).max(50).default([]),
});
export type DouyinOrderDetail = z.infer<typeof shopOrderDetailSchema>;

export const orderDetailAnswerSchema = z.object({ shop_order_detail: shopOrderDetailSchema });

export const tokenAnswerSchema = z.object({
  access_token: z.string().min(1).max(1024),
  expires_in: z.number().int().positive(),
});

/** Every open API answer: code 10000 = success, else `msg`, `sub_code`, `sub_msg` say why. */
export const apiEnvelopeSchema = z.object({
  code: z.coerce.number().int(),
  msg: z.string().max(2000).default(''),
  sub_code: z.string().max(200).default(''),
  sub_msg: z.string().max(2000).default(''),
  data: z.unknown().optional(),
});
