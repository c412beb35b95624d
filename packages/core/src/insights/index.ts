export * from './figures.js';
export * from './pairs.js';
export * from './schema.js';
