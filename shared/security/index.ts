export * from './api';
export * from './revocation';
export * from './settings';
