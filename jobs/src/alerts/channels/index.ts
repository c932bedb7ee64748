/** Notification channels: the providers' interface, each provider, and what receivers of webhooks need. */
export * from './channel-provider.js';
export { emailContent, EMAIL_NOT_CONFIGURED, type EmailContent } from './email.js';
export * from './in-app.js';
export { WEBHOOK_EVENTS, type WebhookEvent } from './notification-text.js';
export * from './web-push.js';
export * from './webhook.js';
export * from './outbound-address.js';
