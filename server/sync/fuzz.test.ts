import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncEvents, mutationAckSchema, pullResultSchema, storeStream } from '../../shared';
import { chatEvent, connectSyncClient, startTestServer, type SyncClient, type TestServer } from '../testing/test-server';
import { breakValue, hostileJson, nulInOneString, tableCounts } from '../testing/fuzz';

/**
 * Fuzzes every socket event with seeded garbage (fast-check: a failure prints the seed
 * and the shrunk case, and FUZZ_SEED=<n> replays it): malformed, wrongly typed,
 * truncated, oversized and prototype-polluting payloads, unknown events and events
 * without an ack. The server must answer each request with an error ack (or, without an
 * ack, say nothing), write nothing, and keep the same connection usable.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20241124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

let server: TestServer;
let client: SyncClient;
let stream: string;
let conversationId: string;
let cases = 0;

beforeAll(async () => {
  server = await startTestServer();
  const store = await server.addStore('Fuzzed store');
  const agent = await server.addUser('fuzz-agent', 'agent');
  await server.grant(store.id, agent.id);
  await server.ingest.ingestDelivery(store.id, { events: [chatEvent()], ignored: [] });
  const [row] = await server.database.query<{ id: string }>('SELECT id FROM conversations WHERE store_id = $1', [store.id]);
  if (!row) throw new Error('no conversation');
  conversationId = row.id;
  stream = storeStream(store.id);
  client = await server.connect((await server.login('fuzz-agent')).token);
});
afterAll(async () => {
  console.info(`socket fuzz: ${cases} cases (seed ${SEED})`);
  await server.stop();
});

const validMutation = () => ({
  mutationId: randomUUID(),
  createdAt: new Date().toISOString(),
  payload: { type: 'message.send', conversationId, messageId: randomUUID(), body: 'still works' },
});

/**
 * Waits until the outbound dispatcher has delivered every queued reply: a valid
 * "still works" mutation from an earlier case is sent in the background, and its
 * delivery (one change row, one job retired) must not count as a write of the next case.
 */
async function outboundSettled(): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [row] = await server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM outbound_jobs');
    if ((row?.n ?? 0) === 0) return;
    if (Date.now() > deadline) throw new Error('outbound jobs did not settle');
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The connection still answers a valid pull with the right data. */
async function stillUsable(): Promise<void> {
  const result = pullResultSchema.parse(await client.request(SyncEvents.pull, { stream, since: 0, limit: 5 }));
  expect(result.ok).toBe(true);
  expect(client.socket.connected).toBe(true);
}

describe('socket events under garbage', () => {
  it('sync:pull answers every malformed request with an error ack and reads nothing it should not', async () => {
    await outboundSettled();
    const before = await tableCounts(server.database);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileJson(),
          breakValue({ stream, since: 0, limit: 10 }),
          fc.record({ stream: fc.constantFrom('team', 'store:someone-else', 'store:', '', '__proto__'), since: fc.integer({ min: 0 }), limit: fc.integer({ min: 1, max: 1000 }) }),
        ),
        async (payload) => {
          cases += 1;
          const raw = await client.request(SyncEvents.pull, payload);
          const result = pullResultSchema.parse(raw);
          // The team stream is readable by every user; anything else here is garbage or forbidden.
          if (result.ok) expect(result.stream === 'team' || result.stream === stream).toBe(true);
          else expect(['bad_request', 'forbidden']).toContain(result.code);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(await tableCounts(server.database)).toEqual(before);
    await stillUsable();
  });

  it('sync:mutate rejects every malformed mutation with bad_request and writes nothing', async () => {
    await outboundSettled();
    const before = await tableCounts(server.database);
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJson(), breakValue(validMutation())), async (payload) => {
        cases += 1;
        const ack = mutationAckSchema.parse(await client.request(SyncEvents.mutate, payload));
        expect(ack).toMatchObject({ status: 'rejected', code: 'bad_request' });
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    expect(await tableCounts(server.database)).toEqual(before);
    await stillUsable();
    const ack = mutationAckSchema.parse(await client.request(SyncEvents.mutate, validMutation()));
    expect(ack.status).toBe('applied');
  });

  it('a NUL character in any field of a valid mutation is refused with bad_request, not left unanswered', async () => {
    // Regression: PostgreSQL text cannot hold U+0000; the write failed, no ack came, and
    // the client's outbox would resend the reply forever.
    await outboundSettled();
    const before = await tableCounts(server.database);
    await fc.assert(
      fc.asyncProperty(nulInOneString(validMutation()), async ({ value }) => {
        cases += 1;
        const ack = mutationAckSchema.parse(await client.request(SyncEvents.mutate, value));
        expect(ack).toMatchObject({ status: 'rejected', code: 'bad_request' });
      }),
      { seed: SEED + 3, numRuns: Math.ceil(RUNS / 4) },
    );
    expect(await tableCounts(server.database)).toEqual(before);
  });

  it('unknown events and events without an ack change nothing and keep the connection', async () => {
    await outboundSettled();
    const before = await tableCounts(server.database);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('sync:unknown', 'sync:welcome', 'sync:changes', '__proto__', 'constructor', 'toString', SyncEvents.pull, SyncEvents.mutate),
        hostileJson(),
        async (event, payload) => {
          cases += 1;
          client.socket.emit(event, payload); // no ack callback: nobody to answer
        },
      ),
      { seed: SEED + 2, numRuns: RUNS },
    );
    // A request after the flood is answered in order, so every garbage event before it was handled.
    await stillUsable();
    expect(await tableCounts(server.database)).toEqual(before);
  });

  it('a frame above the size limit costs that socket its connection, not the server', async () => {
    const big = await connectSyncClient(server.url, (await server.login('fuzz-agent')).token);
    const closed = new Promise<void>((resolve) => big.socket.once('disconnect', () => resolve()));
    big.socket.emit(SyncEvents.mutate, { ...validMutation(), payload: { type: 'message.send', conversationId, messageId: randomUUID(), body: 'x'.repeat(2_000_000) } });
    cases += 1;
    await closed;
    await stillUsable();
  });
});
