import { describe, expect, test } from 'vitest';
import { ascii, jpegSegment, pngChunk, tinyJpeg, tinyPng } from '../../tests/fixtures/images.ts';
import { ImageError, sniffImage, stripImageMetadata } from './image-metadata.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { createPiiCipher, parseDataKey } from './pii-crypto.ts';
import {
  constantTimeEqual,
  generateReceipt,
  hashReceipt,
  importReceiptKey,
  normalizeReceipt,
  RECEIPT_CHARS,
} from './receipt.ts';

describe('receipt codes', () => {
  test('carry at least 128 random bits, grouped for reading aloud', () => {
    const r = generateReceipt();
    expect(r).toMatch(/^FZ(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    expect(RECEIPT_CHARS * 5).toBeGreaterThanOrEqual(128);
    const many = new Set(Array.from({ length: 2000 }, generateReceipt));
    expect(many.size).toBe(2000);
  });
  test('accept the ways people retype them: case, spaces, O for 0, I and L for 1', () => {
    const r = generateReceipt();
    const canonical = normalizeReceipt(r)!;
    expect(normalizeReceipt(r.toLowerCase().replace(/-/g, ' '))).toBe(canonical);
    expect(normalizeReceipt(r.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(canonical);
    expect(normalizeReceipt('FZ-1234')).toBeNull();
    expect(normalizeReceipt('FZ-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU')).toBeNull();
  });
  test('are stored as a keyed hash that differs by key', async () => {
    const k1 = await importReceiptKey(crypto.getRandomValues(new Uint8Array(32)));
    const k2 = await importReceiptKey(crypto.getRandomValues(new Uint8Array(32)));
    const c = normalizeReceipt(generateReceipt())!;
    expect(await hashReceipt(k1, c)).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashReceipt(k1, c)).not.toBe(await hashReceipt(k2, c));
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('personal data encryption', () => {
  test('round-trips, uses a fresh IV, and refuses another record or tampering', async () => {
    const cipher = await createPiiCipher(crypto.getRandomValues(new Uint8Array(32)));
    const a = await cipher.encrypt('13912345678', 'tipoff:1:contact');
    const b = await cipher.encrypt('13912345678', 'tipoff:1:contact');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13912345678');
    expect(await cipher.decrypt(a, 'tipoff:1:contact')).toBe('13912345678');
    await expect(cipher.decrypt(a, 'tipoff:2:contact')).rejects.toThrow();
    const flipped = a.slice(0, -4) + (a.at(-4) === 'A' ? 'B' : 'A') + a.slice(-3);
    await expect(cipher.decrypt(flipped, 'tipoff:1:contact')).rejects.toThrow();
  });
  test('a data key must be 32 bytes of base64', () => {
    expect(() => parseDataKey('c2hvcnQ=')).toThrow(/32/);
    expect(parseDataKey(btoa('x'.repeat(32)))).toHaveLength(32);
  });
});

describe('passwords', () => {
  test('verify only the right password', async () => {
    const h = await hashPassword('correct horse battery', 1000);
    expect(h).toMatch(/^pbkdf2-sha256\$1000\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

// Minimal images with metadata, built by hand.
function jpegWithExif(): Uint8Array {
  return tinyJpeg(
    jpegSegment(0xe1, [...ascii('Exif'), 0, 0, ...ascii('GPS 36.1N 115.7E SECRET')]),
    jpegSegment(0xe1, [...ascii('http://ns.adobe.com/xap/1.0/'), 0, ...ascii('<xmp>SECRET</xmp>')]),
    jpegSegment(0xfe, ascii('comment SECRET')),
  );
}

function pngWithText(): Uint8Array {
  return tinyPng(
    pngChunk('tEXt', [...ascii('Author'), 0, ...ascii('SECRET')]),
    pngChunk('tIME', [7, 232, 1, 1, 0, 0, 0]),
    pngChunk('eXIf', ascii('MM SECRET')),
  );
}
function webpWithExif(): Uint8Array {
  const le = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  const chunk = (cc: string, data: number[]) => [
    ...ascii(cc),
    ...le(data.length),
    ...data,
    ...(data.length & 1 ? [0] : []),
  ];
  const body = [
    ...ascii('WEBP'),
    ...chunk('VP8X', [0x08 | 0x04 | 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    ...chunk('VP8L', [0x2f, 0, 0, 0, 0]),
    ...chunk('EXIF', ascii('SECRET GPS')),
    ...chunk('XMP ', ascii('<x>SECRET</x>')),
  ];
  return new Uint8Array([...ascii('RIFF'), ...le(body.length), ...body]);
}
const text = (b: Uint8Array) => String.fromCharCode(...b);

describe('screenshot checks', () => {
  test('JPEG keeps JFIF and image data, drops Exif, XMP and comments', () => {
    const { mime, bytes } = stripImageMetadata(jpegWithExif());
    expect(mime).toBe('image/jpeg');
    expect(text(bytes)).not.toContain('SECRET');
    expect(text(bytes)).toContain('JFIF');
    expect(Array.from(bytes.slice(-7))).toEqual([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]);
  });
  test('PNG drops text, time and Exif chunks', () => {
    const { mime, bytes } = stripImageMetadata(pngWithText());
    expect(mime).toBe('image/png');
    expect(text(bytes)).not.toContain('SECRET');
    expect(text(bytes)).not.toContain('tIME');
    expect(text(bytes)).toContain('IDAT');
  });
  test('WebP drops EXIF and XMP, clears their flags and fixes the RIFF size', () => {
    const { mime, bytes } = stripImageMetadata(webpWithExif());
    expect(mime).toBe('image/webp');
    expect(text(bytes)).not.toContain('SECRET');
    const size = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24);
    expect(size).toBe(bytes.length - 8);
    expect(bytes[20]! & 0x0c).toBe(0);
    expect(bytes[20]! & 0x10).toBe(0x10);
  });
  test('is decided by content, not by name: HTML or SVG called .png is refused', () => {
    expect(sniffImage(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
    expect(() => stripImageMetadata(new TextEncoder().encode('<html><script>x</script>'))).toThrow(
      ImageError,
    );
    // A real signature with a broken structure is refused too.
    expect(() => stripImageMetadata(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toThrow(
      ImageError,
    );
    expect(() => stripImageMetadata(pngWithText().slice(0, 40))).toThrow(ImageError);
  });
});
