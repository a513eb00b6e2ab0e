/**
 * Organizations tags on roots, OUs, accounts and customer managed policies: at most 50 per
 * resource, keys unique in a request, `aws:` keys reserved (InvalidInputException
 * DUPLICATE_TAG_KEY / INVALID_SYSTEM_TAGS_PARAMETER, ConstraintViolationException
 * MAX_TAG_LIMIT_EXCEEDED). Keys compare case-sensitively, as in most AWS services (IAM is the
 * exception); Organizations does not document the case rule.
 */
import type { ContextKeys } from '../../policy/index.js';
import type { OrganizationPolicyType, Tag } from '../../state/records.js';
import { orgErrors } from './org-errors.js';

export const MAX_TAGS = 50;

function requireValidTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) throw orgErrors.invalidInput('INVALID_SYSTEM_TAGS_PARAMETER');
    if (seen.has(tag.Key)) throw orgErrors.invalidInput('DUPLICATE_TAG_KEY');
    seen.add(tag.Key);
  }
}

/** The tags after adding `added`: a key already present takes the new value. */
export function mergeOrgTags(existing: readonly Tag[], added: readonly Tag[]): readonly Tag[] {
  requireValidTags(added);
  const result = [...existing];
  for (const tag of added) {
    const index = result.findIndex((t) => t.Key === tag.Key);
    if (index >= 0) result[index] = tag;
    else result.push(tag);
  }
  if (result.length > MAX_TAGS) throw orgErrors.constraintViolation('MAX_TAG_LIMIT_EXCEEDED');
  return result;
}

export function removeOrgTags(existing: readonly Tag[], keys: readonly string[]): readonly Tag[] {
  const removed = new Set(keys);
  return existing.filter((t) => !removed.has(t.Key));
}

/** `aws:ResourceTag/<key>` for each tag of the resource acted on. */
export function resourceTagKeys(tags: readonly Tag[]): ContextKeys {
  const keys: Record<string, string> = {};
  for (const tag of tags) keys[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  return keys;
}

/** `organizations:PolicyType`. */
export function policyTypeKey(type: OrganizationPolicyType | undefined): ContextKeys {
  return type === undefined ? {} : { 'organizations:PolicyType': type };
}
