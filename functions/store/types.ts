/**
 * The tip-off store's one interface, implemented over SQLite (node:sqlite) and PostgreSQL (postgres)
 * by the same SQL (functions/store/sql-store.ts) through a small driver per database. The store sees
 * personal data only encrypted (the service encrypts before and decrypts after), and never logs.
 */
import { ApiError } from '../errors.ts';
import type { ExposureKind } from '../../site/lib/taxonomy.ts';
import type { TipoffCategory, TipoffEntityKind, TipoffStatus } from '../schemas/tipoff.ts';

export type Role = 'moderator' | 'supervisor';
export type ExposureStatus = 'pending' | 'published' | 'withdrawn';
export type RewardState = 'reward-pending' | 'reward-paid';

/**
 * A tip-off's entity (number, link, account…), value encrypted (SEALED.entity); `key` is the keyed
 * hash of entityKey's output (PiiCipher.groupKey) that groups duplicates.
 */
export interface EntityRow {
  kind: TipoffEntityKind;
  valueEnc: string;
  key: string;
  /** 'citizen' when listed by the citizen, 'text' when found in the description. */
  source: 'citizen' | 'text';
}

export interface AttachmentRow {
  id: string;
  tipoffId: string;
  /** Random file name under data/uploads; never shown to anyone. */
  storageName: string;
  mime: string;
  size: number;
  createdAt: string;
}

export interface NewTipoff {
  id: string;
  receiptHash: string;
  /** The receipt's digest, encrypted: lets a key rotation re-key receiptHash. */
  receiptDigestEnc: string;
  category: TipoffCategory;
  descriptionEnc: string;
  entities: EntityRow[];
  occurredAt: string | null;
  district: string | null;
  lostMoney: boolean;
  contactEnc: string | null;
  /** Masked contact for lists (e.g. 张* 138****5678), computed before storing. */
  contactMasked: string | null;
  score: number;
  /** The engine's verdict, trimmed to level, score, pattern and signal labels (JSON). */
  verdictJson: string;
  createdAt: string;
  attachments: Omit<AttachmentRow, 'tipoffId' | 'createdAt'>[];
}

/** A tip-off as moderators see it (personal fields still encrypted). */
export interface TipoffRow {
  id: string;
  receiptHash: string;
  category: TipoffCategory;
  /** Empty once purged after the retention period. */
  descriptionEnc: string;
  occurredAt: string | null;
  district: string | null;
  lostMoney: boolean;
  contactEnc: string | null;
  contactMasked: string | null;
  hasContact: boolean;
  status: TipoffStatus;
  mergedInto: string | null;
  groupId: string;
  score: number;
  verdictJson: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  purgedAt: string | null;
}

export interface QueueItem extends TipoffRow {
  groupSize: number;
  priority: number;
}

export interface QueueFilter {
  /** A status, 'open' (received, reviewing, need-info; the default) or 'all'. */
  status?: TipoffStatus | 'open' | 'all';
  category?: TipoffCategory;
  district?: string;
  page: number;
  pageSize: number;
  /** For the recency part of the priority. */
  now: Date;
}

export interface MessageRow {
  id: string;
  tipoffId: string;
  at: string;
  author: string;
  kind: 'request-info' | 'citizen-info' | 'note';
  textEnc: string | null;
  public: boolean;
}

export interface RewardRow {
  tipoffId: string;
  state: RewardState;
  amountCents: number | null;
  updatedBy: string;
  updatedAt: string;
}

export interface ExposureRow {
  id: string;
  kind: ExposureKind;
  key: string;
  /** As shown to the public: masked where personal. */
  display: string;
  /** The value in clear for non-personal kinds; null for personal ones (see valueEnc). */
  value: string | null;
  valueEnc: string | null;
  pattern: string | null;
  publicNote: string;
  status: ExposureStatus;
  reportCount: number;
  createdBy: string;
  /** Who proposed the current approval (the first one, or a re-approval after a withdrawal). */
  proposedBy: string;
  confirmedBy: string | null;
  /** Who last took it off the board. */
  withdrawnBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** One exposure entry to create or update on approval (prepared, encrypted, by the service). */
export interface ExposureUpsert extends Pick<
  ExposureRow,
  'kind' | 'key' | 'display' | 'value' | 'valueEnc' | 'pattern' | 'publicNote'
> {
  /** Needs a supervisor's second approval before it is published. */
  needsConfirmation: boolean;
}

export interface AuditRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
}

