/**
 * A push service on a free loopback port, standing in for the browser vendors' (FCM, Mozilla
 * autopush, Apple): tests make subscriptions as a browser would — a P-256 key pair and a 16-byte
 * auth secret — and the receiver checks each push as a real service and browser together would:
 * - the VAPID `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): an ES256 signature by
 *   that key, `aud` the endpoint's origin, `exp` within 24 hours, a `sub` to contact;
 * - the body decrypts as `Content-Encoding: aes128gcm` for the subscription (RFC 8291 on RFC
 *   8188), written here from the RFCs with node:crypto, not with the library that encrypted it.
 * It answers 201 as push services do, 401 for a bad VAPID token, 400 for a body it cannot
 * decrypt, 404 for an unknown subscription, or whatever a test plans with `answerNext`.
 */
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import type { ChannelSettings } from '@wardpulse/shared';
import { ReceivedLog } from './receivers.js';
import { startWebhookReceiver, type HttpReceiver, type PlannedAnswer, type ReceivedRequest } from './webhook-receiver.js';

interface Subscriber {
  ecdh: ECDH;
  publicKey: Buffer;
  authSecret: Buffer;
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

export interface ReceivedPush {
  request: ReceivedRequest;
  /** Why the push is not one a browser would show; empty when it is. */
  problems: string[];
  /** The decrypted message parsed as JSON (undefined when it could not be decrypted). */
  payload: unknown;
  vapid: { publicKey: string; claims: VapidClaims } | undefined;
}

export interface PushReceiver {
  origin: string;
  /** A new subscription, as `PushSubscription.toJSON()` gives it in a browser. */
  subscribe(): ChannelSettings['web-push'];
  pushes: ReceivedLog<ReceivedPush>;
  answerNext: HttpReceiver['answerNext'];
  close(): Promise<void>;
}

const KEY_INFO = Buffer.from('WebPush: info\0');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0');
const TAG_LENGTH = 16;

/**
 * Decrypts an aes128gcm push message body for a subscriber (RFC 8291 section 3.4 on RFC 8188
 * section 2). A push message is one record (RFC 8291 section 4), so its nonce is the base nonce.
 */
export function decryptPushMessage(body: Buffer, subscriber: Subscriber): Buffer {
  if (body.length < 21) throw new Error('body is shorter than an aes128gcm header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20]!;
  if (keyIdLength !== 65) throw new Error(`keyid is ${keyIdLength} bytes, not a 65-byte P-256 public key`);
  const senderPublicKey = body.subarray(21, 21 + keyIdLength);
  const record = body.subarray(21 + keyIdLength);
  if (record.length > recordSize)
    throw new Error(`${record.length} bytes of ciphertext do not fit one ${recordSize}-byte record`);
  if (record.length < TAG_LENGTH + 1) throw new Error('the record is shorter than its tag and delimiter');
  const ecdhSecret = subscriber.ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([KEY_INFO, subscriber.publicKey, senderPublicKey]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, subscriber.authSecret, keyInfo, 32));
  const contentKey = Buffer.from(hkdfSync('sha256', ikm, salt, CEK_INFO, 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, NONCE_INFO, 12));
  const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
  decipher.setAuthTag(record.subarray(record.length - TAG_LENGTH));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_LENGTH)), decipher.final()]);
  // Padding is zeros after the delimiter; 2 marks the last (here the only) record.
  let delimiter = padded.length - 1;
  while (delimiter >= 0 && padded[delimiter] === 0) delimiter -= 1;
  if (padded[delimiter] !== 2) throw new Error('the record does not end with the last-record delimiter');
  return padded.subarray(0, delimiter);
}

/** Checks a VAPID Authorization header (RFC 8292) for `audience`; throws why it is not valid. */
export function verifyVapid(
  header: string | undefined,
  audience: string,
  nowSeconds: number,
): { publicKey: string; claims: VapidClaims } {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`Authorization is not "vapid t=…, k=…": ${header}`);
  const [, token = '', publicKey = ''] = match;
  const [encodedHeader = '', encodedClaims = '', signature = ''] = token.split('.');
  const jwtHeader = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
  if (jwtHeader.alg !== 'ES256') throw new Error(`JWT alg is ${jwtHeader.alg}, not ES256`);
  const point = Buffer.from(publicKey, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('k is not an uncompressed P-256 public key');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`);
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) {
    throw new Error('JWT signature does not verify with k');
  }
  const claims = JSON.parse(Buffer.from(encodedClaims, 'base64url').toString('utf8')) as VapidClaims;
  if (claims.aud !== audience) throw new Error(`JWT aud is ${claims.aud}, not ${audience}`);
  if (!(claims.exp > nowSeconds && claims.exp <= nowSeconds + 24 * 3600))
    throw new Error(`JWT exp ${claims.exp} is not within 24 hours`);
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) throw new Error(`JWT sub ${claims.sub} is not a mailto: or https: contact`);
  return { publicKey, claims };
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const subscribers = new Map<string, Subscriber>();
  const pushes = new ReceivedLog<ReceivedPush>();
  let origin = '';

  function inspect(request: ReceivedRequest): PlannedAnswer {
    const subscriber = subscribers.get(request.path);
    if (!subscriber) {
      pushes.add({ request, problems: [`no subscription at ${request.path}`], payload: undefined, vapid: undefined });
      return { status: 404 };
    }
    const problems: string[] = [];
    let vapid: ReceivedPush['vapid'];
    let payload: unknown;
    try {
      vapid = verifyVapid(request.headers.authorization, origin, Math.floor(Date.now() / 1000));
    } catch (error) {
      problems.push(`VAPID: ${(error as Error).message}`);
    }
    if (request.headers['content-encoding'] !== 'aes128gcm')
      problems.push(`Content-Encoding is ${request.headers['content-encoding']}`);
    if (!/^\d+$/.test(String(request.headers.ttl))) problems.push(`TTL header is ${request.headers.ttl}`);
    try {
      payload = JSON.parse(decryptPushMessage(request.rawBody, subscriber).toString('utf8'));
    } catch (error) {
      problems.push(`decryption: ${(error as Error).message}`);
    }
    pushes.add({ request, problems, payload, vapid });
    if (problems.some((problem) => problem.startsWith('VAPID'))) return { status: 401 };
    return { status: problems.length > 0 ? 400 : 201 };
  }

  const http = await startWebhookReceiver(inspect);
  origin = http.origin;
  return {
    origin,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const path = `/push/v1/${randomUUID()}`;
      subscribers.set(path, { ecdh, publicKey, authSecret });
      return {
        endpoint: `${origin}${path}`,
        expirationTime: null,
        keys: { p256dh: publicKey.toString('base64url'), auth: authSecret.toString('base64url') },
      };
    },
    pushes,
    answerNext: http.answerNext,
    close: http.close,
  };
}
