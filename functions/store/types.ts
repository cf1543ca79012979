/**
 * The tip-off store's rows and errors (the store itself: tipoff-store.ts). The store sees personal
 * data only encrypted (the service encrypts before and decrypts after), and never logs.
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