export interface SessionRow {
  idHash: string;
  userId: string;
  username: string;
  role: Role;
  disabled: boolean;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

/**
 * The store's data key record: the fingerprint and canary of the key everything is sealed with,
 * and, while `npm run admin -- rotate-key` has not finished, the next key's and how far it got.
 */
export interface DataKeyRow {
  fingerprint: string;
  canaryEnc: string;
  nextFingerprint: string | null;
  nextCanaryEnc: string | null;
  /** 'tipoffs' then 'exposures'; null when no rotation is running. */
  rotationStep: 'tipoffs' | 'exposures' | null;
  /** The last id re-keyed in rotationStep. */
  rotationCursor: string | null;
  /** Tip-offs and exposure entries re-keyed so far. */
  rotationDone: number;
  /**
   * The receipt key of versions before receipt digests, sealed (SEALED.legacyReceiptKey): their
   * receipts are found with it whatever the data key is now. Null when there were none.
   */
  legacyReceiptKeyEnc: string | null;
  nextLegacyReceiptKeyEnc: string | null;
}

/** Re-seals one row's fields from one key to another (functions/data-key.ts); the store only writes. */
export interface Rekey {
  /** A receipt without a digest (earlier versions) keeps its hash: see legacyReceiptKeyEnc. */
  tipoff(t: {
    id: string;
    descriptionEnc: string;
    contactEnc: string | null;
    receiptDigestEnc: string | null;
    receiptHash: string;
  }): Promise<{
    descriptionEnc: string;
    contactEnc: string | null;
    receiptDigestEnc: string | null;
    receiptHash: string;
  }>;
  /** `valueEnc` may be `plain:<value>` (written before entity values were encrypted). */
  entity(
    tipoffId: string,
    e: { kind: string; valueEnc: string },
  ): Promise<{
    valueEnc: string;
    key: string;
  }>;
  message(m: { id: string; textEnc: string }): Promise<string>;
  exposure(e: { kind: string; key: string; valueEnc: string }): Promise<string>;
}

/**
 * The data key does not fit the store: another key, none where one is required, or a rotation not
 * finished. People get 503 (as when the database is down); `guidance` tells the operator, naming
 * FANZHA_DATA_KEY, what to do. Nothing is written under a key that cannot read the rest.
 */
export class DataKeyError extends ApiError {
  readonly guidance: string;
  constructor(code: string, guidance: string) {
    super(503, code, '举报系统暂时无法使用，请稍后再试。如果已被骗，请立即拨打110。');
    this.name = 'DataKeyError';
    this.guidance = guidance;
  }
}

export interface Actor {
  username: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Thrown when a record is missing (404) or an action does not fit its state (409, e.g. rejecting
 * an accepted tip-off); the routes answer with its code and Chinese message.
 */
export class StoreError extends ApiError {
  constructor(status: 404 | 409, code: string, message: string) {
    super(status, code, message);
    this.name = 'StoreError';
  }
}

/** The store. Every write is one transaction, with its audit row inside it. */
export interface TipoffStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations (idempotent, safe to run from two processes at once). */
  migrate(): Promise<number[]>;
  close(): Promise<void>;

  // Citizens
  createTipoff(t: NewTipoff): Promise<{ id: string; groupId: string }>;
  findTipoffByReceiptHash(hash: string): Promise<TipoffRow | null>;
  addCitizenInfo(
    id: string,
    info: { messageId: string; textEnc: string; at: string; attachments: NewTipoff['attachments'] },
  ): Promise<void>;

  // Moderators
  getTipoff(id: string): Promise<TipoffRow | null>;
  listEntities(tipoffId: string): Promise<EntityRow[]>;
  /** Entities of several tip-offs at once (a queue page). */
  listEntitiesFor(tipoffIds: string[]): Promise<(EntityRow & { tipoffId: string })[]>;
  listAttachments(tipoffId: string): Promise<AttachmentRow[]>;
  getAttachment(tipoffId: string, attachmentId: string): Promise<AttachmentRow | null>;
  listMessages(tipoffId: string, publicOnly: boolean): Promise<MessageRow[]>;
  /** Other tip-offs in the same duplicate group, and those merged into this one. */
  listRelated(tipoffId: string): Promise<TipoffRow[]>;
  getReward(tipoffId: string): Promise<RewardRow | null>;
  listQueue(filter: QueueFilter): Promise<Page<QueueItem>>;
  markReviewing(id: string, actor: Actor, at: string): Promise<void>;
  rejectTipoff(id: string, actor: Actor, reason: string, at: string): Promise<TipoffRow>;
  requestInfo(
    id: string,
    actor: Actor,
    message: { id: string; textEnc: string },
    at: string,
  ): Promise<TipoffRow>;
  approveTipoff(
    id: string,
    actor: Actor,
    entries: ExposureUpsert[],
    at: string,
  ): Promise<{ tipoff: TipoffRow; exposures: ExposureRow[] }>;
  mergeTipoff(id: string, into: string, actor: Actor, at: string): Promise<TipoffRow>;
  setReward(
    id: string,
    actor: Actor,
    reward: { state: RewardState; amountCents: number | null },
    at: string,
  ): Promise<RewardRow>;
  confirmExposure(id: string, actor: Actor, at: string): Promise<ExposureRow>;
  /** Takes a published entry off the board and the blocklist (a supervisor's correction). */
  withdrawExposure(id: string, actor: Actor, reason: string, at: string): Promise<ExposureRow>;
  audit(entry: Omit<AuditRow, 'id'>): Promise<void>;
  listAudit(opts: { page: number; pageSize: number; target?: string }): Promise<Page<AuditRow>>;

