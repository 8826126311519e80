export * from './contact';
export * from './mask';
