import type { Message } from '../shared';
import type { SentReply } from './agent-client';

/**
 * The verdict of a soak: compares what the storefronts were told was accepted, what the
 * agents were told was applied, what the server database holds and what each client's
 * cache holds. Pure: all inputs are plain data gathered after the run.
 */

export interface ServerMessageRow {
  id: string;
  storeId: string;
  direction: string;
  body: string;
  delivery: string;
  platformMessageId: string | null;
}

/** A buyer text the soak made up (unique per run) and sent through a storefront. */
export interface BuyerText {
  kind: 'taobao-chat' | 'taobao-review' | 'shopify-note';
  storeId: string;
  text: string;
  /** The platform was told "accepted": a 2xx webhook answer or a TMC confirm. */
  accepted: boolean;
}

export interface ClientSnapshot {
  label: string;
  /** Store ids this client may read. */
  stores: ReadonlySet<string>;
  messages: Message[];
  /** Outbox rows left at the end: state and mutation id. */
  outbox: { mutationId: string; state: string; messageId: string | null; failure: string | null }[];
  ackedApplied: ReadonlySet<string>;
  sent: SentReply[];
}

export interface EmulatorReply {
  idempotencyKey: string;
  storeId: string;
  text: string;
  attempts: number;
}

export interface Verdict {
  buyerTexts: number;
  buyerTextsAccepted: number;
  replies: number;
  /** Accepted buyer texts or applied replies missing from the server or a client that may see them. */
  lost: number;
  /** The same buyer text or reply stored/shown more than once, or delivered under two keys. */
  duplicated: number;
  /** Messages of a store in the cache of a client that may not read that store. */
  leaked: number;
  /** Mutations acked `applied` whose write is not in the server database. */
  ackedMissing: number;
  /** Client cache rows the server does not have, or whose body differs. */
  diverged: number;
  /** Replies left queued or sending in an outbox at the end. */
  stuckInOutbox: number;
  /** Replies the server rejected or the platform refused (reported, not lost). */
  replyRejected: number;
  replyFailed: number;
  /** Outbound sends repeated with the same idempotency key (after a kill); the platform dedupes them. */
  replyResends: number;
  /** Buyer texts the storefront gave up delivering (never accepted; not lost). */
  notAccepted: number;
  details: string[];
}

const MAX_DETAILS = 40;

