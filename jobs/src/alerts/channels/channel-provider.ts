/**
 * Notification channels as providers behind one small interface (style.md, after Grafana and
 * Uptime Kuma): each kind has its settings schema (in shared) and one provider here, and the
 * notification worker reaches all of them through `createChannelProviders`. Adding a channel
 * touches this folder only.
 *
 * Failures are `DeliveryError`s whose message is stored and shown to the person (contact
 * point `lastError`, alert deliveries), so it never carries a secret: webhook URLs of Teams and
 * Slack hold their secret in the path, push endpoints identify a browser, SMTP URLs hold a
 * password. Messages name the host only.
 */
import type {
  AlertNotification,
  CHANNEL_SETTINGS_SCHEMAS,
  ChannelKind,
  ChannelSettings,
  PrivateNetworkAllowance,
} from '@wardpulse/shared';
import { emailProvider } from './email.js';
import { inAppProvider, type InAppPublisher } from './in-app.js';
import type { HostResolver } from './outbound-address.js';
import { webPushProvider } from './web-push.js';
import { webhookProvider } from './webhook.js';

export interface ChannelProvider<K extends ChannelKind> {
  kind: K;
  settingsSchema: (typeof CHANNEL_SETTINGS_SCHEMAS)[K];
  /** Throws DeliveryError on failure; the message must never contain a secret (webhook URLs of Teams/Slack embed secrets in their path: name the host only; never echo an SMTP password or a push endpoint path). */
  send(settings: ChannelSettings[K], notification: AlertNotification, recipient: { personId: string }): Promise<void>;
  /** Releases what the provider holds open (the SMTP pool). */
  close?(): Promise<void>;
}

/** A delivery that did not happen. `permanent`: retrying cannot help (the subscription is gone, the webhook refuses it). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface ChannelProviders {
  send<K extends ChannelKind>(
    kind: K,
    settings: ChannelSettings[K],
    notification: AlertNotification,
    recipient: { personId: string },
  ): Promise<void>;
  /** Closes pooled connections (call on shutdown). */
  close(): Promise<void>;
}

export interface ChannelProviderOptions {
  email: { smtpUrl: string | undefined; from: string };
  webPush: { publicKey: string; privateKey: string; subject: string };
  inApp: InAppPublisher;
  /** How long one delivery attempt may take (default 10 s). */
  timeoutMs?: number;
  /** Private, loopback and link-local addresses webhooks and push may reach (default: none). */
  allowPrivateNetworks?: PrivateNetworkAllowance;
  /** How webhook and push hosts are resolved (default: the system's resolver). */
  resolveHost?: HostResolver;
}

export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

type ProvidersByKind = { [K in ChannelKind]: ChannelProvider<K> };

export function createChannelProviders(options: ChannelProviderOptions): ChannelProviders {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const network = { allowPrivateNetworks: options.allowPrivateNetworks ?? false, resolve: options.resolveHost };
  const providers: ProvidersByKind = {
    'in-app': inAppProvider(options.inApp),
    email: emailProvider({ ...options.email, timeoutMs }),
    webhook: webhookProvider({ ...network, timeoutMs }),
    'web-push': webPushProvider({ ...options.webPush, ...network, timeoutMs }),
  };
  return {
    async send(kind, settings, notification, recipient) {
      const provider = providers[kind] as ChannelProvider<typeof kind>;
      // Stored settings were valid when saved; checking again keeps a bad row from reaching the network.
      const parsed = provider.settingsSchema.safeParse(settings);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`);
        throw new DeliveryError(`${kind} settings are not valid (${problems.join('; ')})`, true);
      }
      await provider.send(parsed.data as ChannelSettings[typeof kind], notification, recipient);
    },
    async close() {
      await Promise.all(Object.values(providers).map((provider) => provider.close?.()));
    },
  };
}
