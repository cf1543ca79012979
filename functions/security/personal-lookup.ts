/**
 * Personal exposure entries (people's phones, ID and bank card numbers) are matched here, on the
 * server only: never in a public file, not even hashed, because a masked number with few unknown
 * digits is unmasked by hashing every candidate. They are compared by a keyed HMAC, and every
 * look-up a client can trigger spends a per-client and a global budget, so the server cannot be
 * used as an oracle either. Names are shown masked on the board but never looked up: a name alone
 * identifies no one, and confirming one only helps to unmask it.
 *
 * The HMAC key is derived at start from FANZHA_DATA_KEY (HKDF-SHA256, its own label). Tags are
 * kept in memory (notices: computed from content at start) and in `exposures.key` (approved
 * entries), prefixed with a key id; at start, rows tagged under another key are re-tagged from
 * their decrypted values (retagPersonalExposures), so a new data key needs no separate step.
 */
import { entityKey, isPersonalKind, sha256 } from '../../bot/entity-key.ts';
import type { NoticeEntryInput } from '../../bot/knowledge.ts';
import { maskExposureValue } from '../../bot/mask.ts';
import type { BlocklistEntry, PersonalMatcher } from '../../bot/types.ts';
import { ACCOUNT_NUMBER } from '../../site/lib/exposure-values.ts';
import type { ExposureKind } from '../../site/lib/taxonomy.ts';
import type { TokenBuckets } from '../middleware/rate-limit.ts';

const enc = new TextEncoder();

/**
 * HMAC-SHA256 (RFC 2104) over the engine's synchronous SHA-256: the engine matches entries inside
 * its synchronous analyze(), where WebCrypto's promises cannot be awaited.
 */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The look-up HMAC key: HKDF-SHA256 of the data key with its own label, never the key itself. */
export async function derivePersonalLookupKey(dataKey: Uint8Array): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', dataKey as BufferSource, 'HKDF', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: enc.encode('fanzha'),
      info: enc.encode('personal-lookup-hmac-v1'),
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/** Personal kinds a typed value or a message is looked up as (names never are). */
export const LOOKUP_PERSONAL_KINDS: readonly ExposureKind[] = [
  'person-phone',
  'id-card',
  'account',
];

/** The keys a typed query may have as each personal kind: only values that can be one. */
export function personalCandidates(query: string): [ExposureKind, string][] {
  const out: [ExposureKind, string][] = [];
  const phone = entityKey('person-phone', query);
  if (/^1[3-9]\d{9}$|^0\d{9,11}$/.test(phone)) out.push(['person-phone', phone]);
  const id = entityKey('id-card', query);
  if (/^\d{17}[\dX]$|^\d{15}$/.test(id)) out.push(['id-card', id]);
  const account = entityKey('account', query);
  if (ACCOUNT_NUMBER.test(account)) out.push(['account', account]);
  return out;
}

/** Personal entries by HMAC tag: from the content notices and from approved tip-offs. */
export class PersonalIndex {
  /** Names the key a tag was made with, so tags made under an older key can be found. */
  readonly keyId: string;
  private readonly key: Uint8Array;
  private notices = new Map<string, BlocklistEntry[]>();
  private approved = new Map<string, BlocklistEntry[]>();
  private kinds = new Set<ExposureKind>();

  constructor(key: Uint8Array) {
    this.key = key;
    this.keyId = hex(hmacSha256(key, enc.encode('key-id'))).slice(0, 8);
  }

  /** The tag of a personal entry: `hmac:<key id>:<HMAC of kind and entityKey>`. */
  tag(kind: ExposureKind, key: string): string {
    return `hmac:${this.keyId}:${hex(hmacSha256(this.key, enc.encode(`${kind}\u0000${key}`)))}`;
  }

  /** True when `tag` was made with the current key. */
  isCurrent(tag: string): boolean {
    return tag.startsWith(`hmac:${this.keyId}:`);
  }

  /** Indexes the personal entries of the content notices (other kinds are ignored). */
  setNotices(entries: readonly NoticeEntryInput[]): void {
    const map = new Map<string, BlocklistEntry[]>();
    entries.forEach((e, i) => {
      if (!LOOKUP_PERSONAL_KINDS.includes(e.kind)) return;
      const key = entityKey(e.kind, e.value);
      if (key.length < 2) return;
      const entry: BlocklistEntry = {
        kind: e.kind,
        // An opaque id: the public never gets a value, a hash or a tag of a personal entry.
        key: `notice:${i}`,
        display: maskExposureValue(e.kind, e.value),
        source: { ...e.source },
        note: e.note,
      };
      if (e.pattern) entry.pattern = e.pattern;
      // Demo data stays labelled 示例 in the look-up, like the public entries.
      if (e.sample) entry.sample = true;
      add(map, this.tag(e.kind, key), entry);
    });
    this.notices = map;
    this.refreshKinds();
  }

  /** Replaces the approved entries: each with the tag stored in `exposures.key`. */
  setApproved(entries: readonly { tag: string; entry: BlocklistEntry }[]): void {
    const map = new Map<string, BlocklistEntry[]>();
    for (const { tag, entry } of entries) {
      if (LOOKUP_PERSONAL_KINDS.includes(entry.kind)) add(map, tag, entry);
    }
    this.approved = map;
    this.refreshKinds();
  }

  /** True when some entry of `kind` is indexed (a look-up of another kind spends no budget). */
  has(kind: ExposureKind): boolean {
    return this.kinds.has(kind);
  }

  /** Unbudgeted matching, for staff-side uses (the triage of tip-offs) and the budgeted matcher. */
  readonly match: PersonalMatcher = (kind, key) => {
    if (!isPersonalKind(kind) || !this.kinds.has(kind)) return [];
    const tag = this.tag(kind, key);
    return [...(this.notices.get(tag) ?? []), ...(this.approved.get(tag) ?? [])].filter(
      (e) => e.kind === kind,
    );
  };

  private refreshKinds() {
    this.kinds = new Set(
      [...this.notices.values(), ...this.approved.values()].flatMap((l) => l.map((e) => e.kind)),
    );
  }
}

function add(map: Map<string, BlocklistEntry[]>, tag: string, entry: BlocklistEntry) {
  const list = map.get(tag);
  if (list) list.push(entry);
  else map.set(tag, [entry]);
}

/** The budget of personal look-ups: per client address and for the whole service. */
export interface PersonalBudget {
  perClient: TokenBuckets;
  global: TokenBuckets;
}

/**
 * A matcher for one request from `clientIp`: each distinct value it is asked about (as any kind
 * that has entries: an 18-digit number may be an ID or an account) costs one look-up from the
 * client's budget and the global one. Once either is spent it matches nothing more, and
 * `refused()` says so, for the answer to tell the person.
 */
export function budgetedMatcher(
  index: PersonalIndex,
  budget: PersonalBudget | null,
  clientIp: string,
): { match: PersonalMatcher; refused: () => boolean } {
  const paid = new Set<string>();
  let refused = false;
  const match: PersonalMatcher = (kind, key) => {
    if (!index.has(kind)) return [];
    if (!paid.has(key)) {
      if (refused) return [];
      if (budget && (budget.perClient.take(clientIp) > 0 || budget.global.take('personal') > 0)) {
        refused = true;
        return [];
      }
      paid.add(key);
    }
    return index.match(kind, key);
  };
  return { match, refused: () => refused };
}
