export * from './quick-reply';
export * from './variables';
export * from './render';
export * from './rank';
export * from './import-export';
export * from './admin-api';