  // Public
  listExposures(opts: {
    page: number;
    pageSize: number;
    kind?: ExposureKind;
    status?: ExposureStatus;
  }): Promise<Page<ExposureRow>>;
  /** Changes whenever the published list changes: for ETags. */
  exposuresVersion(): Promise<string>;
  findExposures(keys: string[]): Promise<ExposureRow[]>;
  getExposure(id: string): Promise<ExposureRow | null>;
  /** Every published entry (for the engine's blocklist). */
  publishedExposures(): Promise<ExposureRow[]>;
  /** Every entry of a personal kind, whatever its status (to re-tag them at start). */
  listPersonalExposures(): Promise<ExposureRow[]>;
  /** Gives a personal entry a new match tag and value sealed under it, if its key is `oldKey`. */
  retagExposure(id: string, oldKey: string, key: string, valueEnc: string): Promise<void>;

  // Users and sessions
  createUser(u: Omit<UserRow, 'id' | 'createdAt' | 'disabled'>, at: string): Promise<UserRow>;
  setPassword(username: string, passwordHash: string): Promise<boolean>;
  getUser(username: string): Promise<UserRow | null>;
  createSession(s: Omit<SessionRow, 'username' | 'role' | 'disabled'>): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | null>;
  touchSession(idHash: string, at: string): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  deleteExpiredSessions(idleBefore: string, createdBefore: string): Promise<number>;

  // The data key (functions/data-key.ts)
  /**
   * Binds the store to this process's data key: before first use (after migrations) it runs
   * `verify` (the canary check), and every write of personal data checks in its own transaction
   * that the stored key is still `fingerprint`, else throws DataKeyError.
   */
  bindDataKey(fingerprint: string, verify: (store: TipoffStore) => Promise<void>): void;
  getDataKey(): Promise<DataKeyRow | null>;
  /** Stores the first key record unless one exists (another process may win); returns the stored one. */
  initDataKey(
    key: { fingerprint: string; canaryEnc: string; legacyReceiptKeyEnc: string | null },
    at: string,
  ): Promise<DataKeyRow>;
  /** A few stored ciphertexts with their contexts, to prove a key can read them before adopting it. */
  sampleSealed(): Promise<{ sealed: string; context: string }[]>;
  /** Tip-offs whose receipt hash predates receipt digests (hashed with the legacy receipt key). */
  countLegacyReceipts(): Promise<number>;
  /** Tip-offs and personal exposure entries: what a rotation re-keys. */
  countRekeyable(): Promise<number>;
  /** Encrypts up to `limit` entities still stored `plain:`; returns how many it did. */
  sealPlainEntities(limit: number, rekey: Rekey): Promise<number>;
  /** Starts a rotation from `from` to `next` (the stored key must be `from`, with none running). */
  beginRotation(
    from: string,
    next: { fingerprint: string; canaryEnc: string; legacyReceiptKeyEnc: string | null },
    at: string,
  ): Promise<DataKeyRow>;
  /**
   * Re-keys the next `limit` rows of the running rotation in one transaction with its progress;
   * when none are left, moves the canary to the new key (last). Returns the record after.
   */
  rotateBatch(limit: number, rekey: Rekey, at: string): Promise<DataKeyRow>;

  // Retention
  /**
   * Deletes, for cases closed before `cutoff`: contact details, the description, entities (and
   * grouping keys no other report uses), the citizen's added text and attachments; returns files
   * to delete.
   */
  purgeExpired(cutoff: string, at: string): Promise<{ tipoffs: number; files: string[] }>;
  /** Every attachment's storage name, for cleaning orphan files at start. */
  listStorageNames(): Promise<Set<string>>;
  countTipoffs(): Promise<number>;
}

/** Where attachment bytes live (data/uploads for the Node adapter). Names are random, never user input. */
export interface AttachmentFiles {
  /** Writes the bytes under a temporary name and syncs them to disk. */
  writeTemp(name: string, bytes: Uint8Array): Promise<void>;
  /** Gives a temp file its final name, once its row is committed; syncs the directory; throws if it fails. */
  commit(name: string): Promise<void>;
  /** Removes a temp file whose row was never committed. */
  discardTemp(name: string): Promise<void>;
  read(name: string): Promise<Uint8Array | null>;
  remove(name: string): Promise<void>;
  /**
   * At start: finishes commits whose row exists (crash between commit and rename), removes temp
   * files and files without a row, but never a temp file another live server is still writing.
   * `listKnown` (the storage names of all rows) is read after the directory.
   */
  cleanOrphans(
    listKnown: () => Promise<Set<string>>,
  ): Promise<{ removed: number; recovered: number }>;
}
