/**
 * The data key's life in the store: a canary proves at every start that FANZHA_DATA_KEY can read
 * what is stored (a wrong key is refused before it writes a row), and `rotate-key` re-seals every
 * personal field and keyed hash from the old key to the new one, in resumable batches.
 */
import {
  base64ToBytes,
  bytesToBase64,
  createPiiCipher,
  SEALED,
  type PiiCipher,
} from './security/pii-crypto.ts';
import { hashReceiptDigest, importReceiptKey } from './security/receipt.ts';
import { entityKey } from './store/entity-keys.ts';
import { resealAttachment } from './store/sealed-files.ts';
import { DataKeyError, type AttachmentFiles, type DataKeyRow, type Rekey } from './store/types.ts';
import type { TipoffStore } from './store/tipoff-store.ts';

/** How the key's fingerprint is shown to operators: enough to tell keys apart, nothing more. */
export const shortFingerprint = (fp: string) => fp.slice(0, 8);

const ROTATE = 'npm run admin -- rotate-key';
const KEY_CHECK = 'npm run admin -- key-check';

function mismatch(stored: string, mine: string): DataKeyError {
  return new DataKeyError(
    'data_key_mismatch',
    `FANZHA_DATA_KEY 不是这个数据库的数据密钥：库里的数据是用指纹 ${shortFingerprint(stored)} 的密钥加密的，` +
      `当前 FANZHA_DATA_KEY 的指纹是 ${shortFingerprint(mine)}。为了不把举报写在一把读不出旧数据的密钥下，` +
      `服务没有启动，也没有写入任何数据。请把 FANZHA_DATA_KEY 改回原来的密钥（${KEY_CHECK} 可显示密钥指纹）。` +
      `如果是要换新密钥，请停下所有服务进程后运行：FANZHA_DATA_KEY_OLD=原密钥 FANZHA_DATA_KEY=新密钥 ${ROTATE}。`,
  );
}

function unreadable(): DataKeyError {
  return new DataKeyError(
    'data_key_unreadable',
    'FANZHA_DATA_KEY 读不出数据库里已有的举报：它们是用另一把密钥加密的。服务没有启动，也没有写入任何数据。' +
      '请把 FANZHA_DATA_KEY 设为当初加密这些数据的那把密钥。',
  );
}

function rotating(row: DataKeyRow, mine: string, total: number): DataKeyError {
  const next = row.nextFingerprint ?? '';
  const which =
    mine === row.fingerprint ? '旧密钥' : mine === next ? '新密钥' : '这两把之外的另一把密钥';
  return new DataKeyError(
    'data_key_rotating',
    `数据密钥正在更换，还没有完成（已处理 ${row.rotationDone}/${total} 条），服务没有启动。` +
      `当前 FANZHA_DATA_KEY 是${which}（指纹 ${shortFingerprint(mine)}）。请先运行：` +
      `FANZHA_DATA_KEY_OLD=旧密钥（指纹 ${shortFingerprint(row.fingerprint)}） ` +
      `FANZHA_DATA_KEY=新密钥（指纹 ${shortFingerprint(next)}） ${ROTATE}，它会从中断处接着做；` +
      `完成后，所有服务进程都只用新密钥（指纹 ${shortFingerprint(next)}）启动。`,
  );
}

async function canaryReads(cipher: PiiCipher, sealed: string): Promise<boolean> {
  try {
    await cipher.decrypt(sealed, SEALED.canary);
    return true;
  } catch {
    return false;
  }
}

/**
 * The quick check (at start and every minute while running): the stored key is this one, no
 * rotation is under way, and the canary decrypts. Throws DataKeyError otherwise.
 */
export async function checkDataKey(store: TipoffStore, cipher: PiiCipher): Promise<DataKeyRow> {
  const row = await store.getDataKey();
  if (!row) throw unreadable();
  if (row.nextFingerprint !== null)
    throw rotating(row, cipher.fingerprint, await store.countRekeyable());
  if (row.fingerprint !== cipher.fingerprint) throw mismatch(row.fingerprint, cipher.fingerprint);
  if (!(await canaryReads(cipher, row.canaryEnc))) throw unreadable();
  return row;
}

/**
 * Run before the store's first use (TipoffStore.bindDataKey). On a store with no canary yet, the
 * key is adopted only if it reads what is already stored; then the canary is checked, and entity
 * values stored before they were encrypted are sealed under this key.
 */
