import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../shared';
import type { Connector, MessageServiceSink } from '../connectors/types';
import { createLogger } from '../logger';
import { createStore } from '../stores/stores';
import { createTestConnector, testCredentialsSchema, type TestCredentials } from '../testing/test-connector';
import { chatEvent, startTestServer, type TestServer } from '../testing/test-server';
import { startMessageServices } from './message-service-runner';

let server: TestServer;
const sinks = new Map<string, MessageServiceSink>();
const closed: string[] = [];

/** A platform that delivers through a message service Huixin connects out to. */
const serviceConnector: Connector<TestCredentials> = {
  ...createTestConnector(),
  platform: 'pinduoduo',
  credentialsSchema: testCredentialsSchema,
  webhook: undefined,
  messageService: {
    subscribe(store, sink) {
      sinks.set(store.id, sink);
      return { close: async () => void closed.push(store.id) };
    },
  },
};

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('message-service runner', () => {
  it('subscribes each store of a message-service platform, stores what it delivers once, and closes', async () => {
    await createStore(server.feed, { id: 'pdd-1', platform: 'pinduoduo', name: 'PDD', currency: 'CNY', credentials: { secret: 's' } });
    await createStore(server.feed, { id: 'pdd-bad', platform: 'pinduoduo', name: 'PDD bad', currency: 'CNY', credentials: {} });
    const runner = await startMessageServices(
      server.database,
      server.ingest,
      (platform) => (platform === 'pinduoduo' ? (serviceConnector as Connector<unknown>) : undefined),
      createLogger('silent'),
    );
    expect(runner.storeIds).toEqual(['pdd-1']); // invalid credentials: not subscribed

    const sink = sinks.get('pdd-1');
    const event = chatEvent({ dedupeKey: 'pmc-1', body: '在吗？' });
    await sink?.deliver({ events: [event], ignored: [] });
    await sink?.deliver({ events: [event], ignored: [] }); // redelivered by the service
    expect(await server.database.query("SELECT body FROM messages WHERE store_id = 'pdd-1'")).toEqual([{ body: '在吗？' }]);

    // An event that can never be stored is dropped (so it is confirmed), not thrown back.
    const invalid = { ...event, dedupeKey: 'pmc-2', sentAt: 'never' } as InboundEvent;
    await expect(sink?.deliver({ events: [invalid], ignored: [] })).resolves.toBeUndefined();
    expect(await server.database.query("SELECT 1 FROM inbound_deliveries WHERE dedupe_key = 'pmc-2'")).toHaveLength(0);

    await runner.close();
    expect(closed).toEqual(['pdd-1']);
  });
});
