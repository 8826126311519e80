export * from './platforms';
export * from './entities';
