/**
 * Tip-offs (有奖举报), the citizen's side: submit, look up the status by receipt code, add details.
 * Called by the JSON/multipart API (functions/tipoffs.ts) and the no-JS form pages alike, so the
 * limits, checks and encryption live here, not in a route. Throws ApiError with stable codes.
 */
import { entityKey as engineKey, isPersonalKind } from '../bot/entity-key.ts';
import { mergeBlocklist, type NoticeEntryInput } from '../bot/knowledge.ts';
import type { BlocklistEntry, Knowledge, PersonalMatcher, Verdict } from '../bot/types.ts';
import {
  maskContact,
  maskContactPhone,
  maskExposureValue,
  maskKeepLast4,
  maskName,
} from '../bot/mask.ts';
import { EXPOSURE_KINDS } from '../site/lib/taxonomy.ts';
import { ApiError } from './errors.ts';
import type { IncomingAttachment } from './middleware/form-body.ts';
import { fieldErrors } from './middleware/json-body.ts';
import { TokenBuckets, type BucketOptions } from './middleware/rate-limit.ts';
import {
  OPEN_STATUSES,
  TIPOFF_LIMITS,
  TIPOFF_STATUS_LABELS,
  TipoffInfoSchema,
  TipoffInputSchema,
  type TipoffEntityKind,
  type TipoffStatus,
} from './schemas/tipoff.ts';
import { ImageError, stripImageMetadata } from './security/image-metadata.ts';
import {
  DEFAULT_LOGIN_POLICY,
  LoginThrottle,
  type LoginThrottlePolicy,
} from './security/login-throttle.ts';
import { PASSWORD_ITERATIONS } from './security/password.ts';
import {
  budgetedMatcher,
  derivePersonalLookupKey,
  PersonalIndex,
} from './security/personal-lookup.ts';
import { createPiiCipher, SEALED, type PiiCipher } from './security/pii-crypto.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './security/session.ts';
import {
  constantTimeEqual,
  generateReceipt,
  hashReceiptDigest,
  importReceiptKey,
  legacyReceiptHash,
  normalizeReceipt,
  receiptDigest,
} from './security/receipt.ts';
import { legacyReceiptKey, verifyDataKey } from './data-key.ts';
import { entityKey } from './store/entity-keys.ts';
import { sealAttachmentFiles } from './store/sealed-files.ts';
import { newId } from './store/ids.ts';
import type {
  AttachmentFiles,
  EntityRow,
  ExposureRow,
  NewTipoff,
  TipoffRow,
} from './store/types.ts';
import type { TipoffStore } from './store/tipoff-store.ts';

export interface TipoffLimits {
  /** Submissions (and added details), per client address and for the whole service. */
  submit: { perClient: BucketOptions; global: BucketOptions };
  /** Receipt look-ups: slows guessing by any one client and by a botnet as a whole. */
  receipt: { perClient: BucketOptions; global: BucketOptions };
  /** Admin login failures: growing waits per address, per user and address, and per user. */
  login: LoginThrottlePolicy;
  /** Public look-ups of a number (/api/lookup), per client address. */
  lookup: { perClient: BucketOptions; global: BucketOptions };
  /**
   * Look-ups of personal entries (people's phones, ID and card numbers), from /api/lookup and
   * /api/check alike: each distinct value costs one. Small enough that guessing the hidden digits
   * of a masked entry (10⁸ candidates for a phone) is hopeless, large enough for a city's day.
   */
  personal: { perClient: BucketOptions; global: BucketOptions };
}

export const DEFAULT_TIPOFF_LIMITS: TipoffLimits = {
  submit: {
    perClient: { capacity: 5, refillPerSecond: 1 / 120 },
    global: { capacity: 300, refillPerSecond: 10 },
  },
  receipt: {
    perClient: { capacity: 20, refillPerSecond: 1 / 15 },
    global: { capacity: 600, refillPerSecond: 30 },
  },
  login: DEFAULT_LOGIN_POLICY,
  lookup: {
    perClient: { capacity: 60, refillPerSecond: 1 },
    global: { capacity: 2000, refillPerSecond: 500 },
  },
  personal: {
    perClient: { capacity: 20, refillPerSecond: 1 / 120 },
    global: { capacity: 1000, refillPerSecond: 0.2 },
  },
};

