/**
 * IAM tags on users, roles, customer managed policies, instance profiles and identity providers
 * (access_tags.md, reference_iam-quotas.md): at most 50 per resource, keys compared
 * case-insensitively, `aws:` reserved. Lengths and characters are checked by the decoder against
 * the model.
 */
import type { Tag } from '../../state/records.js';
import { iamMessages } from './iam-messages.js';

export const MAX_TAGS = 50;

const lower = (key: string): string => key.toLowerCase();

/**
 * Which resource the tags are for: a managed policy's duplicate keys get the shorter message
 * (recorded: CreatePolicy and TagPolicy answer "Duplicate tag keys found.", CreateRole the one
 * with the note on case).
 */
export type TaggedKind = 'policy' | 'other';

/** Rejects duplicate keys (case-insensitively) and reserved `aws:` keys in one request. */
export function requireValidTags(tags: readonly Tag[], kind: TaggedKind = 'other'): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (lower(tag.Key).startsWith('aws:')) throw iamMessages.reservedTagKey();
    if (seen.has(lower(tag.Key))) throw kind === 'policy' ? iamMessages.duplicatePolicyTagKeys() : iamMessages.duplicateTagKeys();
    seen.add(lower(tag.Key));
  }
}

/** The tags after adding `added`: a key already present (in any case) takes the new value. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[], kind: TaggedKind = 'other'): readonly Tag[] {
  requireValidTags(added, kind);
  const result = [...existing];
  for (const tag of added) {
    const index = result.findIndex((t) => lower(t.Key) === lower(tag.Key));
    if (index >= 0) result[index] = tag;
    else result.push(tag);
  }
  if (result.length > MAX_TAGS) throw iamMessages.tooManyTags();
  return result;
}

/** The tags after removing `keys` (case-insensitively); absent keys are ignored, as IAM does. */
export function removeTags(existing: readonly Tag[], keys: readonly string[]): readonly Tag[] {
  const removed = new Set(keys.map(lower));
  return existing.filter((t) => !removed.has(lower(t.Key)));
}

/** Tags for a new resource: validated, at most 50. */
export function initialTags(tags: readonly Tag[] | undefined, kind: TaggedKind = 'other'): readonly Tag[] {
  return mergeTags([], tags ?? [], kind);
}
