/**
 * Encryption of personal data at rest (PIPL art. 51; anti-fraud law art. 5): AES-256-GCM through
 * WebCrypto, a fresh 96-bit IV per value, and the record and field bound as associated data so a
 * ciphertext copied to another record or field does not decrypt. Key from FANZHA_DATA_KEY.
 */
import { toHex } from './receipt.ts';

const VERSION = 'v1';

/** Encrypts and decrypts text fields; `context` (e.g. `tipoff:<id>:contact`) must match. */
export interface PiiCipher {
  encrypt(plain: string, context: string): Promise<string>;
  decrypt(sealed: string, context: string): Promise<string>;
  /** Raw key material for receipt hashing, derived (HKDF) from the data key, never the key itself. */
  receiptKeyBytes: Uint8Array;
  /**
   * The key's fingerprint (hex, derived by HKDF, so it tells keys apart without revealing them):
   * stored beside the canary so a start with another key is refused before it writes anything.
   */
  fingerprint: string;
  /**
   * The keyed hash that groups reports of one number (hex HMAC-SHA-256 of entityKey's output):
   * equal inputs still meet, but a copy of the database cannot test a guessed phone number.
   */
  groupKey(clearKey: string): Promise<string>;
  /** Seals file bytes (screenshots): FILE_MAGIC, then IV and ciphertext. */
  encryptBytes(plain: Uint8Array, context: string): Promise<Uint8Array>;
  /** Opens what encryptBytes sealed; throws if the key or context differ or it was altered. */
  decryptBytes(sealed: Uint8Array, context: string): Promise<Uint8Array>;
}

/** The first bytes of a sealed file: no image format starts so, so older clear files stand out. */
export const FILE_MAGIC = new Uint8Array([0x46, 0x5a, 0x53, 0x31]); // "FZS1"

/** Associated data of every sealed field, in one place so writers, readers and rotation agree. */
export const SEALED = {
  description: (tipoffId: string) => `tipoff:${tipoffId}:description`,
  contact: (tipoffId: string) => `tipoff:${tipoffId}:contact`,
  receiptDigest: (tipoffId: string) => `tipoff:${tipoffId}:receipt`,
  entity: (tipoffId: string, kind: string) => `tipoff:${tipoffId}:entity:${kind}`,
  message: (messageId: string) => `message:${messageId}`,
  attachment: (storageName: string) => `attachment:${storageName}`,
  exposure: (kind: string, key: string) => `exposure:${kind}:${key}`,
  canary: 'data-key:canary',
  legacyReceiptKey: 'data-key:legacy-receipt-key',
} as const;

/** Parses FANZHA_DATA_KEY: base64 of exactly 32 bytes. */
export function parseDataKey(base64: string): Uint8Array {
  const bytes = base64ToBytes(base64.trim());
  if (bytes.length !== 32) {
    throw new Error(
      'FANZHA_DATA_KEY 必须是 32 字节密钥的 base64 编码（例如 openssl rand -base64 32 的输出）。',
    );
  }
  return bytes;
}

/** A new random data key, base64. */
export function generateDataKey(): string {
  return bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export async function createPiiCipher(keyBytes: Uint8Array): Promise<PiiCipher> {
  const base = await crypto.subtle.importKey('raw', keyBytes as BufferSource, 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ]);
  const hkdf = (info: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: new TextEncoder().encode('fanzha'),
    info: new TextEncoder().encode(info),
  });
  // Separate keys per purpose, so receipt hashes reveal nothing about the encryption key.
  const aes = await crypto.subtle.deriveKey(
    hkdf('pii-aes-gcm-v1'),
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  const receiptKeyBytes = new Uint8Array(
    await crypto.subtle.deriveBits(hkdf('receipt-hmac-v1'), base, 256),
  );
  const fingerprint = toHex(
    new Uint8Array(await crypto.subtle.deriveBits(hkdf('key-fingerprint-v1'), base, 256)),
  );
  const group = await crypto.subtle.deriveKey(
    hkdf('entity-group-hmac-v1'),
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  const enc = new TextEncoder();
  return {
    receiptKeyBytes,
    fingerprint,
    async groupKey(clearKey) {
      return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', group, enc.encode(clearKey))));
    },
    async encrypt(plain, context) {
      return `${VERSION}:${bytesToBase64(await seal(enc.encode(plain), context))}`;
    },
    async decrypt(sealed, context) {
      const [version, body] = sealed.split(':', 2);
      if (version !== VERSION || !body) throw new Error('unknown ciphertext format');
      return new TextDecoder().decode(await open(base64ToBytes(body), context));
    },
    async encryptBytes(plain, context) {
      const sealed = await seal(plain, context);
      const out = new Uint8Array(FILE_MAGIC.length + sealed.length);
      out.set(FILE_MAGIC);
      out.set(sealed, FILE_MAGIC.length);
      return out;
    },
    async decryptBytes(sealed, context) {
      if (!FILE_MAGIC.every((b, i) => sealed[i] === b)) throw new Error('not a sealed file');
      return open(sealed.subarray(FILE_MAGIC.length), context);
    },
  };

  async function seal(plain: Uint8Array, context: string): Promise<Uint8Array> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: enc.encode(context) },
        aes,
        plain as BufferSource,
      ),
    );
    const out = new Uint8Array(iv.length + ct.length);
    out.set(iv);
    out.set(ct, iv.length);
    return out;
  }

  async function open(bytes: Uint8Array, context: string): Promise<Uint8Array> {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: bytes.subarray(0, 12) as BufferSource,
          additionalData: enc.encode(context),
        },
        aes,
        bytes.subarray(12) as BufferSource,
      ),
    );
  }
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    return new Uint8Array(0);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
