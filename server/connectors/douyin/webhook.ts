import type { IgnoredEvent, InboundEvent } from '../../../shared';
import type { ConnectorStore, WebhookHandler, WebhookParseResult, WebhookRequest } from '../types';
import { fetchOrderDetail } from './api';
import { douyinCredentialsSchema } from './credentials';
import type { DouyinCredentials } from './credentials';
import { douyinOrderEvent, mapDouyinMessage } from './mapping';
import { parsePushBody } from './payloads';
import { isValidDouyinPush } from './signature';

/**
 * Inbound Douyin Shop: POST /webhooks/douyin/<storeId> with a batch of pushed messages,
 * signed in `event-sign`. Each order/refund message is completed with order.orderDetail
 * (pushes carry no buyer), within a deadline; if a lookup fails transiently the whole batch
 * answers 503 and Doudian pushes it again (each message's msg_id keeps the retry from being
 * stored twice). The documented success answer is `{"code":0,"msg":"success"}`.
 */

/** Deadline for all order lookups of one push. */
const LOOKUP_DEADLINE_MS = 3_000;

export const DOUYIN_SUCCESS_ANSWER = JSON.stringify({ code: 0, msg: 'success' });

export const douyinWebhook: WebhookHandler<DouyinCredentials> = {
  verify(store: ConnectorStore<DouyinCredentials>, request: WebhookRequest): boolean {
    const credentials = douyinCredentialsSchema.safeParse(store.credentials);
    return credentials.success && isValidDouyinPush(credentials.data.appKey, credentials.data.appSecret, request.headers, request.rawBody);
  },

  async parse(store: ConnectorStore<DouyinCredentials>, request: WebhookRequest): Promise<WebhookParseResult> {
    const credentials = douyinCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return { ok: false, error: 'store has invalid Douyin credentials' };
    const body = parsePushBody(request.rawBody);
    if (!body.ok) return body;

    const events: InboundEvent[] = [];
    const ignored: IgnoredEvent[] = [];
    const mapped = body.messages.map((message) => mapDouyinMessage(message, credentials.data.shopId));
    // Malformed anywhere: the whole push is refused (400) before any lookup, so nothing is half-stored.
    const broken = mapped.find((m) => m.kind === 'error');
    if (broken?.kind === 'error') return { ok: false, error: broken.error };

    const signal = AbortSignal.timeout(LOOKUP_DEADLINE_MS);
    for (const item of mapped) {
      if (item.kind === 'ignored') {
        ignored.push(item.ignored);
        continue;
      }
      if (item.kind !== 'lookup') continue;
      const detail = await fetchOrderDetail(credentials.data, store.tokens, item.lookup.orderId, signal);
      if (!detail.ok) {
        if (!detail.permanent) return { ok: false, error: `order ${item.lookup.orderId} lookup failed: ${detail.reason}`, retryable: true };
        // The order cannot be read (deleted, not this shop's): recorded, so the push is not retried forever.
        ignored.push({ dedupeKey: item.lookup.dedupeKey, platformType: item.lookup.rule.name, reason: `order lookup refused: ${detail.reason}`.slice(0, 500) });
        continue;
      }
      events.push(douyinOrderEvent(item.lookup, detail.value));
    }
    return { ok: true, events, ignored, responseBody: DOUYIN_SUCCESS_ANSWER, responseContentType: 'json' };
  },
};
