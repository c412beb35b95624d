export * from './figures.js';
export * from './pairs.js';