/** Multiplies every limit (FANZHA_RATE_LIMIT_SCALE, for load benchmarks only). */
export function scaleLimits(limits: TipoffLimits, factor: number): TipoffLimits {
  const f = Number.isFinite(factor) && factor > 0 ? factor : 1;
  const s = (b: BucketOptions): BucketOptions => ({
    capacity: b.capacity * f,
    refillPerSecond: b.refillPerSecond * f,
  });
  return {
    submit: { perClient: s(limits.submit.perClient), global: s(limits.submit.global) },
    receipt: { perClient: s(limits.receipt.perClient), global: s(limits.receipt.global) },
    login: {
      ...limits.login,
      perClient: { ...limits.login.perClient, free: limits.login.perClient.free * f },
      perUserClient: { ...limits.login.perUserClient, free: limits.login.perUserClient.free * f },
      perUser: { ...limits.login.perUser, free: limits.login.perUser.free * f },
    },
    lookup: { perClient: s(limits.lookup.perClient), global: s(limits.lookup.global) },
    personal: { perClient: s(limits.personal.perClient), global: s(limits.personal.global) },
  };
}

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
  limiter: {
    submitClient: TokenBuckets;
    submitGlobal: TokenBuckets;
    receiptClient: TokenBuckets;
    receiptGlobal: TokenBuckets;
    login: LoginThrottle;
    lookupClient: TokenBuckets;
    lookupGlobal: TokenBuckets;
    personalClient: TokenBuckets;
    personalGlobal: TokenBuckets;
  } | null;
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
    limiter: limits && {
      submitClient: new TokenBuckets(limits.submit.perClient),
      submitGlobal: new TokenBuckets(limits.submit.global, 1),
      receiptClient: new TokenBuckets(limits.receipt.perClient),
      receiptGlobal: new TokenBuckets(limits.receipt.global, 1),
      login: new LoginThrottle(limits.login, () => now().getTime()),
      lookupClient: new TokenBuckets(limits.lookup.perClient),
      lookupGlobal: new TokenBuckets(limits.lookup.global, 1),
      personalClient: new TokenBuckets(limits.personal.perClient),
      personalGlobal: new TokenBuckets(limits.personal.global, 1),
    },
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

export function rateLimited(wait: number): ApiError {
  return new ApiError(
    429,
    'rate_limited',
    '操作太频繁了，请稍等一会儿再试。如果已被骗，请立即拨打110。',
    {
      headers: { 'Retry-After': String(wait) },
    },
  );
}

/**
 * Takes one submission (or added details) for the client and the service; throws 429 when either
 * is out. The routes call it before they read the body, so a client over its limit costs no parse.
 */
export function limitSubmission(deps: TipoffServiceDeps, clientIp: string): void {
  if (!deps.limiter) return;
  const wait = deps.limiter.submitClient.take(clientIp) || deps.limiter.submitGlobal.take('submit');
  if (wait > 0) throw rateLimited(wait);
}

/** The limits a route takes before it reads a body: submissions, receipt look-ups or both. */
export type BodyLimit = 'submit' | 'receipt';

/**
 * Takes the given limits for the client (limitSubmission, limitReceiptLookup); throws 429 when one
 * is out. Routes call it before anything reads the body, so a client over its limit costs no parse.
 */
export function limitBeforeBody(
  deps: TipoffServiceDeps,
  clientIp: string,
  limits: readonly BodyLimit[],
): void {
  if (limits.includes('submit')) limitSubmission(deps, clientIp);
  if (limits.includes('receipt')) limitReceiptLookup(deps, clientIp);
}

/**
 * Takes one receipt look-up for the client and the service (slows guessing by one client and by a
 * botnet as a whole); throws 429 when either is out. Called by the routes before the body is read.
 */
export function limitReceiptLookup(deps: TipoffServiceDeps, clientIp: string): void {
  if (!deps.limiter) return;
  const wait =
    deps.limiter.receiptClient.take(clientIp) || deps.limiter.receiptGlobal.take('receipt');
  if (wait > 0) throw rateLimited(wait);
}

