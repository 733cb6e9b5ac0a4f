export * from './outcome';
export * from './canonical';
