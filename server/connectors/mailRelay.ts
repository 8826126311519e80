import { z } from 'zod';
import type { ReplyTarget, SendResult } from './types';

/**
 * Replies to buyers of platforms that have no buyer-chat API (Shopify, WooCommerce) go out
 * BY E-MAIL. The store names a mail relay (its own transactional mail service or a small
 * HTTP-to-SMTP bridge) and we POST each reply there as JSON:
 *
 *   POST <relayUrl>   Authorization: Bearer <relayToken>
 *   { to, subject, text, idempotencyKey }        idempotencyKey = our message id
 *
 * 2xx → sent (the relay may answer `{ id }`, kept as the platform message id);
 * 4xx (not 429) → refused for good, with the relay's reason; 5xx, 429, timeout, network → transient.
 */

export interface MailRelayConfig {
  relayUrl: string | undefined;
  relayToken: string | undefined;
  storeName: string;
  /** "Shopify", "WooCommerce": names the platform in the reasons an agent reads. */
  platformLabel: string;
}

const relayAcceptedSchema = z.object({ id: z.string().min(1).max(256).optional() }).loose();
const relayRefusedSchema = z.object({ error: z.string().min(1).max(1000) }).loose();

export async function sendReplyByMailRelay(config: MailRelayConfig, target: ReplyTarget, signal: AbortSignal): Promise<SendResult> {
  const { relayUrl, relayToken } = config;
  if (!relayUrl || !relayToken) {
    return { ok: false, permanent: true, reason: 'this store has no mail relay configured (mailRelayUrl and mailRelayToken in its credentials), so replies cannot be e-mailed' };
  }
  if (!target.customerEmail) {
    return { ok: false, permanent: true, reason: `this ${config.platformLabel} buyer left no e-mail address; replies go out by e-mail` };
  }

  const body = {
    to: target.customerEmail,
    subject: replySubject(config.storeName, target.platformOrderId),
    text: target.body,
    idempotencyKey: target.messageId,
  };
  let response: Response;
  try {
    response = await fetch(relayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${relayToken}`,
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
