import { z } from 'zod';
import type { ConnectorStore, WebhookHandler, WebhookParseResult, WebhookRequest } from '../types';
import { describeZodError } from '../json';
import { callWeChat } from './api';
import { wechatCredentialsSchema } from './credentials';
import type { WeChatCredentials } from './credentials';
import { mapWeChatPush, orderEvent, wechatAftersaleSchema, wechatOrderSchema } from './mapping';
import { parseWeChatBody, type BodyParse } from './payloads';
import { decryptWeChatMessage, isValidMessageSignature } from './message-crypto';
import { isValidWeChatSignature } from './signature';

/**
 * Inbound WeChat: GET /webhooks/wechat/<storeId> is the server-verification handshake (echo
 * `echostr` when the signature holds); POST carries messages and events, signed in the query.
 * WeChat waits 5 seconds and retries three times: Huixin answers "success" (the documented
 * "no reply" answer) once stored. Order callbacks are completed with one or two API calls,
 * bounded well inside those 5 seconds; when they fail we answer 503 and WeChat retries.
 */

/** Deadline for the order lookups made while WeChat waits (it gives up after 5 s). */
const LOOKUP_DEADLINE_MS = 3_000;

const orderAnswerSchema = z.object({ order: wechatOrderSchema });
const aftersaleAnswerSchema = z.object({ after_sale_order: wechatAftersaleSchema });

/**
 * The push's fields: as sent in plaintext mode; decrypted in safe mode (only `Encrypt` and
 * `ToUserName` travel in the clear); the plaintext copy in compatible mode (both travel).
 */
function openPush(rawBody: Buffer, credentials: WeChatCredentials): BodyParse {
  const outer = parseWeChatBody(rawBody);
  if (!outer.ok || typeof outer.value.Encrypt !== 'string' || outer.value.MsgType !== undefined) return outer;
  if (credentials.encodingAESKey === undefined) {
    return { ok: false, error: 'this WeChat push is encrypted (safe mode): enter the account\'s EncodingAESKey in the store credentials' };
  }
  const opened = decryptWeChatMessage(outer.value.Encrypt, credentials.encodingAESKey, credentials.appId);
  if (!opened.ok) return { ok: false, error: `encrypted WeChat push: ${opened.error}` };
  return parseWeChatBody(Buffer.from(opened.message, 'utf8'));
}

export const wechatWebhook: WebhookHandler<WeChatCredentials> = {
  verify(store: ConnectorStore<WeChatCredentials>, request: WebhookRequest): boolean {
    const credentials = wechatCredentialsSchema.safeParse(store.credentials);
    const query = request.query ?? {};
    if (!credentials.success || !isValidWeChatSignature(credentials.data.token, query)) return false;
    if (query.encrypt_type !== 'aes') return true;
    // Safe and compatible mode also sign the ciphertext (msg_signature); a push whose
    // Encrypt was swapped must not pass on the strength of the plain signature alone.
    const body = parseWeChatBody(request.rawBody);
    return body.ok && typeof body.value.Encrypt === 'string' && isValidMessageSignature(credentials.data.token, query, body.value.Encrypt);
  },

  challenge(store, query) {
    const credentials = wechatCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success || !isValidWeChatSignature(credentials.data.token, query)) return null;
    const echo = query.echostr;
    return echo !== undefined && echo.length > 0 && echo.length <= 512 ? echo : null;
  },

  async parse(store: ConnectorStore<WeChatCredentials>, request: WebhookRequest): Promise<WebhookParseResult> {
    const credentials = wechatCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return { ok: false, error: 'store has invalid WeChat credentials' };
    const body = openPush(request.rawBody, credentials.data);
    if (!body.ok) return body;
    const mapped = mapWeChatPush(body.value);
    if (!mapped.ok) return mapped;
    if ('events' in mapped) return { ok: true, events: mapped.events, ignored: mapped.ignored, responseBody: 'success' };

    const signal = AbortSignal.timeout(LOOKUP_DEADLINE_MS);
    let orderId: string;
    let aftersaleStatus: string | null = null;
    if (mapped.lookup.kind === 'aftersale') {
      const answer = await callWeChat(credentials.data, '/channels/ec/aftersale/getaftersaleorder', { after_sale_order_id: mapped.lookup.afterSaleOrderId }, signal);
      if (!answer.ok) return { ok: false, error: `after-sale lookup failed: ${answer.reason}`, retryable: !answer.permanent };
      const aftersale = aftersaleAnswerSchema.safeParse(answer.body);
      if (!aftersale.success) return { ok: false, error: `after-sale lookup: ${describeZodError(aftersale.error)}`, retryable: true };
      orderId = aftersale.data.after_sale_order.order_id;
      aftersaleStatus = aftersale.data.after_sale_order.status;
    } else {
      orderId = mapped.lookup.orderId;
    }
    const answer = await callWeChat(credentials.data, '/channels/ec/order/get', { order_id: orderId }, signal);
    if (!answer.ok) return { ok: false, error: `order lookup failed: ${answer.reason}`, retryable: !answer.permanent };
    const order = orderAnswerSchema.safeParse(answer.body);
    if (!order.success) return { ok: false, error: `order lookup: ${describeZodError(order.error)}`, retryable: true };
    const what = aftersaleStatus !== null ? { aftersaleStatus } : { event: mapped.lookup.kind === 'order' ? mapped.lookup.event : '' };
    return { ok: true, events: [orderEvent(order.data.order, mapped.lookup.dedupeKey, what)], ignored: [], responseBody: 'success' };
  },
};
