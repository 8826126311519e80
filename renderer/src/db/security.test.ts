import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM_STREAM, storeStream } from '../../../shared';
import { at, conversation, customer, message, store, uniqueDbName } from '../test/fixtures';
import { applyChanges } from './applyChanges';
import { HuixinDb } from './database';
import { saveDraft } from './drafts';
import { sendReply } from './outbox';
import { saveLogin } from './session';
import { dropStoreStreams, loadRevocation, purgeExpired, streamsNoLongerReadable, wipeCache } from './security';

const opened: HuixinDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});
function open(): HuixinDb {
  const db = new HuixinDb(uniqueDbName('security'));
  opened.push(db);
  return db;
}
const DAY = 24 * 60;

async function seed(db: HuixinDb): Promise<void> {
  await db.stores.bulkPut([store('s1'), store('s2')]);
  await db.customers.bulkPut([customer('cu1', { storeId: 's1' }), customer('cu2', { storeId: 's2' })]);
  await db.conversations.bulkPut([
    conversation('old', { storeId: 's1', customerId: 'cu1', lastMessageAt: at(-40 * DAY) }),
    conversation('new', { storeId: 's1', customerId: 'cu1', lastMessageAt: at(-1) }),
    conversation('other', { storeId: 's2', customerId: 'cu2', lastMessageAt: at(-1) }),
  ]);
  await db.messages.bulkPut([
    message('m-old', { conversationId: 'old', storeId: 's1', sentAt: at(-40 * DAY) }),
    message('m-new', { conversationId: 'new', storeId: 's1', sentAt: at(-1) }),
    message('m-other', { conversationId: 'other', storeId: 's2', sentAt: at(-1) }),
  ]);
  await db.cursors.bulkPut([{ stream: TEAM_STREAM, seq: 3 }, { stream: storeStream('s1'), seq: 9 }, { stream: storeStream('s2'), seq: 4 }]);
}

describe('security wipes and purges of the cache', () => {
  it('purges conversations older than the synced retention, with their messages and drafts', async () => {
    const db = open();
    await seed(db);
    await saveDraft(db, 'old', 'never sent');
    const now = new Date(at(0));
    expect(await purgeExpired(db, now)).toBe(0); // no retention set: keep everything
    await applyChanges(db, TEAM_STREAM, [
      { stream: TEAM_STREAM, seq: 4, entity: 'settings', op: 'upsert', data: { id: 'team', retentionDays: 30, updatedAt: at(0) } },
    ]);
    expect(await purgeExpired(db, now)).toBe(1);
    expect((await db.conversations.toArray()).map((c) => c.id).sort()).toEqual(['new', 'other']);
    expect((await db.messages.toArray()).map((m) => m.id).sort()).toEqual(['m-new', 'm-other']);
    expect(await db.drafts.get('old')).toBeUndefined();
  });

  it('drops the data of withdrawn stores only, and finds them from the welcome', async () => {
    const db = open();
    await seed(db);
    const gone = await streamsNoLongerReadable(db, [TEAM_STREAM, storeStream('s1')]);
    expect(gone).toEqual([storeStream('s2')]);
    await dropStoreStreams(db, gone);
    expect(await db.conversations.get('other')).toBeUndefined();
    expect(await db.messages.get('m-other')).toBeUndefined();
    expect(await db.customers.get('cu2')).toBeUndefined();
    expect(await db.stores.get('s2')).toBeUndefined();
    expect(await db.cursors.get(storeStream('s2'))).toBeUndefined();
    expect(await db.conversations.count()).toBe(2);
    expect((await db.cursors.get(storeStream('s1')))?.seq).toBe(9);
  });

  it('a wipe leaves nothing, outbox and session included, except why it happened', async () => {
    const db = open();
    await seed(db);
    await saveLogin(db, 'http://h:1', { token: 'token-0123456789abcdefghij', expiresAt: at(60), user: { id: 'u1', name: 'u1', displayName: 'u1', role: 'agent' } });
    await sendReply(db, 'new', 'queued');
    await wipeCache(db, 'account_removed');
    for (const table of db.tables) {
      const rows = await table.toArray();
      if (table.name === 'meta') expect(rows).toEqual([{ key: 'revokedReason', value: 'account_removed' }]);
      else expect(rows, table.name).toEqual([]);
    }
    expect(await loadRevocation(db)).toBe('account_removed');
  });
});
