export * from './quick-reply';
export * from './variables';
export * from './render';
export * from './rank';
export * from './import-export';
