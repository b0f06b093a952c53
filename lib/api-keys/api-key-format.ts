// Server API keys: `mb_` + 40 random base64url characters. Only the SHA-256 is stored; the first 11
// characters are kept visible so an operator can tell keys apart in a list.
import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX_LENGTH = 11;
const KEY_PATTERN = /^mb_[A-Za-z0-9_-]{40}$/;

export function generateApiKey(): string {
  return `mb_${randomBytes(30).toString('base64url')}`;
}

export function looksLikeApiKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX_LENGTH);
}
