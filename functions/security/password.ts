/**
 * Moderator passwords: PBKDF2-HMAC-SHA-256 through WebCrypto (portable to edge runtimes), 600,000
 * iterations (OWASP 2023), a 16-byte salt; the iteration count is stored with the hash so it can
 * be raised later without breaking old hashes.
 */
import { base64ToBytes, bytesToBase64 } from './pii-crypto.ts';
import { constantTimeEqual } from './receipt.ts';

export const PASSWORD_ITERATIONS = 600_000;
export const PASSWORD_MIN_LENGTH = 12;

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    256,
  );
  return bytesToBase64(new Uint8Array(bits));
}

/** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` */
export async function hashPassword(
  password: string,
  iterations = PASSWORD_ITERATIONS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${iterations}$${bytesToBase64(salt)}$${await derive(password, salt, iterations)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$');
  const iterations = Number(iter);
  if (
    scheme !== 'pbkdf2-sha256' ||
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    !salt ||
    !hash
  )
    return false;
  return constantTimeEqual(await derive(password, base64ToBytes(salt), iterations), hash);
}

/** A hash of a random password, verified against when the user does not exist (same timing). */
export const DUMMY_HASH_PROMISE: { value: Promise<string> | null } = { value: null };
export function dummyHash(iterations = PASSWORD_ITERATIONS): Promise<string> {
  DUMMY_HASH_PROMISE.value ??= hashPassword(crypto.randomUUID(), iterations);
  return DUMMY_HASH_PROMISE.value;
}
