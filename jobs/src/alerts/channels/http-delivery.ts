/**
 * One HTTP POST to somebody else's server (a webhook, a push service), the same way for every
 * channel that needs it: a time limit, no redirects followed (a redirect could lead the worker
 * to an address inside the network: SSRF), and failures as DeliveryErrors that name the host
 * only, since the path can be the secret (Teams and Slack webhooks, push endpoints).
 */
import { DeliveryError } from './channel-provider.js';
import { assertDeliverableDestination } from './outbound-address.js';

export interface HttpDelivery {
  /** What the far end is, for messages: "webhook", "push service". */
  target: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  timeoutMs: number;
  /** Allow private, loopback and link-local destinations (refused by default: SSRF). */
  allowPrivateNetworks: boolean;
  /** Words for a status that deserves them ("subscription expired"). */
  explainStatus?: (status: number) => string | undefined;
}

/** Retrying cannot help: a redirect, or a client error other than 408 (timeout) and 429 (slow down). */
export function isPermanentHttpStatus(status: number): boolean {
  return status >= 300 && status < 500 && status !== 408 && status !== 429;
}

function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `did not answer within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  // The error text of fetch can quote the URL; the code alone is safe to keep.
  return code ? `could not be reached (${code})` : 'could not be reached';
}

export async function postDelivery(delivery: HttpDelivery): Promise<void> {
  const host = new URL(delivery.url).host;
  await assertDeliverableDestination(delivery.target, delivery.url, delivery.allowPrivateNetworks);
  let response: Response;
  try {
    response = await fetch(delivery.url, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(delivery.timeoutMs),
    });
  } catch (error) {
    throw new DeliveryError(`${delivery.target} at ${host} ${failureReason(error, delivery.timeoutMs)}`, false);
  }
  // The answer's body is not read into messages: error pages can echo the request path.
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) return;
  const explanation =
    response.status >= 300 && response.status < 400
      ? 'a redirect, which is not followed'
      : delivery.explainStatus?.(response.status);
  throw new DeliveryError(
    `${delivery.target} at ${host} answered HTTP ${response.status}${explanation ? ` (${explanation})` : ''}`,
    isPermanentHttpStatus(response.status),
  );
}
