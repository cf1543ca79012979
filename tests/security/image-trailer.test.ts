/**
 * Issue 9, item 9: metadata after the image data survived. Everything after the first scan was
 * kept, so a second JPEG (with its own Exif and GPS) or a motion photo's video appended after the
 * first EOI went to the moderators as uploaded. Now the file ends at the first image's EOI.
 */
import { describe, expect, test } from 'vitest';
import { stripImageMetadata } from '../../functions/security/image-metadata.ts';
import { ascii, jpegSegment, tinyJpeg } from '../fixtures/images.ts';
import { makeTipoffApp } from '../fixtures/tipoff-app.ts';

const GPS = 'GPS 36.1N 115.7E SECRET';
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** A photo followed by a second, full JPEG with its own Exif (as some phones write). */
const withSecondJpeg = () =>
  new Uint8Array([
    ...tinyJpeg(),
    ...tinyJpeg(jpegSegment(0xe1, [...ascii('Exif'), 0, 0, ...ascii(GPS)])),
  ]);

/** A motion photo: the still image, then a video whose metadata box holds the location. */
const withVideoTrailer = () =>
  new Uint8Array([
    ...tinyJpeg(jpegSegment(0xe1, [...ascii('http://ns.adobe.com/xap/1.0/'), 0, ...ascii('<x/>')])),
    ...[0, 0, 0, 24, ...ascii('ftypmp42'), 0, 0, 0, 0, ...ascii('mp42isom')],
    ...[0, 0, 0, 31, ...ascii('udta'), ...ascii(`©xyz${GPS}`)],
  ]);

/** A progressive JPEG: two scans with a table between them, then EOI and a trailer. */
const progressive = () => {
  const first = tinyJpeg();
  const eoi = first.length - 2;
  return new Uint8Array([
    ...first.subarray(0, eoi),
    ...jpegSegment(0xc4, [0, ...Array<number>(16).fill(0)]),
    ...jpegSegment(0xda, [1, 1, 0, 0, 0x3f, 0]),
    0x77,
    0xff,
    0xd3,
    0x66,
    0xff,
    0xd9,
    ...ascii(`trailer ${GPS}`),
  ]);
};

describe('JPEG data after the first image', () => {
  test.each([
    ['a second JPEG with Exif', withSecondJpeg],
    ['a motion-photo video', withVideoTrailer],
    ['trailing text after a progressive image', progressive],
  ])('%s is cut off at the first EOI', (_, make) => {
    const input = make();
    expect(latin1(input)).toContain('SECRET');
    const { mime, bytes } = stripImageMetadata(input);
    expect(mime).toBe('image/jpeg');
    expect(latin1(bytes)).not.toContain('SECRET');
    expect(latin1(bytes)).not.toContain('ftyp');
    expect(Array.from(bytes.slice(-2))).toEqual([0xff, 0xd9]);
    // The one image stays whole: its scan data (with the stuffed 0xFF00) is all there.
    expect(latin1(bytes)).toContain(latin1(new Uint8Array([0x12, 0x34, 0xff, 0x00, 0x56])));
  });

  test('the progressive image keeps both scans and the table between them', () => {
    const bytes = stripImageMetadata(progressive()).bytes;
    expect(latin1(bytes)).toContain(latin1(new Uint8Array([0x77, 0xff, 0xd3, 0x66, 0xff, 0xd9])));
  });

  test('an uploaded motion photo is stored without its trailer', async () => {
    const t = await makeTipoffApp();
    try {
      const fd = new FormData();
      fd.append('category', 'phone');
      fd.append('description', '骗子发来的照片，我截了图，请民警看看。');
      fd.append('consent', 'on');
      fd.append('screenshots', new Blob([withVideoTrailer() as Uint8Array<ArrayBuffer>]), 'a.jpg');
      expect((await t.app.request('/api/tipoffs', { method: 'POST', body: fd })).status).toBe(201);
      const [row] = (await t.store.listQueue({ page: 1, pageSize: 1, now: new Date() })).items;
      const [a] = await t.store.listAttachments(row!.id);
      const stored = await t.deps.files.read(a!.storageName);
      expect(latin1(stored!)).not.toContain('SECRET');
      expect(Array.from(stored!.slice(-2))).toEqual([0xff, 0xd9]);
    } finally {
      await t.cleanup();
    }
  });
});