export async function verifyDataKey(store: TipoffStore, cipher: PiiCipher): Promise<DataKeyRow> {
  if (!(await store.getDataKey())) {
    for (const s of await store.sampleSealed()) {
      try {
        await cipher.decrypt(s.sealed, s.context);
      } catch {
        throw unreadable();
      }
    }
    // Receipts of earlier versions were hashed with this key's receipt key: it is kept, sealed, so
    // they are still found after the data key changes (the codes themselves were never stored).
    const legacy = (await store.countLegacyReceipts()) > 0;
    await store.initDataKey(
      {
        fingerprint: cipher.fingerprint,
        canaryEnc: await cipher.encrypt(crypto.randomUUID(), SEALED.canary),
        legacyReceiptKeyEnc: legacy
          ? await cipher.encrypt(bytesToBase64(cipher.receiptKeyBytes), SEALED.legacyReceiptKey)
          : null,
      },
      new Date().toISOString(),
    );
  }
  const row = await checkDataKey(store, cipher);
  const rekey = await makeRekey(cipher, cipher);
  while ((await store.sealPlainEntities(500, rekey)) > 0);
  return row;
}

/** The receipt key of earlier versions, if the store keeps one (see DataKeyRow.legacyReceiptKeyEnc). */
export async function legacyReceiptKey(
  row: DataKeyRow,
  cipher: PiiCipher,
): Promise<CryptoKey | null> {
  if (!row.legacyReceiptKeyEnc) return null;
  const raw = await cipher.decrypt(row.legacyReceiptKeyEnc, SEALED.legacyReceiptKey);
  return importReceiptKey(base64ToBytes(raw));
}

/** Re-seals from one key to another; with from = to, only seals values stored in clear. */
export async function makeRekey(from: PiiCipher, to: PiiCipher): Promise<Rekey> {
  const receiptKey = await importReceiptKey(to.receiptKeyBytes);
  const reseal = async (sealed: string, context: string) =>
    to.encrypt(await from.decrypt(sealed, context), context);
  return {
    async tipoff(t) {
      const digest =
        t.receiptDigestEnc === null
          ? null
          : await from.decrypt(t.receiptDigestEnc, SEALED.receiptDigest(t.id));
      return {
        // Purged after the retention period: nothing left to re-seal.
        descriptionEnc:
          t.descriptionEnc === '' ? '' : await reseal(t.descriptionEnc, SEALED.description(t.id)),
        contactEnc: t.contactEnc === null ? null : await reseal(t.contactEnc, SEALED.contact(t.id)),
        receiptDigestEnc:
          digest === null ? null : await to.encrypt(digest, SEALED.receiptDigest(t.id)),
        receiptHash: digest === null ? t.receiptHash : await hashReceiptDigest(receiptKey, digest),
      };
    },
    async entity(tipoffId, e) {
      const context = SEALED.entity(tipoffId, e.kind);
      const value = e.valueEnc.startsWith('plain:')
        ? e.valueEnc.slice('plain:'.length)
        : await from.decrypt(e.valueEnc, context);
      return {
        valueEnc: await to.encrypt(value, context),
        key: await to.groupKey(entityKey(e.kind, value)),
      };
    },
    message: (m) => reseal(m.textEnc, SEALED.message(m.id)),
    exposure: (e) => reseal(e.valueEnc, SEALED.exposure(e.kind, e.key)),
  };
}

export interface RotateOptions {
  /** The screenshots (data/uploads), as stored: they are re-sealed before the database rows. */
  files: AttachmentFiles;
  /** Rows per transaction. */
  batch?: number;
  log?: (line: string) => void;
}

/**
 * Moves the store from `oldKey` to `newKey`: first every screenshot file (each replaced whole), then
 * every tip-off's description, contact, receipt hash, entities and messages, then personal exposure
 * entries, each batch one transaction with its progress; the canary moves last. Interrupted, it is run again with the same two keys and goes
 * on from the last committed batch; until it finishes, servers refuse to start with either key.
 */
