export * from './filter';
export * from './saved-view';
export * from './read-mark';
