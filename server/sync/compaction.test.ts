import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvents, mutationAckSchema, pullResultSchema, storeStream, type Change, type PullResult } from '../../shared';
import { chatEvent, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';
import { compactChanges } from './compaction';

/** Change-feed retention: superseded history goes, a stale cursor is told, a re-read from 0 rebuilds the state. */
let server: TestServer;
let store: Awaited<ReturnType<TestServer['addStore']>>;
let client: SyncClient;
let conversationId: string;
const stream = () => storeStream(store.id);

beforeAll(async () => {
  server = await startTestServer();
  store = await server.addStore('Retention store');
  const agent = await server.addUser('r-agent', 'agent');
  await server.grant(store.id, agent.id);
  client = await server.connect((await server.login('r-agent')).token);
  await server.ingest.ingestDelivery(store.id, { events: [chatEvent({ customer: { platformUserId: 'r-buyer', nickname: 'R', locale: null, email: null } })], ignored: [] });
  const [row] = await server.database.query<{ id: string }>('SELECT id FROM conversations WHERE store_id = $1', [store.id]);
  if (!row) throw new Error('no conversation');
  conversationId = row.id;
  // Six status changes: six conversation snapshots, five of them superseded.
  for (const status of ['pending', 'resolved', 'open', 'pending', 'resolved', 'open'] as const) {
    const ack = await client.request(SyncEvents.mutate, { mutationId: randomUUID(), createdAt: new Date().toISOString(), payload: { type: 'conversation.setStatus', conversationId, status } }, 15_000);
    expect(mutationAckSchema.parse(ack)).toMatchObject({ status: 'applied' });
  }
}, 60_000);
afterAll(() => server.stop());

const pull = async (request: object): Promise<PullResult> => pullResultSchema.parse(await client.request(SyncEvents.pull, { stream: stream(), limit: 1000, ...request }, 15_000));

/** The state a client builds from changes: the latest snapshot per entity. */
function stateOf(changes: Change[]): Map<string, unknown> {
  const state = new Map<string, unknown>();
  for (const change of [...changes].sort((a, b) => a.seq - b.seq)) state.set(`${change.entity}:${change.data.id}`, change.data);
  return state;
}

describe('change compaction and cursor_too_old', () => {
  let full: Change[] = [];
  let floor = 0;

  it('keeps everything younger than the window', async () => {
    const before = await pull({ since: 0 });
    if (!before.ok) throw new Error(before.message);
    full = before.changes;
    expect(before.compactedSeq).toBeUndefined();
    const result = await compactChanges(server.database, new Date(Date.now() - 30 * 86_400_000));
    expect(result.deleted).toBe(0);
  });

  it('deletes superseded snapshots older than the window, keeping the latest of every entity', async () => {
    await server.database.query(`UPDATE changes SET created_at = now() - interval '40 days' WHERE stream = $1`, [stream()]);
    const result = await compactChanges(server.database, new Date(Date.now() - 30 * 86_400_000));
    const conversationSnapshots = full.filter((c) => c.entity === 'conversation').length;
    expect(result.deleted).toBeGreaterThanOrEqual(conversationSnapshots - 1);
    floor = result.floors[stream()] ?? 0;
    expect(floor).toBeGreaterThan(1);
    const left = await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM changes WHERE stream = $1', [stream()]);
    expect(left[0]?.n).toBe(full.length - result.deleted);
  });

  it('answers cursor_too_old to a cursor below the floor', async () => {
    expect(await pull({ since: floor - 1 })).toMatchObject({ ok: false, code: 'cursor_too_old' });
    expect(await pull({ since: 1, compactedSeq: floor + 1 })).toMatchObject({ ok: false, code: 'cursor_too_old' });
  });

  it('a re-read from 0, paged under the floor, rebuilds exactly the current state', async () => {
    const read: Change[] = [];
    let since = 0;
    let compactedSeq: number | undefined;
    for (let page = 0; page < 50; page++) {
      const result = await pull({ since, limit: 2, ...(compactedSeq === undefined ? {} : { compactedSeq }) });
      if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
      if (since === 0) expect(result.compactedSeq).toBe(floor);
      compactedSeq = result.compactedSeq ?? compactedSeq;
      read.push(...result.changes);
      since = result.changes.at(-1)?.seq ?? since;
      if (!result.hasMore) break;
    }
    expect(since).toBe(full.at(-1)?.seq);
    expect(stateOf(read)).toEqual(stateOf(full));
    const conversation = read.filter((c) => c.entity === 'conversation');
    expect(conversation).toHaveLength(1);
    expect(conversation[0]?.entity === 'conversation' && conversation[0].data.status).toBe('open');
  });

  it('a cursor at or above the floor pulls as before', async () => {
    const result = await pull({ since: floor });
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.compactedSeq).toBeUndefined();
  });
});
