/**
 * Screenshots encrypted at rest: wraps the attachment files so each one is sealed with the data key
 * (bound to its random name, so a file copied under another name does not open) when written and
 * opened when read. Files that earlier versions wrote in clear are read as they are, and sealed by
 * the next key rotation.
 */
import { FILE_MAGIC, SEALED, type PiiCipher } from '../security/pii-crypto.ts';
import type { AttachmentFiles } from './types.ts';

const isSealed = (bytes: Uint8Array) => FILE_MAGIC.every((b, i) => bytes[i] === b);

/** The attachment files of the service, sealed with `cipher`. */
export function sealAttachmentFiles(files: AttachmentFiles, cipher: PiiCipher): AttachmentFiles {
  return {
    ...files,
    async writeTemp(name, bytes) {
      await files.writeTemp(name, await cipher.encryptBytes(bytes, SEALED.attachment(name)));
    },
    async read(name) {
      const raw = await files.read(name);
      if (!raw || !isSealed(raw)) return raw;
      return cipher.decryptBytes(raw, SEALED.attachment(name));
    },
  };
}

/**
 * Re-seals one file from `from` to `to` in place: a new temp file, synced, then renamed over the
 * old one, so a crash leaves either the old file or the new, both whole. A file that already opens
 * with `to` (done before an interruption) is left alone, so a resumed rotation just goes on.
 */
export async function resealAttachment(
  files: AttachmentFiles,
  name: string,
  from: PiiCipher,
  to: PiiCipher,
): Promise<'resealed' | 'done' | 'missing'> {
  const raw = await files.read(name);
  if (!raw) return 'missing';
  const context = SEALED.attachment(name);
  if (isSealed(raw)) {
    const already = await to.decryptBytes(raw, context).then(
      () => true,
      () => false,
    );
    if (already) return 'done';
  }
  const plain = isSealed(raw) ? await from.decryptBytes(raw, context) : raw;
  await files.discardTemp(name);
  await files.writeTemp(name, await to.encryptBytes(plain, context));
  await files.commit(name);
  return 'resealed';
}
