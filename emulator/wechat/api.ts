import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ChannelOrder } from '../channelTraffic';
import { readBody, sendJson } from '../http';
import type { FaultSwitch, ReplyRecorder } from '../recorder';
import type { WeChatEmulatedCredentials } from './pushes';
import { NATIVE_CARRIER_CODES } from '../shipments';

/**
 * The WeChat API as Huixin calls it, under /cgi-bin and /channels/ec:
 * - GET /cgi-bin/token?grant_type=client_credential&appid&secret → { access_token, expires_in: 7200 } (40125 for a wrong secret)
 * - POST /cgi-bin/message/custom/send?access_token → { errcode: 0, errmsg: "ok" } (40001 for a bad token)
 * - POST /channels/ec/order/get, /channels/ec/aftersale/getaftersaleorder → the WeChat Store order / after-sale
 * Faults on custom/send: refuse → 45015 (reply window over, permanent), unavailable → -1 (busy), timeout → no answer,
 * apply-then-timeout → delivered (recorded) and then no answer.
 */

export interface WeChatApiContext {
  stores(): Array<{ id: string; credentials: WeChatEmulatedCredentials }>;
  order(storeId: string, orderId: string): ChannelOrder | undefined;
  afterSale(storeId: string, afterSaleId: string): { orderId: string; status: string } | undefined;
  replies: ReplyRecorder;
  faults: FaultSwitch;
  hold(response: ServerResponse): void;
}

const tokens = new Map<string, string>();
let serial = 0;

const STATUS_CODE: Record<ChannelOrder['status'], number> = { created: 10, paid: 20, shipped: 30, completed: 100, cancelled: 250, refund_requested: 30, refunded: 200 };

export async function handleWeChatApi(path: string, request: IncomingMessage, response: ServerResponse, context: WeChatApiContext): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  if (request.method === 'GET' && path === '/cgi-bin/token') {
    const store = context.stores().find((s) => s.credentials.appId === url.searchParams.get('appid'));
    if (!store) return answer(response, { errcode: 40013, errmsg: 'invalid appid' });
    if (store.credentials.appSecret !== url.searchParams.get('secret')) return answer(response, { errcode: 40125, errmsg: 'invalid appsecret' });
    const token = `ACCESS_${randomBytes(12).toString('hex')}`;
    tokens.set(token, store.id);
    return answer(response, { access_token: token, expires_in: 7200 });
  }
  if (request.method !== 'POST' || !['/cgi-bin/message/custom/send', '/channels/ec/order/get', '/channels/ec/aftersale/getaftersaleorder'].includes(path)) return false;
  const storeId = tokens.get(url.searchParams.get('access_token') ?? '');
  if (storeId === undefined) return answer(response, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
  let body: unknown;
  try {
    body = JSON.parse((await readBody(request)).toString('utf8'));
  } catch {
    return answer(response, { errcode: 47001, errmsg: 'data format error' });
  }

  if (path === '/channels/ec/order/get') {
    const orderId = z.object({ order_id: z.string() }).safeParse(body);
    const order = orderId.success ? context.order(storeId, orderId.data.order_id) : undefined;
    if (!order) return answer(response, { errcode: 100002, errmsg: 'order not exist' });
    // The order id is written as a JSON string, as WeChat does for its 64-bit ids.
    return answer(response, {
      errcode: 0,
      errmsg: 'ok',
      order: {
        order_id: order.id,
        openid: order.buyer.id,
        status: STATUS_CODE[order.status],
        create_time: Math.floor(order.createdAt.getTime() / 1000),
        update_time: Math.floor(order.updatedAt.getTime() / 1000),
        order_detail: {
          product_infos: order.lines.map((line) => ({ product_id: line.lineId, sku_id: line.product.sku, sku_cnt: line.quantity, sale_price: Math.round(Number(line.product.price) * 100), title: line.product.title })),
          price_info: { order_price: Math.round(Number(order.total) * 100) },
          delivery_info: {
            delivery_product_info: order.shipment
              ? [{ waybill_id: order.shipment.trackingNumber, delivery_id: NATIVE_CARRIER_CODES.wechat[order.shipment.carrier], delivery_name: NATIVE_CARRIER_CODES.taobao[order.shipment.carrier], delivery_time: Math.floor(order.updatedAt.getTime() / 1000) }]
              : [],
          },
        },
      },
    });
  }
  if (path === '/channels/ec/aftersale/getaftersaleorder') {
    const id = z.object({ after_sale_order_id: z.string() }).safeParse(body);
    const afterSale = id.success ? context.afterSale(storeId, id.data.after_sale_order_id) : undefined;
    if (!afterSale || !id.success) return answer(response, { errcode: 100002, errmsg: 'aftersale order not exist' });
    return answer(response, { errcode: 0, errmsg: 'ok', after_sale_order: { after_sale_order_id: id.data.after_sale_order_id, order_id: afterSale.orderId, status: afterSale.status } });
  }

  const message = z.object({ touser: z.string().min(1), msgtype: z.literal('text'), text: z.object({ content: z.string().min(1) }) }).safeParse(body);
  if (!message.success) return answer(response, { errcode: 44002, errmsg: 'empty post data or invalid message' });
  const fault = context.faults.take('wechat');
  if (fault === 'timeout') {
    context.hold(response);
    return true;
  }
  if (fault === 'unavailable') return answer(response, { errcode: -1, errmsg: 'system error' });
  if (fault === 'refuse') return answer(response, { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
  // WeChat takes no idempotency key: every accepted call is a message of its own.
  context.replies.record({
    platform: 'wechat',
    storeId,
    idempotencyKey: `wechat-send-${++serial}`,
    method: 'message/custom/send',
    fields: { touser: message.data.touser, msgtype: 'text', content: message.data.text.content },
  });
  if (fault === 'apply-then-timeout') {
    // Delivered to the follower, but the answer never reaches Huixin.
    context.hold(response);
    return true;
  }
  return answer(response, { errcode: 0, errmsg: 'ok' });
}

function answer(response: ServerResponse, body: unknown): true {
  sendJson(response, 200, body);
  return true;
}
