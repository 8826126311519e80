import { z } from 'zod';
import type { ConnectorStore, ReplyTarget, SendResult } from '../types';
import { shopifyCredentialsSchema } from './credentials';
import type { ShopifyCredentials } from './credentials';

/**
 * Replies to Shopify buyers go out BY E-MAIL. Shopify has no public API for messaging a
 * buyer (Shopify Inbox has none), so the store names a mail relay (its own transactional
 * mail service or a small HTTP-to-SMTP bridge) and we POST each reply there as JSON:
 *
 *   POST <mailRelayUrl>   Authorization: Bearer <mailRelayToken>
 *   { to, subject, text, idempotencyKey }        idempotencyKey = our message id
 *
 * 2xx → sent (the relay may answer `{ id }`, kept as the platform message id);
 * 4xx → refused for good, with the relay's reason; 5xx, timeout, network error → transient.
 */

const relayAcceptedSchema = z.object({ id: z.string().min(1).max(256).optional() }).loose();
const relayRefusedSchema = z.object({ error: z.string().min(1).max(1000) }).loose();

export async function sendShopifyReplyByEmail(
  store: ConnectorStore<ShopifyCredentials>,
  target: ReplyTarget,
  signal: AbortSignal,
): Promise<SendResult> {
  const credentials = shopifyCredentialsSchema.safeParse(store.credentials);
  if (!credentials.success) return { ok: false, permanent: true, reason: 'store has invalid Shopify credentials' };
  const { mailRelayUrl, mailRelayToken } = credentials.data;
  if (!mailRelayUrl || !mailRelayToken) {
    return { ok: false, permanent: true, reason: 'this store has no mail relay configured (mailRelayUrl and mailRelayToken in its credentials), so replies cannot be e-mailed' };
  }
  if (!target.customerEmail) {
    return { ok: false, permanent: true, reason: 'this Shopify buyer left no e-mail address; replies go out by e-mail' };
  }

  const body = {
    to: target.customerEmail,
    subject: replySubject(store.name, target.platformOrderId),
    text: target.body,
    idempotencyKey: target.messageId,
  };
  let response: Response;
  try {
    response = await fetch(mailRelayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${mailRelayToken}`,
        'idempotency-key': target.messageId,
      },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    return { ok: false, permanent: false, reason: transportFailure(error, signal) };
  }

  const text = await response.text().catch(() => '');
  if (response.ok) {
    const accepted = relayAcceptedSchema.safeParse(safeJson(text));
    return { ok: true, platformMessageId: accepted.success ? (accepted.data.id ?? null) : null };
  }
  const refused = relayRefusedSchema.safeParse(safeJson(text));
  const reason = `mail relay answered ${response.status}: ${refused.success ? refused.data.error : text.slice(0, 300) || response.statusText}`;
  return { ok: false, permanent: response.status >= 400 && response.status < 500 && response.status !== 429, reason };
}

/** The subject names the order the buyer asked about, so the reply lands in context. */
export function replySubject(storeName: string, platformOrderId: string | null): string {
  return platformOrderId ? `Re: your ${storeName} order ${platformOrderId}` : `A message from ${storeName}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function transportFailure(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'mail relay did not answer in time (request aborted)';
  return `mail relay unreachable: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
}