/** Checks and cleans screenshots: count, size, real image type by content, metadata removed. */
export function prepareAttachments(
  attachments: IncomingAttachment[],
): { id: string; storageName: string; mime: string; size: number; bytes: Uint8Array }[] {
  if (attachments.length > TIPOFF_LIMITS.attachmentsMax) {
    throw new ApiError(422, 'too_many_attachments', '最多上传3张截图。');
  }
  return attachments.map((a) => {
    if (a.bytes.length > TIPOFF_LIMITS.attachmentBytesMax) {
      throw new ApiError(413, 'attachment_too_large', '每张截图不能超过5MB，请压缩后再试。');
    }
    let clean: ReturnType<typeof stripImageMetadata>;
    try {
      clean = stripImageMetadata(a.bytes);
    } catch (err) {
      if (!(err instanceof ImageError)) throw err;
      throw new ApiError(422, 'invalid_attachment', '截图只支持 JPG、PNG 或 WebP 格式的图片。');
    }
    return {
      id: newId(),
      storageName: `${newId()}${newId()}`,
      mime: clean.mime,
      size: clean.bytes.length,
      bytes: clean.bytes,
    };
  });
}

/** Writes prepared attachments to temp files, runs `commitRows`, then gives them final names. */
async function storeWithFiles<T>(
  files: AttachmentFiles,
  prepared: { storageName: string; bytes: Uint8Array }[],
  commitRows: () => Promise<T>,
): Promise<T> {
  const written: string[] = [];
  let result: T;
  try {
    for (const p of prepared) {
      await files.writeTemp(p.storageName, p.bytes);
      written.push(p.storageName);
    }
    result = await commitRows();
  } catch (err) {
    await Promise.all(written.map((n) => files.discardTemp(n).catch(() => undefined)));
    throw err;
  }
  // The row is committed: the file is now owed a final name. After a crash here, the start-up sweep
  // finishes it (the row names it). A rename that fails is never swallowed: the citizen must not
  // get a receipt for a case whose screenshot is missing. The error answer says to try again; the
  // row stays, and the sweep gives its file the final name once this process is gone.
  for (const n of written) await files.commit(n);
  return result;
}

/** Entities found by the engine in the description, as grouping rows. */
function extractedEntities(
  verdict: Verdict | undefined,
): { kind: TipoffEntityKind; value: string }[] {
  if (!verdict) return [];
  const e = verdict.entities;
  return [
    // Hotlines and service numbers mentioned in passing ("I called 110") would lump unrelated
    // reports into one group; the citizen's own list still may name them.
    ...e.phones
      .filter((p) => p.kind !== 'service' && p.value.replace(/\D/g, '').length >= 7)
      .map((p) => ({ kind: 'phone' as const, value: p.value })),
    ...e.urls.map((u) => ({ kind: 'url' as const, value: u.value })),
    ...e.bankCards.map((b) => ({ kind: 'account' as const, value: b.value })),
    ...e.accounts.map((a) => ({ kind: a.kind, value: a.value })),
  ];
}

/** The part of a verdict kept with a tip-off for triage (no entity values: they are in rows). */
/** The verdict kept with a tip-off for triage: level, score, pattern, signal labels, listed entries. */
export interface TriageVerdict {
  level: Verdict['level'] | null;
  score: number;
  pattern?: Verdict['pattern'];
  signals?: { id: string; label: string }[];
  listed?: Pick<NonNullable<Verdict['listed']>[number], 'kind' | 'display' | 'source'>[];
}

function triageVerdict(v: Verdict | undefined): TriageVerdict {
  if (!v) return { level: null, score: 0 };
  return {
    level: v.level,
    score: v.score,
    pattern: v.pattern,
    signals: v.signals.map((s) => ({ id: s.id, label: s.label })),
    listed: (v.listed ?? []).map((l) => ({ kind: l.kind, display: l.display, source: l.source })),
  };
}

/**
 * Takes a tip-off: validates (input is the raw JSON or tipoffFromForm's output), checks and cleans
 * screenshots, scores it with the engine, groups it with earlier reports of the same numbers,
 * encrypts personal fields and stores it in one transaction. Returns the receipt code, once only.
 * The caller has taken the submission limit (limitSubmission) before reading the body.
 */
