export * from './stores';
export * from './assignment';
export * from './team';
