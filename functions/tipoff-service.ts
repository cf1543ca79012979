/**
 * The tip-off service (有奖举报): its dependencies, built once at start (store, files, cipher,
 * receipt key, limits, the engine), handed to the routes. What it does lives in functions/service/:
 * submission, the citizen's status, limits, masks, the blocklist, retention.
 */
import type { NoticeEntryInput } from '../bot/knowledge.ts';
import type { BlocklistEntry, PersonalMatcher, Verdict } from '../bot/types.ts';
import { legacyReceiptKey, verifyDataKey } from './data-key.ts';
import { PASSWORD_ITERATIONS } from './security/password.ts';
import {
  budgetedMatcher,
  derivePersonalLookupKey,
  PersonalIndex,
} from './security/personal-lookup.ts';
import { createPiiCipher, type PiiCipher } from './security/pii-crypto.ts';
import { importReceiptKey } from './security/receipt.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './security/session.ts';
import {
  createLimiter,
  DEFAULT_TIPOFF_LIMITS,
  type TipoffLimiter,
  type TipoffLimits,
} from './service/limits.ts';
import { sealAttachmentFiles } from './store/sealed-files.ts';
import type { TipoffStore } from './store/tipoff-store.ts';
import type { AttachmentFiles } from './store/types.ts';

/**
 * The engine, as the tip-off triage uses it: text in, verdict out (knowledge bound by the caller;
 * the service passes its personal-entry matcher).
 */
export type Analyze = (text: string, options?: { matchPersonal?: PersonalMatcher }) => Verdict;

export interface TipoffServiceOptions {
  store: TipoffStore;
  files: AttachmentFiles;
  /** 32-byte data key (FANZHA_DATA_KEY). */
  dataKey: Uint8Array;
  analyze?: Analyze;
  /** false turns rate limits off (tests and benchmarks only). */
  limits?: TipoffLimits | false;
  /** Fixed delay on every receipt look-up, to slow guessing; 0 in tests. Default 300 ms. */
  receiptDelayMs?: number;
  /** Days after closing a case when its contact details and attachments are deleted. */
  retentionDays?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Admin session lifetimes. */
  session?: SessionPolicy;
  /** Delay after a failed login (slows password guessing); default 500 ms. */
  loginDelayMs?: number;
  /** PBKDF2 iterations for the timing-equalizing dummy hash (tests lower it). */
  passwordIterations?: number;
  /** Entries of the content notices; the personal ones are matched by the server (HMAC) only. */
  notices?: readonly NoticeEntryInput[];
}

/** Everything the tip-off functions need; built once by createTipoffService. */
export interface TipoffServiceDeps {
  store: TipoffStore;
  files: AttachmentFiles;
  cipher: PiiCipher;
  receiptKey: CryptoKey;
  /** The receipt key of versions before receipt digests, while their receipts remain (set at start). */
  legacyReceiptKey: CryptoKey | null;
  analyze: Analyze | undefined;
  limiter: TipoffLimiter | null;
  session: SessionPolicy;
  loginDelayMs: number;
  passwordIterations: number;
  receiptDelayMs: number;
  retentionDays: number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Published exposure entries of public kinds as engine blocklist entries; kept fresh. */
  blocklist: { entries: BlocklistEntry[]; loaded: boolean };
  /** Personal entries (notices and published tip-offs), matched by HMAC on the server only. */
  personal: PersonalIndex;
}

export async function createTipoffService(opts: TipoffServiceOptions): Promise<TipoffServiceDeps> {
  const cipher = await createPiiCipher(opts.dataKey);
  const limits = opts.limits === false ? null : (opts.limits ?? DEFAULT_TIPOFF_LIMITS);
  const personal = new PersonalIndex(await derivePersonalLookupKey(opts.dataKey));
  const now = opts.now ?? (() => new Date());
  personal.setNotices(opts.notices ?? []);
  const deps: TipoffServiceDeps = {
    store: opts.store,
    files: sealAttachmentFiles(opts.files, cipher),
    cipher,
    receiptKey: await importReceiptKey(cipher.receiptKeyBytes),
    legacyReceiptKey: null,
    analyze: opts.analyze,
    limiter: limits && createLimiter(limits, now),
    session: opts.session ?? DEFAULT_SESSION_POLICY,
    loginDelayMs: opts.loginDelayMs ?? 500,
    passwordIterations: opts.passwordIterations ?? PASSWORD_ITERATIONS,
    receiptDelayMs: opts.receiptDelayMs ?? 300,
    retentionDays: opts.retentionDays ?? 180,
    now,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    blocklist: { entries: [], loaded: false },
    personal,
  };
  // Before its first use the store proves this key reads what it holds (functions/data-key.ts).
  opts.store.bindDataKey(cipher.fingerprint, async (store) => {
    deps.legacyReceiptKey = await legacyReceiptKey(await verifyDataKey(store, cipher), cipher);
  });
  return deps;
}

/**
 * The personal-entry matcher for one public request from `clientIp`, spending its look-up budget
 * (see budgetedMatcher); `refused()` tells whether the budget ran out.
 */
export function personalMatcherFor(deps: TipoffServiceDeps, clientIp: string) {
  const budget = deps.limiter && {
    perClient: deps.limiter.personalClient,
    global: deps.limiter.personalGlobal,
  };
  return budgetedMatcher(deps.personal, budget, clientIp);
}