export async function createTipoff(
  deps: TipoffServiceDeps,
  input: unknown,
  attachments: IncomingAttachment[],
): Promise<{ receipt: string }> {
  // Honeypot: a bot filled the hidden field. Answer as if accepted, so it learns nothing; store nothing.
  if (input && typeof input === 'object' && 'website' in input) {
    const w = (input as { website: unknown }).website;
    if (typeof w === 'string' ? w.trim() !== '' : w !== undefined && w !== null) {
      return { receipt: generateReceipt() };
    }
  }
  const parsed = TipoffInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new ApiError(422, 'invalid_input', '有几项填写得不对，请检查。', {
      details: fieldErrors(parsed.error),
    });
  }
  const data = parsed.data;
  const prepared = prepareAttachments(attachments);

  const verdict = runEngine(
    deps,
    [data.description, ...(data.entities ?? []).map((e) => e.value)].join('\n'),
  );
  // Deduplicated by the clear key; stored sealed, grouped by the keyed hash of that key.
  const id = newId();
  const clear = new Map<
    string,
    { kind: TipoffEntityKind; value: string; source: EntityRow['source'] }
  >();
  for (const e of data.entities ?? []) {
    const key = entityKey(e.kind, e.value);
    if (!clear.has(key)) clear.set(key, { kind: e.kind, value: e.value, source: 'citizen' });
  }
  for (const e of extractedEntities(verdict)) {
    const key = entityKey(e.kind, e.value);
    if (!clear.has(key)) clear.set(key, { kind: e.kind, value: e.value, source: 'text' });
  }
  const entities: EntityRow[] = [];
  for (const [key, e] of clear) {
    entities.push({
      kind: e.kind,
      valueEnc: await deps.cipher.encrypt(e.value, SEALED.entity(id, e.kind)),
      key: await deps.cipher.groupKey(key),
      source: e.source,
    });
  }

  const receipt = generateReceipt();
  const digest = await receiptDigest(normalizeReceipt(receipt)!);
  const contact =
    data.contact && (data.contact.name || data.contact.phone || data.contact.other)
      ? data.contact
      : null;
  const row: NewTipoff = {
    id,
    receiptHash: await hashReceiptDigest(deps.receiptKey, digest),
    receiptDigestEnc: await deps.cipher.encrypt(digest, SEALED.receiptDigest(id)),
    category: data.category,
    descriptionEnc: await deps.cipher.encrypt(data.description, SEALED.description(id)),
    entities,
    occurredAt: data.occurredAt ?? null,
    district: data.district ?? null,
    lostMoney: data.lostMoney ?? false,
    contactEnc: contact
      ? await deps.cipher.encrypt(JSON.stringify(contact), SEALED.contact(id))
      : null,
    contactMasked: contact ? maskedContact(contact) : null,
    score: Math.round(verdict?.score ?? 0),
    verdictJson: JSON.stringify(triageVerdict(verdict)),
    createdAt: deps.now().toISOString(),
    attachments: prepared.map(({ id: aid, storageName, mime, size }) => ({
      id: aid,
      storageName,
      mime,
      size,
    })),
  };
  await storeWithFiles(deps.files, prepared, () => deps.store.createTipoff(row));
  return { receipt };
}

function runEngine(deps: TipoffServiceDeps, text: string): Verdict | undefined {
  if (!deps.analyze) return undefined;
  try {
    // Staff-side: moderators see the hits, the citizen never does, so no budget is spent.
    return deps.analyze(text, { matchPersonal: deps.personal.match });
  } catch {
    // Triage is a help, not a gate: a tip-off is never lost because the engine failed.
    return undefined;
  }
}