export async function rotateDataKey(
  store: TipoffStore,
  oldKey: Uint8Array,
  newKey: Uint8Array,
  opts: RotateOptions,
): Promise<void> {
  const log = opts.log ?? console.log;
  const batch = opts.batch ?? 200;
  const from = await createPiiCipher(oldKey);
  const to = await createPiiCipher(newKey);
  if (from.fingerprint === to.fingerprint) {
    throw new DataKeyError(
      'data_key_same',
      'FANZHA_DATA_KEY_OLD 和 FANZHA_DATA_KEY 是同一把密钥：请把新生成的密钥（openssl rand -base64 32）设为 FANZHA_DATA_KEY。',
    );
  }
  // A store never started with a key yet: adopt the old one first, if it reads what is there.
  if (!(await store.getDataKey())) await verifyDataKey(store, from);
  let row = (await store.getDataKey())!;
  const oldMismatch = () =>
    new DataKeyError(
      'data_key_old_mismatch',
      `FANZHA_DATA_KEY_OLD 不是这个数据库现在的密钥：库里的密钥指纹是 ${shortFingerprint(row.fingerprint)}，` +
        `FANZHA_DATA_KEY_OLD 的指纹是 ${shortFingerprint(from.fingerprint)}。请把 FANZHA_DATA_KEY_OLD 设为服务现在用的密钥。`,
    );
  if (row.nextFingerprint === null) {
    if (row.fingerprint === to.fingerprint) {
      log(`数据库已经在用这把新密钥（指纹 ${shortFingerprint(to.fingerprint)}），不需要更换。`);
      return;
    }
    if (row.fingerprint !== from.fingerprint) throw oldMismatch();
    if (!(await canaryReads(from, row.canaryEnc))) throw unreadable();
    row = await store.beginRotation(
      from.fingerprint,
      {
        fingerprint: to.fingerprint,
        canaryEnc: await to.encrypt(crypto.randomUUID(), SEALED.canary),
        legacyReceiptKeyEnc: row.legacyReceiptKeyEnc
          ? await to.encrypt(
              await from.decrypt(row.legacyReceiptKeyEnc, SEALED.legacyReceiptKey),
              SEALED.legacyReceiptKey,
            )
          : null,
      },
      new Date().toISOString(),
    );
    log(
      `开始更换数据密钥：${shortFingerprint(from.fingerprint)} → ${shortFingerprint(to.fingerprint)}。` +
        '中途中断也不会丢数据：用同样的两把密钥再运行一次即可接着做。',
    );
  } else {
    if (row.nextFingerprint !== to.fingerprint) {
      throw new DataKeyError(
        'data_key_rotating_elsewhere',
        `上次没有完成的更换是换到指纹 ${shortFingerprint(row.nextFingerprint)} 的密钥，` +
          `而 FANZHA_DATA_KEY 的指纹是 ${shortFingerprint(to.fingerprint)}。请把 FANZHA_DATA_KEY 设为那把新密钥后再运行。`,
      );
    }
    if (row.fingerprint !== from.fingerprint) throw oldMismatch();
    log(`接着上次中断处继续更换数据密钥（已处理 ${row.rotationDone} 条）。`);
  }
  const names = [...(await store.listStorageNames())];
  let missing = 0;
  for (let i = 0; i < names.length; i++) {
    if ((await resealAttachment(opts.files, names[i]!, from, to)) === 'missing') missing++;
    if ((i + 1) % 100 === 0 || i + 1 === names.length)
      log(`截图：已处理 ${i + 1}/${names.length} 个`);
  }
  if (missing > 0) {
    log(
      `注意：有 ${missing} 个截图文件不在本机的 uploads 目录里，没有重新加密；` +
        '多台服务器时，请把 FANZHA_DATA_DIR/uploads 放在共享存储上，在能看到全部截图的机器上运行。',
    );
  }
  const total = await store.countRekeyable();
  const rekey = await makeRekey(from, to);
  while (row.nextFingerprint !== null) {
    const before = row.rotationDone;
    row = await store.rotateBatch(batch, rekey, new Date().toISOString());
    if (row.rotationDone !== before) log(`已处理 ${row.rotationDone}/${total} 条`);
  }
  log(
    `数据密钥已更换完成，现在的密钥指纹是 ${shortFingerprint(row.fingerprint)}。` +
      '请让所有服务进程只用新的 FANZHA_DATA_KEY 启动，并删去 FANZHA_DATA_KEY_OLD；旧密钥不再需要。',
  );
}
