/**
 * The one normalization used to match an entity against the blocklist, so a number written
 * "+86 138-1234-5678" in a message finds "13812345678" in a police notice. Personal kinds never go
 * into the public knowledge file, not even hashed (a phone with 7 known digits falls to 10⁴
 * hashes): the server matches them with a keyed HMAC (functions/security/personal-lookup.ts).
 */
import { PERSONAL_KINDS, type ExposureKind } from '../site/lib/taxonomy.ts';

/** Round constants of SHA-256 (FIPS 180-4 §4.2.2). */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

function utf8Bytes(s: string): Uint8Array {
  // TextEncoder exists in browsers, Node and edge runtimes; replaces lone surrogates with U+FFFD.
  return new TextEncoder().encode(s);
}

/**
 * SHA-256 of the UTF-8 bytes of a string, as lowercase hex. Synchronous and pure, because the
 * engine (and the server's personal-entry HMAC, which runs inside it) cannot await WebCrypto.
 */
export function sha256Hex(message: string): string {
  let hex = '';
  for (const b of sha256(utf8Bytes(message))) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** SHA-256 (FIPS 180-4) of bytes. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);

  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + t * 4);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15] as number;
      const y = w[t - 2] as number;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) >>> 0;
    }
    let a = h[0] as number;
    let b = h[1] as number;
    let c = h[2] as number;
    let d = h[3] as number;
    let e = h[4] as number;
    let f = h[5] as number;
    let g = h[6] as number;
    let hh = h[7] as number;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + (K[t] as number) + (w[t] as number)) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = ((h[0] as number) + a) >>> 0;
    h[1] = ((h[1] as number) + b) >>> 0;
    h[2] = ((h[2] as number) + c) >>> 0;
    h[3] = ((h[3] as number) + d) >>> 0;
    h[4] = ((h[4] as number) + e) >>> 0;
    h[5] = ((h[5] as number) + f) >>> 0;
    h[6] = ((h[6] as number) + g) >>> 0;
    h[7] = ((h[7] as number) + hh) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((word, i) => outView.setUint32(i * 4, word));
  return out;
}

/** Digits of a phone number without the country code of mainland China (+86, 0086, 86). */
function phoneKey(value: string): string {
  const plus = /^\s*(?:\+|00)/.test(value);
  let digits = value.replace(/[^0-9]/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (plus && digits.startsWith('00')) digits = digits.slice(2);
  if (digits.startsWith('86') && (plus || digits.length === 13)) {
    const rest = digits.slice(2);
    // +86 635 8123456 is a landline written without its trunk 0.
    digits = /^1[3-9]\d{9}$/.test(rest) ? rest : rest.startsWith('0') ? rest : `0${rest}`;
  }
  return digits;
}

/** Host without "www." plus path without trailing slash; no scheme, query or fragment. */
function urlKey(value: string): string {
  let s = value.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  s = s.replace(/[?#].*$/, '');
  s = s.replace(/^www\./, '');
  const slash = s.indexOf('/');
  let host = slash === -1 ? s : s.slice(0, slash);
  const path = slash === -1 ? '' : s.slice(slash);
  host = host.replace(/:(80|443)$/, '').replace(/\.$/, '');
  return (host + path).replace(/\/+$/, '');
}

/**
 * The blocklist match key of an entity (in clear). Phones: digits only, +86/0086/86 stripped,
 * landline area code kept; URLs: lowercase host without www. plus path, no scheme or query;
 * apps, companies, QQ and WeChat ids: lowercase without spaces; accounts and ID cards: digits/X.
 */
export function entityKey(kind: ExposureKind, value: string): string {
  switch (kind) {
    case 'phone':
    case 'person-phone':
      return phoneKey(value);
    case 'url':
      return urlKey(value);
    case 'account':
      return value.replace(/[^0-9a-zA-Z]/g, '').toUpperCase();
    case 'id-card':
      return value.replace(/[^0-9xX]/g, '').toUpperCase();
    case 'qq':
      return value.replace(/[^0-9]/g, '') || value.trim().toLowerCase();
    case 'app':
    case 'wechat':
    case 'company':
      return value.toLowerCase().replace(/\s+/g, '');
    case 'person':
      return value.replace(/\s+/g, '');
  }
}

/**
 * True for kinds that identify a person (names, people's phones, ID and bank card numbers): they
 * are never in a public file and are matched only on the server, with a keyed HMAC and a budget.
 */
export function isPersonalKind(kind: ExposureKind): boolean {
  return PERSONAL_KINDS.includes(kind);
}
