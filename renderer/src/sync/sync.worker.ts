/// <reference lib="webworker" />
import { z } from 'zod';
import { HuixinDb, openDurableDb } from '../db/database';
import { SyncEngine } from './engine';
import { fromWorkerSchema, toWorkerSchema, type FromWorker } from './messages';
import { connectSocket } from './socketConnection';

/**
 * The sync worker: owns the socket and all bulk writes to the cache, so that a large
 * catch-up never blocks the UI thread. The UI learns about data through Dexie live
 * queries (which see this worker's writes) and about connection state through messages.
 */
declare const self: DedicatedWorkerGlobalScope;

// Electron's CSP forbids eval: keep zod off its JIT path.
z.config({ jitless: true });

let engine: SyncEngine | null = null;
let databases: HuixinDb[] = [];

function stopEngine(): void {
  engine?.stop();
  engine = null;
  for (const db of databases) db.close();
  databases = [];
}

function report(message: FromWorker): void {
  self.postMessage(fromWorkerSchema.parse(message));
}

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = toWorkerSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('[sync worker] dropped a message that does not parse', parsed.error.issues);
    return;
  }
  const message = parsed.data;
  switch (message.type) {
    case 'start': {
      stopEngine();
      const cache = new HuixinDb(message.dbName);
      const durable = openDurableDb(message.dbName);
      databases = [cache, durable];
      engine = new SyncEngine({
        cache,
        durable,
        connect: connectSocket,
        report,
      });
      void engine.start();
      break;
    }
    case 'outbox-changed':
      void engine?.drainOutbox();
      break;
    case 'stop':
      stopEngine();
      break;
    case 'viewing':
      engine?.setViewing(message.conversationId);
      break;
    case 'typing':
      engine?.typing(message.conversationId);
      break;
  }
});
