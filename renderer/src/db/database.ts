import Dexie, { type EntityTable } from 'dexie';
import { migrateLocalUserState } from './userStateMigration';
import type {
  Conversation,
  CursorRow,
  Customer,
  DraftRow,
  Message,
  MetaRow,
  Order,
  OutboxRow,
  ReadMarkRow,
  SessionRow,
  Store,
  User,
} from './schema';
import type { ComplianceTerm, Product, QuickReply, StoreSettings } from './schema';
import type { Review } from './schema';
import type { SavedView } from './schema';

/**
 * The renderer's IndexedDB cache. This folder is the only place that imports Dexie;
 * the rest of the renderer talks to the tables through the helpers here.
 *
 * Durability: IndexedDB lets each transaction choose how hard it waits for the disk,
 * and Dexie sets that per connection. Synced data can always be pulled again, so the
 * cache connection is `relaxed` (fast bulk writes). Anything an agent typed (outbox,
 * drafts, session) goes through a second connection to the same database opened with
 * `strict`, see `openDurableDb`.
 */
export type Durability = 'default' | 'strict' | 'relaxed';

export const DEFAULT_DB_NAME = 'huixin';

export class HuixinDb extends Dexie {
  stores!: EntityTable<Store, 'id'>;
  users!: EntityTable<User, 'id'>;
  customers!: EntityTable<Customer, 'id'>;
  conversations!: EntityTable<Conversation, 'id'>;
  messages!: EntityTable<Message, 'id'>;
  orders!: EntityTable<Order, 'id'>;
  cursors!: EntityTable<CursorRow, 'stream'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  readMarks!: EntityTable<ReadMarkRow, 'conversationId'>;
  drafts!: EntityTable<DraftRow, 'conversationId'>;
  session!: EntityTable<SessionRow, 'key'>;
  meta!: EntityTable<MetaRow, 'key'>;
  quickReplies!: EntityTable<QuickReply, 'id'>;
  complianceTerms!: EntityTable<ComplianceTerm, 'id'>;
  storeSettings!: EntityTable<StoreSettings, 'id'>;
  /** Synced snapshots of the agent's saved views (user stream), tombstones included. */
  savedViews!: EntityTable<SavedView, 'id'>;
  products!: EntityTable<Product, 'id'>;
  reviews!: EntityTable<Review, 'id'>;

  constructor(name: string = DEFAULT_DB_NAME, durability: Durability = 'relaxed') {
    super(name, { chromeTransactionDurability: durability });
    // Indexes follow the inbox queries: a status tab sorted by last activity, filters by
    // store and assignee, and "waiting longest". Messages are read per conversation in
    // time order.
    this.version(1).stores({
      stores: 'id, platform',
      users: 'id',
      customers: 'id, storeId',
      conversations: 'id, [status+lastMessageAt], storeId, assigneeId, lastMessageAt, waitingSince, customerId',
      messages: 'id, [conversationId+sentAt]',
      orders: 'id, storeId, customerId',
      cursors: 'stream',
      outbox: '++seq, &mutationId, state, conversationId',
      readMarks: 'conversationId',
      drafts: 'conversationId',
      session: 'key',
      meta: 'key',
    });
    // Issue 5: quick replies (personal, team or store scope; tombstoned with deletedAt),
    // compliance terms and per-store settings, all synced snapshots.
    this.version(2).stores({
      quickReplies: 'id, scope, storeId, ownerId, updatedAt',
      complianceTerms: 'id, storeId, platform',
      storeSettings: 'id',
    });
    // Issue 3, the merged inbox: "mine" / "unassigned" by last activity, a store's threads
    // by last activity, tag and priority filters; saved views are per user, local only.
    this.version(3).stores({
      conversations:
        'id, [status+lastMessageAt], storeId, assigneeId, lastMessageAt, waitingSince, customerId, [assigneeId+lastMessageAt], [storeId+lastMessageAt], *tags, priority',
      savedViews: 'id, userId',
    });
    // Issue 3, reviews as records: the review card of a thread, a buyer's reviews in the
    // customer panel, and a store's reviews dropped with its stream.
    this.version(4).stores({
      reviews: 'id, conversationId, customerId, storeId',
    });
    // Issue 3, product cards: the picker lists one store's catalogue (filtered and ranked
    // in memory with CJK folding, shared/domain/products.ts), so storeId is the index.
    this.version(5).stores({
      products: 'id, storeId',
    });
    // Agent state follows the agent: saved views become synced snapshots from the user's
    // stream (by owner), read marks remember which ones still have to reach the server.
    // The upgrade queues the views and marks this machine kept locally, once.
    this.version(6)
      .stores({
        savedViews: 'id, ownerId',
        readMarks: 'conversationId, pending',
      })
      .upgrade(migrateLocalUserState);
  }
}

/** A connection whose write transactions wait until the data is on disk. */
export function openDurableDb(name: string = DEFAULT_DB_NAME): HuixinDb {
  return new HuixinDb(name, 'strict');
}

/** Lowest and highest IndexedDB keys, for compound-index ranges. */
export const minKey = Dexie.minKey;
export const maxKey = Dexie.maxKey;
