export * from './alert-evaluator.js';
export * from './alert-store.js';
export * from './alerting.js';
export * from './contact-point-store.js';
export * from './notification-delivery.js';
export * from './on-call-store.js';
export * from './rule-store.js';
export * from './vapid-keys.js';
