/** React bindings for the cache (kept out of index.ts so the sync worker never loads React). */
export { useLiveQuery } from 'dexie-react-hooks';
