export * from './bed-occupancy.js';
export * from './bed-state.js';
export * from './errors.js';
export * from './live.js';
export * from './org.js';
export * from './scope.js';
export * from './socket-events.js';
export * from './org-index.js';
