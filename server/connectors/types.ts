import type { z } from 'zod';
import type { ConversationKind, Currency, IgnoredEvent, InboundEvent, Platform } from '../../shared';
import type { AccessTokens, TokenAuthority } from './tokens/types';

/**
 * One interface for every storefront and social platform. A connector knows one
 * platform's wire format and nothing of storage: it verifies inbound requests, parses
 * native payloads into normalised events (shared/ingest), and sends replies back out.
 * Recipe for adding one: server/connectors/README.md.
 */

/** What a platform allows; the UI offers only these. */
export interface ConnectorCapabilities {
  chatIn: boolean;
  chatOut: boolean;
  orderEvents: boolean;
  refundEvents: boolean;
  reviewsIn: boolean;
  reviewReply: boolean;
  commentThreads: boolean;
}

/** A store as a connector sees it: with its credentials, which never leave the server. */
export interface ConnectorStore<Credentials = unknown> {
  id: string;
  platform: Platform;
  name: string;
  currency: Currency;
  credentials: Credentials;
  /**
   * The store's live access token, kept and renewed by the server's token manager, for
   * platforms whose connector has `tokens`. Absent (a connector used on its own): the token
   * entered in the credentials is used as it is.
   */
  tokens?: AccessTokens;
}

export interface WebhookRequest {
  /** Header names lower-cased, as Node gives them. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The exact bytes received: signatures are computed over these, never over re-serialised JSON. */
  rawBody: Buffer;
  /**
   * The URL's query parameters (first value of each). Some platforms sign there rather than
   * in headers (WeChat: signature, timestamp, nonce, msg_signature). Absent = none.
   */
  query?: Readonly<Record<string, string | undefined>>;
}

export type WebhookParseResult =
  | {
      ok: true;
      events: InboundEvent[];
      ignored: IgnoredEvent[];
      /** What the platform expects as the 200 response body (e.g. WeChat's "success"). */
      responseBody?: string;
      /** Content type of `responseBody`; text/plain when absent (Douyin expects JSON). */
      responseContentType?: 'text' | 'json';
    }
  /** `retryable`: the platform is right but we could not finish now (lookup failed): 503, the platform redelivers. */
  | { ok: false; error: string; retryable?: boolean };

export interface WebhookHandler<Credentials> {
  /** True only if the request carries a valid signature for this store. Constant-time compares. */
  verify(store: ConnectorStore<Credentials>, request: WebhookRequest): boolean;
  /**
   * Called only after verify() passed. Never throws: malformed input is `{ ok: false }`.
   * May be async for platforms whose notification carries only ids and must be completed by
   * an API call before it can be stored (WeChat Store order callbacks).
   */
  parse(store: ConnectorStore<Credentials>, request: WebhookRequest): WebhookParseResult | Promise<WebhookParseResult>;
  /**
   * For platforms that prove the URL with a GET before sending anything (WeChat's server
   * verification: echo `echostr` when the signature holds). Returns the body to answer
   * with 200, or null for 401. Platforms without a GET handshake leave it out (404).
   */
  challenge?(store: ConnectorStore<Credentials>, query: Readonly<Record<string, string | undefined>>): string | null;
}

/**
 * For platforms that deliver through a message service Huixin connects out to
 * (Taobao TMC, Pinduoduo PMC). The connector calls `deliver` for each native message and
 * confirms the message to the platform only after `deliver` resolved: the events are
 * then durably stored, so a crash before the confirm means a redelivery, never a loss.
 */
export interface MessageServiceSink {
  deliver(batch: { events: InboundEvent[]; ignored: IgnoredEvent[] }): Promise<void>;
  /** A native message that could not be parsed: logged, confirmed, never retried forever. */
  reject(reason: string, raw: string): void;
  /**
   * Where a poller read up to, kept across restarts (the server gives its database; absent,
   * a poller keeps its cursor in memory and looks back a fixed time after a restart).
   */
  cursors?: PollCursors;
}

/** A poller's saved positions, one per source it reads (e.g. "orders", "comments"). */
export interface PollCursors {
  load(source: string): Promise<string | null>;
  /** Called only after everything up to `value` was delivered. */
  save(source: string, value: string): Promise<void>;
}

export interface MessageServiceSubscription {
  close(): Promise<void>;
}

export interface ReplyTarget {
  /** Our message id; sent as an idempotency key wherever the platform accepts one. */
  messageId: string;
  body: string;
  conversationKind: ConversationKind;
  customerPlatformUserId: string;
  customerNickname: string;
  /** Only for platforms that answer buyers by e-mail (no public chat API), else null. */
  customerEmail: string | null;
  platformThreadId: string | null;
  /** The order the thread is about, for order threads. */
  platformOrderId: string | null;
  /**
   * The platform's review id (the review's `platformReviewId`), for review threads. Optional
   * for backward compatibility; Taobao's review reply (taobao.traderate.explain.add) needs it
   * and falls back to `platformThreadId` when absent.
   */
  platformReviewId?: string | null;
  /** When the agent wrote the reply: a read-back ignores older answers with the same text. */
  writtenAt?: string;
  /** When the buyer wrote the review (review threads): JD's read-back searches comments by creation time. */
  reviewWrittenAt?: string | null;
}

export type SendResult =
  | { ok: true; platformMessageId: string | null }
  /**
   * `permanent`: the platform refused for good (shown on the message); else retried with backoff.
   * `mayHaveApplied`: the call went out and no answer came back (a timeout, an unreadable
   * answer), so the platform may have posted it. Absent = false: nothing was applied (HTTP 5xx,
   * connection refused, a busy code) or the platform dedupes by our idempotency key. On a
   * platform without one, the dispatcher retries such a failure only after the connector's
   * `deliveryReadBack` says the reply is not there; without a read-back it fails the message
   * so the agent decides.
   */
  | { ok: false; permanent: boolean; reason: string; mayHaveApplied?: boolean };

/** What the platform shows of an earlier attempt (see `DeliveryReadBack`). */
export type DeliveryCheck =
  | { delivered: true; platformMessageId: string | null }
  | { delivered: false }
  /** The read-back itself failed: asked again on the next attempt (transient) or given up (permanent). */
  | { delivered: 'unknown'; permanent: boolean; reason: string };

/**
 * For platforms without an idempotency key whose API lets Huixin read back what was posted
 * (Weibo comment replies, JD comment replies): before each retry the dispatcher asks whether an
 * earlier attempt already reached the platform, and marks the message sent instead of posting
 * it again.
 */
export interface DeliveryReadBack<Credentials> {
  /** The conversation kinds whose replies can be read back; others are not retried after a possible apply. */
  kinds: readonly ConversationKind[];
  wasDelivered(store: ConnectorStore<Credentials>, target: ReplyTarget, signal: AbortSignal): Promise<DeliveryCheck>;
}

export interface Connector<Credentials = unknown> {
  platform: Platform;
  capabilities: ConnectorCapabilities;
  /** Parses the credentials an owner enters for a store (admin CLI, store settings). */
  credentialsSchema: z.ZodType<Credentials>;
  /** For platforms whose OAuth access tokens expire: how they are issued and renewed. */
  tokens?: TokenAuthority<Credentials>;
  webhook?: WebhookHandler<Credentials>;
  messageService?: {
    subscribe(store: ConnectorStore<Credentials>, sink: MessageServiceSink, log: ConnectorLog): MessageServiceSubscription;
  };
  sendReply(store: ConnectorStore<Credentials>, target: ReplyTarget, signal: AbortSignal): Promise<SendResult>;
  deliveryReadBack?: DeliveryReadBack<Credentials>;
}

export interface ConnectorLog {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}
