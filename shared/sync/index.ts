export * from './protocol';
export * from './presence';
