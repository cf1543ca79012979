/**
 * Grouping keys for tip-off entities, from the engine's one normalization (bot/entity-key.ts), so
 * "+86 138-1234-5678" in one report and "13812345678" in another land in the same group. The kind
 * is part of the key: a QQ number and a phone with the same digits are different things.
 */
import { entityKey as engineKey } from '../../bot/entity-key.ts';
import type { ExposureKind } from '../../site/lib/taxonomy.ts';

export function entityKey(kind: string, value: string): string {
  if (kind === 'other') return `other:${value.trim().toLowerCase().replace(/\s+/g, '')}`;
  return `${kind}:${engineKey(kind as ExposureKind, value)}`;
}
