import type { ConnectorStore, WebhookHandler, WebhookParseResult, WebhookRequest } from '../types';
import { parseJsonLosslessly } from '../json';
import { weiboCredentialsSchema } from './credentials';
import type { WeiboCredentials } from './credentials';
import { mapWeiboPush } from './mapping';
import { isValidWeiboSignature } from './signature';

/**
 * Inbound Weibo fan-service pushes (direct messages to the brand account):
 * GET /webhooks/weibo/<storeId> is the URL verification (echo `echostr` when the signature
 * holds); POST carries one JSON message, signed in the query the same way. Weibo waits 5 s and
 * retries three times; Huixin answers with an empty body once stored (the documented "no
 * passive reply" answer, which Weibo does not retry). Mapping: mapping.ts.
 * XML pushes (an option in the fan-service settings) are not accepted: set the format to JSON.
 */
export const weiboWebhook: WebhookHandler<WeiboCredentials> = {
  verify(store: ConnectorStore<WeiboCredentials>, request: WebhookRequest): boolean {
    const credentials = weiboCredentialsSchema.safeParse(store.credentials);
    return credentials.success && isValidWeiboSignature(credentials.data.appSecret, request.query ?? {});
  },
  challenge(store, query) {
    const credentials = weiboCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success || !isValidWeiboSignature(credentials.data.appSecret, query)) return null;
    const echo = query.echostr;
    return echo !== undefined && echo.length > 0 && echo.length <= 512 ? echo : null;
  },
  parse(store: ConnectorStore<WeiboCredentials>, request: WebhookRequest): WebhookParseResult {
    const credentials = weiboCredentialsSchema.safeParse(store.credentials);
    if (!credentials.success) return { ok: false, error: 'store has invalid Weibo credentials' };
    const text = request.rawBody.toString('utf8');
    if (text.trimStart().startsWith('<')) return { ok: false, error: 'Weibo push in XML: set the fan-service push format to JSON' };
    const json = parseJsonLosslessly(text);
    if (!json.ok) return { ok: false, error: `Weibo push: ${json.error}` };
    const mapped = mapWeiboPush(json.value, credentials.data.uid);
    if (!mapped.ok) return mapped;
    return { ok: true, events: mapped.events, ignored: mapped.ignored, responseBody: '' };
  },
};
