/**
 * Attachment files for the Node adapter, under data/uploads. A file is written under a temporary
 * name and fsynced before its row is committed, renamed after; so after a crash every file is
 * either named by a row or a temp/orphan that the start-up sweep removes (or, if its row exists,
 * finishes renaming). Names are random ids from the service, checked here before any path use.
 */
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentFiles } from './types.ts';

const TEMP_SUFFIX = '.part';
const SAFE_NAME = /^[0-9a-z]{16,64}$/;

function checked(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error('invalid attachment storage name');
  return name;
}

async function fsyncDir(dir: string) {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

export function openAttachmentFiles(dir: string): AttachmentFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const final = (name: string) => join(dir, checked(name));
  const temp = (name: string) => join(dir, checked(name) + TEMP_SUFFIX);
  return {
    async writeTemp(name, bytes) {
      const h = await open(temp(name), 'wx', 0o600);
      try {
        await h.writeFile(bytes);
        await h.sync();
      } finally {
        await h.close();
      }
    },
    async commit(name) {
      await rename(temp(name), final(name));
      await fsyncDir(dir);
    },
    async discardTemp(name) {
      await unlink(temp(name)).catch(() => undefined);
    },
    async read(name) {
      try {
        return new Uint8Array(await readFile(final(name)));
      } catch {
        return null;
      }
    },
    async remove(name) {
      await unlink(final(name)).catch(() => undefined);
    },
    async cleanOrphans(known) {
      let removed = 0;
      let recovered = 0;
      for (const entry of await readdir(dir)) {
        const isTemp = entry.endsWith(TEMP_SUFFIX);
        const name = isTemp ? entry.slice(0, -TEMP_SUFFIX.length) : entry;
        if (isTemp && known.has(name)) {
          await rename(join(dir, entry), join(dir, name));
          recovered++;
        } else if (!known.has(name)) {
          await unlink(join(dir, entry)).catch(() => undefined);
          removed++;
        }
      }
      if (removed + recovered > 0) await fsyncDir(dir);
      return { removed, recovered };
    },
  };
}
