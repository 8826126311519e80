import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { platformSchema } from '../../shared';
import type { WebhookRequest } from '../connectors/types';
import { InvalidEventsError, UnknownStoreError, type IngestService } from '../ingest/ingest-service';
import type { Logger } from '../logger';
import type { ConnectorLookup } from '../outbound/outbound-dispatcher';
import type { Database } from '../storage/database';
import { findStoreRow, toConnectorStore } from '../stores/stores';
import type { StoreTokenSource } from '../connectors/tokens/types';

export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const paramsSchema = z.object({ platform: z.string(), storeId: z.string().min(1).max(128) });

export interface WebhookRouteOptions {
  db: Database;
  ingest: IngestService;
  connectorFor: ConnectorLookup;
  /** The token manager: order lookups made while parsing (Douyin, Xiaohongshu) use its tokens. */
  tokens?: StoreTokenSource;
  log: Logger;
}

function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Query parameters as strings (first value of a repeated one); anything else is dropped. */
function firstQueryValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [name, value] of Object.entries(query)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}

/**
 * POST /webhooks/:platform/:storeId — the one door for every webhook platform. The body
 * stays raw bytes (signatures are computed over them), in a scope of its own so that
 * the rest of the API keeps its JSON parser. Order of checks: store exists on this
 * platform (404) → signature (401) → payload (400) → one ingest transaction (200).
 * Nothing is stored unless every check passed.
 */
export async function registerWebhookRoute(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
      done(null, body);
    });

    // The GET handshake some platforms make before they send anything (WeChat's server
    // verification). Same lookups as the POST; the connector judges the signature.
    scope.get('/webhooks/:platform/:storeId', async (request, reply) => {
      const params = paramsSchema.parse(request.params);
      const platform = platformSchema.safeParse(params.platform);
      if (!platform.success) return reply.code(404).send({ error: `Unknown platform ${params.platform}` });
      const store = await findStoreRow(options.db, params.storeId);
      if (!store || store.platform !== platform.data) return reply.code(404).send({ error: `No ${platform.data} store ${params.storeId}` });
      const connector = options.connectorFor(platform.data);
      if (!connector?.webhook?.challenge) return reply.code(404).send({ error: `${platform.data} webhooks have no GET handshake` });
      const credentials = connector.credentialsSchema.safeParse(store.credentials);
      if (!credentials.success) return reply.code(500).send({ error: 'This store is misconfigured on the Huixin server' });
      const answer = connector.webhook.challenge(toConnectorStore(store, credentials.data), firstQueryValues(request.query));
      if (answer === null) {
        options.log.warn('webhook handshake signature rejected', { storeId: store.id, platform: platform.data });
        return reply.code(401).send({ error: 'Invalid webhook signature' });
      }
      return reply.type('text/plain; charset=utf-8').send(answer);
    });

    scope.post('/webhooks/:platform/:storeId', { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
      const params = paramsSchema.parse(request.params);
      const platform = platformSchema.safeParse(params.platform);
      if (!platform.success) return reply.code(404).send({ error: `Unknown platform ${params.platform}` });
      const store = await findStoreRow(options.db, params.storeId);
      if (!store || store.platform !== platform.data) {
        return reply.code(404).send({ error: `No ${platform.data} store ${params.storeId}` });
      }
      const connector = options.connectorFor(platform.data);
      if (!connector?.webhook) {
        return reply.code(404).send({ error: `${platform.data} stores do not receive webhooks here` });
      }
      const credentials = connector.credentialsSchema.safeParse(store.credentials);
      if (!credentials.success) {
        options.log.error('store credentials do not match the connector', { storeId: store.id });
        return reply.code(500).send({ error: 'This store is misconfigured on the Huixin server' });
      }
      const connectorStore = toConnectorStore(store, credentials.data, options.tokens);
      const webhookRequest: WebhookRequest = {
        headers: lowerCaseHeaders(request.headers),
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        query: firstQueryValues(request.query),
      };
      if (!connector.webhook.verify(connectorStore, webhookRequest)) {
        options.log.warn('webhook signature rejected', { storeId: store.id, platform: platform.data });
        return reply.code(401).send({ error: 'Invalid webhook signature' });
      }
      const parsed = await connector.webhook.parse(connectorStore, webhookRequest);
      if (!parsed.ok) return reply.code(parsed.retryable === true ? 503 : 400).send({ error: parsed.error });

      try {
        const result = await options.ingest.ingestDelivery(store.id, { events: parsed.events, ignored: parsed.ignored });
        if (parsed.responseBody !== undefined) {
          const type = parsed.responseContentType === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
          return reply.type(type).send(parsed.responseBody);
        }
        return reply.send({ ok: true, stored: result.stored, duplicates: result.duplicates });
      } catch (error) {
        if (error instanceof InvalidEventsError) return reply.code(400).send({ error: error.message });
        if (error instanceof UnknownStoreError) return reply.code(404).send({ error: error.message });
        throw error;
      }
    });
  });
}
