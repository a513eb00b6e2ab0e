/**
 * Typed reads of a decoded IAM request. The Query decoder has already checked the model's
 * constraints (required members, lengths, patterns, ranges), so these only narrow the types; a
 * missing required member here means the caller bypassed the decoder.
 */
import { awsErrors } from '../../aws/aws-error.js';
import { isWireRecord, type WireRecord } from '../../aws/wire-value.js';
import type { Tag } from '../../state/records.js';

/** The decoder reports missing members as `Value null at 'userName' failed to satisfy constraint`. */
function missing(member: string): never {
  const param = member.charAt(0).toLowerCase() + member.slice(1);
  throw awsErrors.validation(
    `1 validation error detected: Value null at '${param}' failed to satisfy constraint: Member must not be null`,
  );
}

export function requiredString(input: WireRecord, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') return missing(member);
  return value;
}

export function optionalString(input: WireRecord, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

export function optionalNumber(input: WireRecord, member: string): number | undefined {
  const value = input[member];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

export function optionalBoolean(input: WireRecord, member: string): boolean | undefined {
  const value = input[member];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

export function stringList(input: WireRecord, member: string): readonly string[] | undefined {
  const value = input[member];
  if (!Array.isArray(value)) return undefined;
  return (value as readonly unknown[]).filter((v): v is string => typeof v === 'string');
}

/** `Tags.member.N.Key` / `.Value` as `{ Key, Value }`; a missing value is the empty string. */
export function tagList(input: WireRecord, member = 'Tags'): readonly Tag[] | undefined {
  const value = input[member];
  if (!Array.isArray(value)) return undefined;
  const tags: Tag[] = [];
  for (const item of value as readonly unknown[]) {
    if (!isWireRecord(item as WireRecord)) continue;
    const record = item as WireRecord;
    const key = record.Key;
    if (typeof key !== 'string') continue;
    const v = record.Value;
    tags.push({ Key: key, Value: typeof v === 'string' ? v : '' });
  }
  return tags;
}
