export * from './stores';
export * from './assignment';
