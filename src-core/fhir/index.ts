export * from './outcome';
export * from './canonical';
export * from './validation';
