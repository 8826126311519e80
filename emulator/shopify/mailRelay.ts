import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ShopifyEmulatedStore } from '../config';
import { readBody, sendJson } from '../http';
import type { FaultSwitch, ReplyRecorder } from '../recorder';

/**
 * The Shopify store's mail relay (POST /mail-relay/<storeId>): the outbound path for replies
 * to Shopify buyers, who can only be answered by e-mail. Checks the Bearer token, validates
 * the JSON, records each idempotency key once. Faults: refuse → 422 with a reason (a
 * permanent failure), unavailable → 503, timeout → never answers.
 */

const mailSchema = z.object({
  to: z.email(),
  subject: z.string().min(1).max(998),
  text: z.string().min(1).max(100_000),
  idempotencyKey: z.string().min(1).max(200),
});

export interface MailRelayContext {
  /** Shopify, or WooCommerce, which answers its buyers by e-mail the same way. */
  platform?: 'shopify' | 'woocommerce';
  store(storeId: string): { credentials: Pick<ShopifyEmulatedStore['credentials'], 'mailRelayToken'> } | undefined;
  replies: ReplyRecorder;
  faults: FaultSwitch;
  hold(response: ServerResponse): void;
}

export async function handleMailRelay(storeId: string, request: IncomingMessage, response: ServerResponse, context: MailRelayContext): Promise<void> {
  const store = context.store(storeId);
  const platform = context.platform ?? 'shopify';
  if (!store) return sendJson(response, 404, { error: `no ${platform} store ${storeId}` });
  if (request.headers.authorization !== `Bearer ${store.credentials.mailRelayToken}`) {
    return sendJson(response, 401, { error: 'invalid relay token' });
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof mailSchema>>;
  try {
    parsed = mailSchema.safeParse(JSON.parse((await readBody(request)).toString('utf8')));
  } catch {
    return sendJson(response, 400, { error: 'body is not JSON' });
  }
  if (!parsed.success) return sendJson(response, 400, { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });

  const fault = context.faults.take(platform);
  if (fault === 'timeout') return context.hold(response);
  if (fault === 'unavailable') return sendJson(response, 503, { error: 'relay temporarily unavailable' });
  if (fault === 'refuse') return sendJson(response, 422, { error: `recipient ${parsed.data.to} refused: mailbox unavailable` });

  const { reply } = context.replies.record({
    platform,
    storeId,
    idempotencyKey: parsed.data.idempotencyKey,
    method: 'mail',
    fields: { to: parsed.data.to, subject: parsed.data.subject, text: parsed.data.text, idempotencyKey: parsed.data.idempotencyKey },
  });
  return sendJson(response, 200, { id: `mail-${reply.idempotencyKey}` });
}
