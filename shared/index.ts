export * from './domain';
export * from './sync';
export * from './ingest';
export * from './desktop';
export * from './templates';
export * from './compliance';
export * from './text';
