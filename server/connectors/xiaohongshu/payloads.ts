import { z } from 'zod';
import { describeZodError, parseJsonLosslessly, platformIdSchema } from '../json';

/**
 * Xiaohongshu wire formats, all in this one file.
 *
 * A push (应用消息推送) is a POST whose body is a JSON ARRAY of messages, each
 * `{ "msgTag": "<message type>", "sellerId": "<shop>", "data": "<the message's fields as a JSON string>" }`
 * (open.xiaohongshu.com "应用消息推送指南"; public clients ledc/xiaohongshu `XhsNotify`).
 * Huixin answers `{"success":true,"error_code":0,"error_msg":""}`; anything else, or no
 * answer, and the platform pushes again.
 *
 * The order lookup is `order.getOrderDetail` (订单详情) on the one API endpoint: a JSON POST
 * with the system parameters (appId, timestamp, version, method, sign, accessToken) beside
 * the method's own (`orderId`); the answer is `{ success, code, msg, data }`. Amounts are in
 * fen, times in milliseconds. Public documentation of the answer is thin: only the fields
 * below are read.
 */

export const pushMessageSchema = z
  .object({
    msgTag: z.string().min(1).max(128),
    sellerId: platformIdSchema,
    data: z.string().max(1_000_000),
  })
  .loose();
export type XiaohongshuPushMessage = z.infer<typeof pushMessageSchema>;

export const pushBodySchema = z.array(pushMessageSchema).min(1).max(500);

export type PushBodyResult = { ok: true; messages: XiaohongshuPushMessage[] } | { ok: false; error: string };

export function parsePushBody(rawBody: Buffer): PushBodyResult {
  const json = parseJsonLosslessly(rawBody.toString('utf8'));
  if (!json.ok) return { ok: false, error: `Xiaohongshu push: ${json.error}` };
  const parsed = pushBodySchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, error: `Xiaohongshu push: ${describeZodError(parsed.error)}` };
  return { ok: true, messages: parsed.data };
}

const millis = z.number().int().positive();
const fen = z.number().int().nonnegative();

export const orderSkuSchema = z
  .object({
    skuId: platformIdSchema,
    skuName: z.string().max(500),
    skuQuantity: z.number().int().positive(),
    /** What the buyer paid for this line, in fen. */
    totalPaidAmount: fen,
  })
  .loose();

export const orderDetailSchema = z
  .object({
    orderId: z.string().min(1).max(128),
    orderStatus: z.number().int(),
    createdTime: millis,
    updateTime: millis,
    totalPayAmount: fen,
    customerRemark: z.string().max(5000).default(''),
    skuList: z.array(orderSkuSchema).max(500).default([]),
    /**
     * 快递单号 and 快递公司编码 once shipped (order.getOrderDetail; field names as in the public
     * SDKs' OrderDetail models). The code is pinyin ("yuantong"), as in the platform's carrier list.
     */
    expressTrackingNo: z.string().max(100).nullish(),
    expressCompanyCode: z.string().max(64).nullish(),
  })
  .loose();
export type XiaohongshuOrderDetail = z.infer<typeof orderDetailSchema>;

/** Every API answer. `success` false: `code` and `msg` say why. */
export const apiEnvelopeSchema = z.object({
  success: z.boolean(),
  code: z.coerce.number().int().default(0),
  msg: z.string().max(2000).default(''),
  data: z.unknown().optional(),
});
