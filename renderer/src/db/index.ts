/** The renderer's cache: the only gateway to Dexie. */
export { HuixinDb, openDurableDb, DEFAULT_DB_NAME, type Durability } from './database';
export { applyChanges, getCursor, type ApplyResult } from './applyChanges';
export * from './outbox';
export { nextOutboxState, type OutboxEvent, type OutboxNext } from './outboxMachine';
export * from './unread';
export * from './readMarkSync';
export * from './drafts';
export * from './session';
export { newUuid } from './ids';
export * from './schema';
export * from './overlay';
export * from './queries';
export * from './templates';
export * from './templateContext';
export * from './security';
export * from './inboxViews';
export * from './customerPanel';
export * from './controlsOverlay';
