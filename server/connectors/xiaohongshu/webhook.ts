import type { IgnoredEvent, InboundEvent } from '../../../shared';
import type { ConnectorStore, WebhookHandler, WebhookParseResult, WebhookRequest } from '../types';
import { enteredTokenOnly } from '../tokens/types';
import { fetchOrderDetail } from './api';
import { xiaohongshuCredentialsSchema } from './credentials';
import type { XiaohongshuCredentials } from './credentials';
import { mapXiaohongshuMessage, xiaohongshuOrderEvent } from './mapping';
import { parsePushBody } from './payloads';
import { isValidXiaohongshuPush } from './signature';

/**
 * Inbound Xiaohongshu: POST /webhooks/xiaohongshu/<storeId> with a batch of pushed messages,
 * signed in the headers (signature.ts). Each order/after-sale message is completed with
 * order.getOrderDetail within a deadline; a transient lookup failure answers 503 for the whole
 * batch and the platform pushes it again (the dedupe keys keep the retry from being stored
 * twice); a refused lookup is recorded as ignored so the push is not retried forever.
 */

/** Deadline for all order lookups of one push. */
const LOOKUP_DEADLINE_MS = 3_000;

export const XIAOHONGSHU_SUCCESS_ANSWER = JSON.stringify({ success: true, error_code: 0, error_msg: '' });

/** The path the platform signed: the configured one, or Huixin's own route for the store. */
export function pushPathOf(store: ConnectorStore<XiaohongshuCredentials>, credentials: XiaohongshuCredentials): string {
  return credentials.pushPath ?? `/webhooks/xiaohongshu/${encodeURIComponent(store.id)}`;
}

export const xiaohongshuWebhook: WebhookHandler<XiaohongshuCredentials> = {
  verify(store: ConnectorStore<XiaohongshuCredentials>, request: WebhookRequest): boolean {
    const credentials = xiaohongshuCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return false;
    const { appKey, appSecret } = credentials.data;
    return isValidXiaohongshuPush(appKey, appSecret, pushPathOf(store, credentials.data), request.headers, request.query ?? {});
  },

  async parse(store: ConnectorStore<XiaohongshuCredentials>, request: WebhookRequest): Promise<WebhookParseResult> {
    const credentials = xiaohongshuCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return { ok: false, error: 'store has invalid Xiaohongshu credentials' };
    const body = parsePushBody(request.rawBody);
    if (!body.ok) return body;

    const mapped = body.messages.map((message) => mapXiaohongshuMessage(message, credentials.data.sellerId));
    // Malformed anywhere: the whole push is refused (400) before any lookup, so nothing is half-stored.
    const broken = mapped.find((m) => m.kind === 'error');
    if (broken?.kind === 'error') return { ok: false, error: broken.error };

    const events: InboundEvent[] = [];
    const ignored: IgnoredEvent[] = [];
    const signal = AbortSignal.timeout(LOOKUP_DEADLINE_MS);
    for (const item of mapped) {
      if (item.kind === 'ignored') {
        ignored.push(item.ignored);
        continue;
      }
      if (item.kind !== 'lookup') continue;
      const detail = await fetchOrderDetail(credentials.data, store.tokens ?? enteredTokenOnly(credentials.data.accessToken), item.lookup.orderId, signal);
      if (!detail.ok) {
        if (!detail.permanent) return { ok: false, error: `order ${item.lookup.orderId} lookup failed: ${detail.reason}`, retryable: true };
        ignored.push({ dedupeKey: item.lookup.dedupeKey, platformType: item.lookup.platformType, reason: `order lookup refused: ${detail.reason}`.slice(0, 500) });
        continue;
      }
      events.push(xiaohongshuOrderEvent(item.lookup, detail.value));
    }
    return { ok: true, events, ignored, responseBody: XIAOHONGSHU_SUCCESS_ANSWER, responseContentType: 'json' };
  },
};
