/**
 * Receipt codes for tip-offs: 140 random bits in Crockford base32 (no I, L, O, U: nothing to misread
 * aloud or on paper), grouped for people: FZ-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX. Only a keyed hash
 * is stored, so a copy of the database cannot be used to look up anyone's tip-off.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters of randomness: 28 × 5 = 140 bits (≥ 128). */
export const RECEIPT_CHARS = 28;
const GROUP = 4;

/** A new receipt code from crypto.getRandomValues. */
export function generateReceipt(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil((RECEIPT_CHARS * 5) / 8)));
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < RECEIPT_CHARS) {
      out += ALPHABET[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  const groups: string[] = [];
  for (let i = 0; i < out.length; i += GROUP) groups.push(out.slice(i, i + GROUP));
  return `FZ-${groups.join('-')}`;
}

/**
 * The canonical form of a typed receipt, or null when it cannot be one: case, spaces and dashes are
 * ignored, and O→0, I/L→1 (Crockford's rule for the letters people confuse with digits).
 */
export function normalizeReceipt(input: string): string | null {
  let s = input.toUpperCase().replace(/[\s\-_—–－]/g, '');
  if (s.startsWith('FZ')) s = s.slice(2);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== RECEIPT_CHARS) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

/** Imports the HMAC key receipts are hashed with (derived from the data key, see pii-crypto.ts). */
export async function importReceiptKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    raw as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

/**
 * The receipt's digest (hex SHA-256 of its canonical form). Kept only encrypted beside the tip-off,
 * so a key rotation can re-key the lookup hash without the code itself ever being stored; the
 * code's 140 random bits make the digest as unguessable as the code.
 */
export async function receiptDigest(canonical: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`receipt:${canonical}`));
  return toHex(new Uint8Array(d));
}

/** The stored lookup hash: hex HMAC-SHA-256 of the receipt's digest under the receipt key. */
export async function hashReceiptDigest(key: CryptoKey, digest: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    new TextEncoder().encode(`receipt-v2:${digest}`),
  );
  return toHex(new Uint8Array(mac));
}

/** The stored form of a receipt: the keyed hash of its digest. */
export async function hashReceipt(key: CryptoKey, canonical: string): Promise<string> {
  return hashReceiptDigest(key, await receiptDigest(canonical));
}

/**
 * The hash stored before receipts could be re-keyed (HMAC of the code itself): still looked up, so
 * receipts handed out by earlier versions keep working; such rows cannot be rotated to a new key.
 */
export async function legacyReceiptHash(key: CryptoKey, canonical: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    new TextEncoder().encode(`receipt:${canonical}`),
  );
  return toHex(new Uint8Array(mac));
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const len = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < len; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
