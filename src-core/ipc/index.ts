export * from './contract';
export * from './reply';
