export * from './sitrep-alert-rule.js';
export * from './sitrep-inputs.js';
export * from './sitrep-scheduler.js';
export * from './sitrep-store.js';
