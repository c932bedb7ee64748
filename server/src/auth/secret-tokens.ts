/**
 * Bearer secrets (API keys `wpk_…`, display tokens `wpd_…`, sessions): 256 random bits, shown
 * once, stored only as a SHA-256 hash. A slow password hash adds nothing to a secret with this
 * much entropy, and lookups must be fast on the ingest path. The prefix makes a leaked secret
 * easy to recognise (and to scan for in logs and repositories).
 */
import { createHash, randomBytes } from 'node:crypto';

export type SecretKind = 'wpk' | 'wpd';

export function newSecret(kind: SecretKind): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

export function isSecret(kind: SecretKind, text: string): boolean {
  return new RegExp(`^${kind}_[A-Za-z0-9_-]{43}$`).test(text);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A short, non-secret id for records (`key_3f2a…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}
