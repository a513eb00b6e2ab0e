/**
 * The IAM-specific condition keys an operation supplies (reference_policies_iam-condition-keys.md,
 * access_tags.md): `aws:RequestTag/<key>` and `aws:TagKeys` for tags in the request,
 * `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>` for the tags of the user, role or policy
 * acted on, `iam:PermissionsBoundary` and `iam:PolicyARN`.
 */
import type { ContextKeys } from '../../policy/index.js';
import type { Tag } from '../../state/records.js';

/** `aws:RequestTag/<key>` for each tag and `aws:TagKeys` for the set of keys. */
export function requestTagKeys(tags: readonly Tag[] | undefined): ContextKeys {
  if (tags === undefined || tags.length === 0) return {};
  const keys: Record<string, string | readonly string[]> = {};
  for (const tag of tags) keys[`aws:RequestTag/${tag.Key}`] = tag.Value;
  keys['aws:TagKeys'] = tags.map((t) => t.Key);
  return keys;
}

/** `aws:TagKeys` alone (Untag*). */
export function tagKeysKey(tagKeys: readonly string[]): ContextKeys {
  return tagKeys.length === 0 ? {} : { 'aws:TagKeys': tagKeys };
}

/** `aws:ResourceTag/<key>` and `iam:ResourceTag/<key>` for each tag of the resource acted on. */
export function resourceTagKeys(tags: readonly Tag[] | undefined): ContextKeys {
  const keys: Record<string, string> = {};
  for (const tag of tags ?? []) {
    keys[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    keys[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return keys;
}

/** `iam:PermissionsBoundary`: the boundary the request sets, or the one the principal has. */
export function permissionsBoundaryKey(boundaryArn: string | undefined): ContextKeys {
  return boundaryArn === undefined ? {} : { 'iam:PermissionsBoundary': boundaryArn };
}

/** `iam:PolicyARN`: the managed policy attached or detached. */
export function policyArnKey(policyArn: string): ContextKeys {
  return { 'iam:PolicyARN': policyArn };
}

export function mergeKeys(...parts: readonly ContextKeys[]): ContextKeys {
  return Object.assign({}, ...parts) as ContextKeys;
}
