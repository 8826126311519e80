import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ignoredEventSchema, inboundEventSchema } from '../../shared';
import type { Connector, ReplyTarget, SendResult } from '../connectors/types';

/**
 * A tiny connector for server tests, so that they exercise the server alone and not the
 * Shopify/Taobao code: its "native format" is already the normalised events, signed with
 * HMAC-SHA256 (hex) of the raw body in `x-test-signature`. Replies are recorded and
 * answered from a script the test controls.
 */
export const TEST_PLATFORM = 'woocommerce' as const;

export const testCredentialsSchema = z.object({ secret: z.string().min(1) });
export type TestCredentials = z.infer<typeof testCredentialsSchema>;

const bodySchema = z.object({ events: z.array(inboundEventSchema), ignored: z.array(ignoredEventSchema).default([]) });

export function signTestBody(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export type ScriptedReply = SendResult | 'hang' | 'throw';

export interface TestConnector extends Connector<TestCredentials> {
  /** Every sendReply call, in order. */
  readonly sent: Array<{ storeId: string; target: ReplyTarget }>;
  /** Results for the next calls; when empty, calls succeed with id `pm-<messageId>`. */
  readonly script: ScriptedReply[];
}

export function createTestConnector(): TestConnector {
  const sent: TestConnector['sent'] = [];
  const script: ScriptedReply[] = [];
  return {
    platform: TEST_PLATFORM,
    capabilities: {
      chatIn: true,
      chatOut: true,
      orderEvents: true,
      refundEvents: false,
      reviewsIn: true,
      reviewReply: true,
      commentThreads: false,
    },
    credentialsSchema: testCredentialsSchema,
    sent,
    script,
    webhook: {
      verify(store, request) {
        const given = Buffer.from(request.headers['x-test-signature'] ?? '', 'utf8');
        const expected = Buffer.from(signTestBody(store.credentials.secret, request.rawBody), 'utf8');
        return given.length === expected.length && timingSafeEqual(given, expected);
      },
      parse(_store, request) {
        let json: unknown;
        try {
          json = JSON.parse(request.rawBody.toString('utf8'));
        } catch {
          return { ok: false, error: 'The body is not valid JSON' };
        }
        const body = bodySchema.safeParse(json);
        if (!body.success) return { ok: false, error: `Unexpected payload: ${z.prettifyError(body.error)}` };
        return { ok: true, events: body.data.events, ignored: body.data.ignored };
      },
    },
    async sendReply(store, target, signal) {
      sent.push({ storeId: store.id, target });
      const next = script.shift();
      if (next === 'throw') throw new Error('connection reset');
      if (next === 'hang') {
        return new Promise<SendResult>((resolve) => {
          signal.addEventListener('abort', () => resolve({ ok: false, permanent: false, reason: 'aborted' }), { once: true });
        });
      }
      return next ?? { ok: true, platformMessageId: `pm-${target.messageId}` };
    },
  };
}
