/**
 * Screenshot checks for tip-off attachments: the type is decided by the bytes (magic numbers and a
 * walk over the container structure), never by the file name or the declared content type, and
 * metadata that may locate or identify the citizen (Exif GPS, camera serials, XMP, text chunks,
 * timestamps) is removed. Pure code over Uint8Array, no native image library.
 */

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

/** Recognizes JPEG, PNG and WebP by their first bytes; null for anything else. */
export function sniffImage(b: Uint8Array): ImageMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/** Checks the image's structure and returns it without metadata; throws ImageError if it is not one. */
export function stripImageMetadata(bytes: Uint8Array): { mime: ImageMime; bytes: Uint8Array } {
  const mime = sniffImage(bytes);
  if (mime === 'image/jpeg') return { mime, bytes: stripJpeg(bytes) };
  if (mime === 'image/png') return { mime, bytes: stripPng(bytes) };
  if (mime === 'image/webp') return { mime, bytes: stripWebp(bytes) };
  throw new ImageError('not a JPEG, PNG or WebP image');
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * JPEG: keep APP0 (JFIF) and the image segments; drop APP1–APP15 (Exif, XMP, ICC, Adobe, MPF…)
 * and COM; and end at the first EOI. Whatever follows it (a second JPEG with its own Exif and GPS,
 * a motion photo's video) is not part of the picture and is cut off.
 */
function stripJpeg(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  const EOI = new Uint8Array([0xff, 0xd9]);
  let scanned = false;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new ImageError('broken JPEG segment');
    let marker = b[i + 1];
    // Fill bytes (0xFF padding) may precede a marker.
    while (marker === 0xff) {
      i++;
      marker = b[i + 1];
    }
    if (marker === undefined) throw new ImageError('truncated JPEG');
    if (marker === 0xd9) {
      if (!scanned) throw new ImageError('JPEG without image data');
      parts.push(EOI);
      return concat(parts);
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > b.length) throw new ImageError('truncated JPEG');
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (len < 2 || i + 2 + len > b.length) throw new ImageError('bad JPEG segment length');
    if (marker === 0xda) {
      // Start of scan: its header, then entropy-coded data up to the next marker (a progressive
      // image has several scans, with tables between them).
      const end = endOfScan(b, i + 2 + len);
      parts.push(b.subarray(i, end));
      scanned = true;
      i = end;
      continue;
    }
    const isMetadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
    if (!isMetadata) parts.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  if (!scanned) throw new ImageError('JPEG without image data');
  // Cut short before its EOI (a partly sent file): keep what arrived, properly ended.
  parts.push(EOI);
  return concat(parts);
}

/**
 * Where a scan's entropy-coded data ends: at the next marker. Inside it, 0xFF is followed by 0x00
 * (a stuffed byte), by a restart marker RST0–7, or by more 0xFF fill; anything else is a marker.
 */
function endOfScan(b: Uint8Array, from: number): number {
  for (let j = b.indexOf(0xff, from); j !== -1; j = b.indexOf(0xff, j + 1)) {
    const next = b[j + 1];
    if (next === undefined) return b.length;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return j;
  }
  return b.length;
}

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** PNG: walk the chunks (IHDR first, IEND last) and drop text, Exif and time chunks. */
function stripPng(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  let first = true;
  while (i + 12 <= b.length) {
    const len = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    const type = ascii(b, i + 4, 4);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new ImageError('bad PNG chunk type');
    const end = i + 12 + len;
    if (end > b.length) throw new ImageError('truncated PNG chunk');
    if (first && type !== 'IHDR') throw new ImageError('PNG without IHDR');
    first = false;
    if (!PNG_DROP.has(type)) parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return concat(parts);
  }
  throw new ImageError('PNG without IEND');
}

/** WebP: drop the EXIF and XMP chunks, clear their VP8X flags and fix the RIFF size. */
function stripWebp(b: Uint8Array): Uint8Array {
  const riffSize = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  const end = Math.min(b.length, 8 + riffSize);
  const parts: Uint8Array[] = [];
  let i = 12;
  let hasImage = false;
  while (i + 8 <= end) {
    const fourcc = ascii(b, i, 4);
    const size = (b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24)) >>> 0;
    const next = i + 8 + size + (size & 1);
    if (i + 8 + size > end) throw new ImageError('truncated WebP chunk');
    if (fourcc === 'VP8 ' || fourcc === 'VP8L' || fourcc === 'ANIM') hasImage = true;
    if (fourcc === 'EXIF' || fourcc === 'XMP ') {
      i = next;
      continue;
    }
    const chunk = b.slice(i, Math.min(next, end));
    if (fourcc === 'VP8X' && size >= 1) chunk[8] = chunk[8]! & ~(0x08 | 0x04);
    parts.push(chunk);
    i = next;
  }
  if (!hasImage) throw new ImageError('WebP without image data');
  const body = concat(parts);
  const out = new Uint8Array(12 + body.length);
  out.set(b.subarray(0, 12));
  out.set(body, 12);
  const size = out.length - 8;
  out[4] = size & 0xff;
  out[5] = (size >> 8) & 0xff;
  out[6] = (size >> 16) & 0xff;
  out[7] = (size >>> 24) & 0xff;
  return out;
}
