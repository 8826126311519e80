export * from './terms';
export * from './default-terms';
export * from './check';
export * from './personal-data';
export * from './events';
