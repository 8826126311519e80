export * from './domain';
export * from './sync';
export * from './ingest';
export * from './desktop';
