/**
 * Match keys for tip-off entities (grouping duplicates) and exposure entries (the engine's
 * blocklist). Provisional normalization until bot/entity-key.ts lands; then this re-exports it so
 * the store, the lookup and the engine share one key.
 */

/** Normalized key: phones as bare digits (no +86), links without scheme or trailing slash, ids lower-case. */
export function entityKey(kind: string, value: string): string {
  const v = value.trim();
  switch (kind) {
    case 'phone':
    case 'person-phone': {
      const d = v.replace(/[^\d+]/g, '').replace(/^(?:\+?86)(?=1\d{10}$)/, '');
      return `${kind === 'phone' ? 'phone' : kind}:${d}`;
    }
    case 'url':
      return `url:${v.toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '')}`;
    case 'account':
    case 'id-card':
      return `${kind}:${v.replace(/\s+/g, '').toUpperCase()}`;
    case 'qq':
      return `qq:${v.replace(/\D/g, '')}`;
    default:
      return `${kind}:${v.toLowerCase().replace(/\s+/g, '')}`;
  }
}
