/**
 * Attachment files for the Node adapter, under data/uploads. A file is written under a temporary
 * name and fsynced before its row is committed, renamed after; so after a crash every file is
 * either named by a row or a temp/orphan that the start-up sweep removes (or, if its row exists,
 * finishes renaming). Names are random ids from the service, checked here before any path use.
 *
 * Several servers may share one data directory, so a temp file names its writer (host and process):
 * the sweep of one server leaves alone the uploads another live server is still saving (removing
 * them once gave a citizen a receipt for a case whose screenshot was gone).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AttachmentFiles } from './types.ts';

const TEMP_SUFFIX = '.part';
const SAFE_NAME = /^[0-9a-z]{16,64}$/;
/** `<name>.<host>-<pid>.part`, or `<name>.part` as written before writers were named. */
const TEMP_NAME = /^([0-9a-z]{16,64})(?:\.([0-9a-f]{8})-(\d{1,10}))?\.part$/;
/**
 * A temp file whose writer cannot be asked (another host, or an unnamed one) is taken as abandoned
 * only after this long: far beyond any request, which saves its rows in one short transaction.
 */
export const ABANDONED_AFTER_MS = 6 * 3600_000;

/** This host, as a short tag (a hostname may hold anything; a hash is safe in a file name). */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

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

/** True unless the process is known to be gone (signal 0 only asks; EPERM: alive, not ours). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

export function openAttachmentFiles(dir: string): AttachmentFiles & { readonly ownerTag: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ownerTag = `${HOST}-${process.pid}`;
  const final = (name: string) => join(dir, checked(name));
  const temp = (name: string) => join(dir, `${checked(name)}.${ownerTag}${TEMP_SUFFIX}`);

  /** Whether a temp file may still be in the hands of a live writer. */
  async function maybeInUse(entry: string, host?: string, pid?: string): Promise<boolean> {
    if (host === HOST && pid !== undefined) return processAlive(Number(pid));
    try {
      return Date.now() - (await stat(join(dir, entry))).mtimeMs < ABANDONED_AFTER_MS;
    } catch {
      return false;
    }
  }

  return {
    ownerTag,
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
      try {
        await rename(temp(name), final(name));
      } catch (err) {
        // Another server's sweep may have finished it first (this row was committed): then the
        // file is there, and that is success. Anything else is an error the caller must see.
        if (
          !isMissing(err) ||
          !(await stat(final(name)).then(
            () => true,
            () => false,
          ))
        )
          throw err;
      }
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
    async cleanOrphans(listKnown) {
      // The directory is read before the rows: a final file is renamed only after its row is
      // committed, so every final file seen here has its row in the list read next.
      const entries = await readdir(dir);
      const known = await listKnown();
      let removed = 0;
      let recovered = 0;
      for (const entry of entries) {
        const t = TEMP_NAME.exec(entry);
        if (t) {
          const name = t[1]!;
          if (await maybeInUse(entry, t[2], t[3])) continue;
          if (known.has(name)) {
            await rename(join(dir, entry), join(dir, name));
            recovered++;
          } else {
            await unlink(join(dir, entry)).catch(() => undefined);
            removed++;
          }
        } else if (!known.has(entry)) {
          await unlink(join(dir, entry)).catch(() => undefined);
          removed++;
        }
      }
      if (removed + recovered > 0) await fsyncDir(dir);
      return { removed, recovered };
    },
  };
}
