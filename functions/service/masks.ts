/** How staff lists show a citizen's contact and a case's numbers: masked, readable enough to triage. */
import { maskContact, maskContactPhone, maskKeepLast4, maskName } from '../../bot/mask.ts';
import type { TipoffEntityKind } from '../schemas/tipoff.ts';

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
