// Public edge of the terminology module: Guatemala's tables (static, small), the CIE-10 index
// (loaded on demand, never in the start-up bundle) and the shared text folding for search.
export * from './table-types';
export * from './normalize-text';
export * from './departments';
export * from './municipalities';
export * from './municipality-search';
export * from './languages';
export * from './pueblos';
export * from './vaccine-schedule';
export * from './consultation-reasons';
export * from './cie10-search';
export * from './load-cie10-index';
