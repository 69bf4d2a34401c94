export * from './events.js';
export * from './boards.js';
export * from './rulesets.js';
export * from './api.js';
export * from './ranking.js';
export * from './live.js';
export * from './live-board.js';
export * from './scopes.js';
