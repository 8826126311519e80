export * from './platforms';
export * from './entities';
export * from './capabilities';
export * from './sentiment';
export * from './cards';
export * from './carriers';
export * from './products';
export * from './review-images';