export function reconcile(input: {
  server: ServerMessageRow[];
  buyerTexts: BuyerText[];
  clients: ClientSnapshot[];
  emulatorReplies: EmulatorReply[];
}): Verdict {
  const details: string[] = [];
  const note = (line: string) => {
    if (details.length < MAX_DETAILS) details.push(line);
  };
  const verdict: Verdict = {
    buyerTexts: input.buyerTexts.length,
    buyerTextsAccepted: input.buyerTexts.filter((t) => t.accepted).length,
    replies: 0,
    lost: 0,
    duplicated: 0,
    leaked: 0,
    ackedMissing: 0,
    diverged: 0,
    stuckInOutbox: 0,
    replyRejected: 0,
    replyFailed: 0,
    replyResends: 0,
    notAccepted: 0,
    details,
  };

  const serverById = new Map(input.server.map((row) => [row.id, row]));
  const serverByBody = countBy(input.server, (row) => `${row.storeId}\u0000${row.body}`);

  // Server: the platform's own ids are stored once per store.
  const platformIds = countBy(input.server.filter((r) => r.platformMessageId !== null), (r) => `${r.storeId}\u0000${r.direction}\u0000${r.platformMessageId}`);
  for (const [key, count] of platformIds) {
    if (count > 1) {
      verdict.duplicated += count - 1;
      note(`server holds platform message ${key.replaceAll('\u0000', '/')} ${count} times`);
    }
  }

  // Buyer texts: once on the server, once in every client that may read the store.
  for (const text of input.buyerTexts) {
    const onServer = serverByBody.get(`${text.storeId}\u0000${text.text}`) ?? 0;
    if (!text.accepted) {
      verdict.notAccepted += 1;
      if (onServer > 1) verdict.duplicated += onServer - 1;
      continue;
    }
    if (onServer === 0) {
      verdict.lost += 1;
      note(`${text.kind} "${text.text}" was accepted but is not in the server database`);
    } else if (onServer > 1) {
      verdict.duplicated += onServer - 1;
      note(`${text.kind} "${text.text}" is in the server database ${onServer} times`);
    }
    for (const client of input.clients) {
      if (!client.stores.has(text.storeId)) continue;
      const shown = client.messages.filter((m) => m.storeId === text.storeId && m.body === text.text).length;
      if (shown === 0 && onServer > 0) {
        verdict.lost += 1;
        note(`${client.label} lacks ${text.kind} "${text.text}"`);
      } else if (shown > 1) {
        verdict.duplicated += shown - 1;
        note(`${client.label} shows ${text.kind} "${text.text}" ${shown} times`);
      }
    }
  }

  // Every client: no foreign store, nothing the server does not have, nothing missing.
  for (const client of input.clients) {
    const ids = new Set(client.messages.map((m) => m.id));
    for (const message of client.messages) {
      if (!client.stores.has(message.storeId)) {
        verdict.leaked += 1;
        note(`${client.label} holds message ${message.id} of store ${message.storeId}`);
      }
      const row = serverById.get(message.id);
      if (!row || row.body !== message.body) {
        verdict.diverged += 1;
        note(`${client.label} holds message ${message.id} that the server ${row ? 'has with another body' : 'does not have'}`);
      }
    }
    for (const row of input.server) {
      if (client.stores.has(row.storeId) && !ids.has(row.id)) {
        verdict.lost += 1;
        note(`${client.label} lacks server message ${row.id} (${row.direction}) of ${row.storeId}`);
      }
    }
  }

  // Replies: applied once, stored, shown, delivered to the platform under their own key only.
  const emulatorByKey = countBy(input.emulatorReplies, (r) => r.idempotencyKey);
  const emulatorByText = countBy(input.emulatorReplies, (r) => `${r.storeId}\u0000${r.text}`);
  for (const client of input.clients) {
    for (const reply of client.sent) {
      verdict.replies += 1;
      const mutationId = reply.mutationId;
      const left = client.outbox.find((row) => row.messageId === reply.messageId);
      if (left && left.state !== 'failed') {
        verdict.stuckInOutbox += 1;
        verdict.lost += 1;
        note(`${client.label} reply ${reply.messageId} still ${left.state} in the outbox`);
        continue;
      }
      if (left) {
        verdict.replyRejected += 1;
        note(`${client.label} reply ${reply.messageId} rejected: ${left.failure}`);
        continue;
      }
      const row = serverById.get(reply.messageId);
      if (!row) {
        verdict.lost += 1;
        if (client.ackedApplied.has(mutationId)) verdict.ackedMissing += 1;
        note(`reply ${reply.messageId} by ${client.label} left the outbox but is not in the server database`);
        continue;
      }
      if (row.body !== reply.body) {
        verdict.diverged += 1;
        note(`reply ${reply.messageId} stored with another body`);
      }
      if (row.delivery === 'failed') {
        verdict.replyFailed += 1;
        note(`reply ${reply.messageId} to ${reply.storeId} failed at the platform`);
        continue;
      }
      if (row.delivery !== 'sent') {
        verdict.lost += 1;
        note(`reply ${reply.messageId} is ${row.delivery} on the server at the end`);
        continue;
      }
      // Platforms that take our id as idempotency key record it; the others (WeChat's
      // customer-service send takes none) are matched by the reply's text, unique per run.
      const sameText = emulatorByText.get(`${reply.storeId}\u0000${reply.body}`) ?? 0;
      const delivered = (emulatorByKey.get(reply.messageId) ?? 0) + sameText;
      if (delivered === 0) {
        verdict.lost += 1;
        note(`reply ${reply.messageId} to ${reply.storeId} is marked sent but the platform never got it`);
      }
      if (sameText > 1) {
        verdict.duplicated += sameText - 1;
        note(`reply "${reply.body}" reached the platform ${sameText} times under different keys`);
      }
    }
  }
  for (const reply of input.emulatorReplies) verdict.replyResends += reply.attempts - 1;

  // Every applied mutation of a reply must be in the database (checked above per reply);
  // here the acks of mutations whose reply we do not know (none expected) are counted too.
  const knownMutations = new Set(input.clients.flatMap((c) => c.sent.map((r) => r.mutationId)));
  for (const client of input.clients) {
    for (const id of client.ackedApplied) if (!knownMutations.has(id)) note(`${client.label} got an ack for an unknown mutation ${id}`);
  }
  return verdict;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