/** Contact as shown in moderators' lists: 张* · 138****5678. */
export function maskedContact(c: {
  name?: string | undefined;
  phone?: string | undefined;
  other?: string | undefined;
}): string {
  return [
    c.name && maskName(c.name),
    c.phone && maskContact(c.phone),
    c.other && maskContact(c.other),
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A tip-off entity as the moderation queue shows it: numbers, accounts and ids masked (the
 * description may hold the citizen's own phone, and the engine lists every phone it finds); links
 * and app names stay readable for triage. The full values are in the audited case view.
 */
export function maskEntityValue(kind: TipoffEntityKind, value: string): string {
  switch (kind) {
    case 'phone':
      return maskContactPhone(value);
    case 'account':
      return maskKeepLast4(value);
    case 'url':
    case 'app':
      return value;
    default:
      return maskContact(value);
  }
}

/**
 * Finds a tip-off by receipt code: slowed, and compared in constant time (the route has taken the
 * look-up limit, limitReceiptLookup).
 */
async function findByReceipt(deps: TipoffServiceDeps, receipt: string): Promise<TipoffRow | null> {
  if (deps.receiptDelayMs > 0) await deps.sleep(deps.receiptDelayMs);
  const canonical = typeof receipt === 'string' ? normalizeReceipt(receipt) : null;
  if (!canonical) return null;
  const hash = await hashReceiptDigest(deps.receiptKey, await receiptDigest(canonical));
  const row = await deps.store.findTipoffByReceiptHash(hash);
  if (row && constantTimeEqual(row.receiptHash, hash)) return row;
  // Receipts handed out by versions before receipt digests (the store is ready by now, so the
  // legacy key, if any, is loaded).
  if (!deps.legacyReceiptKey) return null;
  const old = await legacyReceiptHash(deps.legacyReceiptKey, canonical);
  const legacy = await deps.store.findTipoffByReceiptHash(old);
  return legacy && constantTimeEqual(legacy.receiptHash, old) ? legacy : null;
}

/** The case that answers for a tip-off: itself, or the one it was merged into. */
async function resolveMerged(deps: TipoffServiceDeps, row: TipoffRow): Promise<TipoffRow> {
  let cur = row;
  for (let hops = 0; cur.mergedInto && hops < 5; hops++) {
    const next = await deps.store.getTipoff(cur.mergedInto);
    if (!next) break;
    cur = next;
  }
  return cur;
}

export interface TipoffPublicStatus {
  status: TipoffStatus;
  statusLabel: string;
  updatedAt: string;
  messages: { at: string; text: string }[];
  canAddInfo: boolean;
}

/** What the citizen may see about their tip-off; null when the receipt matches nothing. */
export async function tipoffStatus(
  deps: TipoffServiceDeps,
  receipt: string,
): Promise<TipoffPublicStatus | null> {
  const own = await findByReceipt(deps, receipt);
  if (!own) return null;
  const current = await resolveMerged(deps, own);
  const messages: { at: string; text: string }[] = [];
  for (const m of await deps.store.listMessages(own.id, true)) {
    if (m.kind === 'citizen-info') {
      messages.push({ at: m.at, text: '已收到您补充的材料。' });
    } else if (m.textEnc) {
      messages.push({ at: m.at, text: await deps.cipher.decrypt(m.textEnc, SEALED.message(m.id)) });
    }
  }
  if (current.id !== own.id) {
    messages.push({ at: own.updatedAt, text: '您的举报与其他群众举报的同一线索已合并处理。' });
  }
  messages.sort((a, b) => a.at.localeCompare(b.at));
  return {
    status: current.status,
    statusLabel: TIPOFF_STATUS_LABELS[current.status],
    updatedAt: current.updatedAt > own.updatedAt ? current.updatedAt : own.updatedAt,
    messages,
    canAddInfo: current.id === own.id && OPEN_STATUSES.includes(own.status),
  };
}

/**
 * Adds the citizen's further details (and up to 3 screenshots) to an open tip-off. The route has
 * taken the submission and look-up limits before reading the body.
 */
export async function addTipoffInfo(
  deps: TipoffServiceDeps,
  receipt: string,
  text: string,
  attachments: IncomingAttachment[],
): Promise<{ ok: true }> {
  const parsedText = TipoffInfoSchema.shape.text.safeParse(text);
  if (!parsedText.success) {
    throw new ApiError(422, 'invalid_input', '有几项填写得不对，请检查。', {
      details: fieldErrors(parsedText.error).map((e) => ({ ...e, field: 'text' })),
    });
  }
  const prepared = prepareAttachments(attachments);
  const row = await findByReceipt(deps, receipt);
  if (!row)
    throw new ApiError(404, 'receipt_not_found', '没有找到这个回执码对应的举报，请核对后再试。');
  if (row.mergedInto || !OPEN_STATUSES.includes(row.status)) {
    throw new ApiError(
      409,
      'tipoff_closed',
      '这条举报已处理完毕，不能再补充材料。如有新情况，请重新举报。',
    );
  }
  const messageId = newId();
  const textEnc = await deps.cipher.encrypt(parsedText.data, SEALED.message(messageId));
  await storeWithFiles(deps.files, prepared, () =>
    deps.store.addCitizenInfo(row.id, {
      messageId,
      textEnc,
      at: deps.now().toISOString(),
      attachments: prepared.map(({ id, storageName, mime, size }) => ({
        id,
        storageName,
        mime,
        size,
      })),
    }),
  );
  return { ok: true };
}

/**
 * An approved exposure entry as the engine's blocklist entry. A personal entry's key is its HMAC
 * tag, which never leaves the server: the entry carries an opaque id instead.
 */
export function exposureToBlocklist(e: ExposureRow): BlocklistEntry {
  const entry: BlocklistEntry = {
    kind: e.kind,
    key: isPersonalKind(e.kind) ? `exposure:${e.id}` : e.key,
    display: e.display,
    note: e.publicNote,
    source: {
      title: `群众举报核实曝光：${EXPOSURE_KINDS[e.kind]}`,
      date: (e.publishedAt ?? e.updatedAt).slice(0, 10),
      href: '/exposure/',
    },
  };
  if (e.pattern) entry.pattern = e.pattern;
  return entry;
}

/**
 * Reloads the published entries (after approvals; at start; every minute): public kinds into the
 * engine's blocklist, personal ones into the HMAC index.
 */
export async function refreshBlocklist(deps: TipoffServiceDeps): Promise<void> {
  const rows = await deps.store.publishedExposures();
  deps.blocklist.entries = rows.filter((e) => !isPersonalKind(e.kind)).map(exposureToBlocklist);
  deps.personal.setApproved(
    rows
      .filter((e) => isPersonalKind(e.kind))
      .map((e) => ({ tag: e.key, entry: exposureToBlocklist(e) })),
  );
  deps.blocklist.loaded = true;
}

/**
 * At start: personal exposure entries whose key is not a tag under the current HMAC key (older
 * rows keyed by a plain SHA-256, or tagged under an earlier data key) get a fresh tag, recomputed
 * from their decrypted value, and their value re-sealed under it. A row that does not decrypt (a
 * wrong FANZHA_DATA_KEY) is left as it is and counted.
 */
export async function retagPersonalExposures(
  deps: TipoffServiceDeps,
): Promise<{ retagged: number; failed: number }> {
  let retagged = 0;
  let failed = 0;
  for (const row of await deps.store.listPersonalExposures()) {
    if (deps.personal.isCurrent(row.key) || !row.valueEnc) continue;
    let value: string;
    try {
      value = await deps.cipher.decrypt(row.valueEnc, SEALED.exposure(row.kind, row.key));
    } catch {
      failed++;
      continue;
    }
    const tag = deps.personal.tag(row.kind, engineKey(row.kind, value));
    const valueEnc = await deps.cipher.encrypt(value, SEALED.exposure(row.kind, tag));
    await deps.store.retagExposure(row.id, row.key, tag, valueEnc);
    retagged++;
  }
  return { retagged, failed };
}

/** The approved entries for the engine's blocklist, synchronously (getKnowledge merges them). */
export function approvedBlocklist(deps: TipoffServiceDeps): BlocklistEntry[] {
  return deps.blocklist.entries;
}

/** Masks an exposure value for the public (re-exported for the routes). */
export { maskExposureValue };

/** Clears contact details and screenshots of cases closed longer than the retention period. */
export async function purgeExpired(deps: TipoffServiceDeps, now: Date = deps.now()) {
  const cutoff = new Date(now.getTime() - deps.retentionDays * 86_400_000).toISOString();
  const res = await deps.store.purgeExpired(cutoff, now.toISOString());
  for (const f of res.files) await deps.files.remove(f).catch(() => undefined);
  return { tipoffs: res.tipoffs, files: res.files.length };
}

/**
 * Wraps the engine's knowledge getter so approved exposure entries join the content notices in the
 * blocklist (mergeBlocklist); the merge is redone only when either side changes.
 */
export function withApprovedEntries(
  getKnowledge: () => Knowledge,
  getDeps: () => TipoffServiceDeps | undefined,
): () => Knowledge {
  let cache: { base: Knowledge; extra: BlocklistEntry[]; merged: Knowledge } | null = null;
  return () => {
    const base = getKnowledge();
    const extra = getDeps()?.blocklist.entries ?? [];
    if (extra.length === 0) return base;
    if (cache?.base !== base || cache.extra !== extra) {
      cache = { base, extra, merged: mergeBlocklist(base, extra) };
    }
    return cache.merged;
  };
}
