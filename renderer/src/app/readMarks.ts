import { ReadMarkFlusher } from '../db';
import { durableDb } from './database';
import { syncClient } from './syncClient';

/**
 * The UI's one read-mark flusher: opening threads marks them read in the cache at once,
 * and the marks reach the server together once the agent pauses (renderer/src/db/readMarkSync.ts).
 */
export const readMarkFlusher = new ReadMarkFlusher(durableDb, {
  onQueued: () => syncClient.outboxChanged(),
  onError: (error) => console.error('[read marks] could not queue read marks for the server', error),
});
