/**
 * The Condition block (reference_policies_elements_condition.md): operator → key → value or list
 * of values. Operators are read by `parseOperatorName`, once. Values may be strings, numbers or
 * booleans (grammar: "Quotation marks are optional for numeric and Boolean values") and are kept
 * as text.
 */
import type { Json, NormalizedCondition } from '../types.js';
import { parseOperatorName } from '../conditions/operator-name.js';
import { isLegacyDate } from './date-value.js';

/** The block read into one entry per operator × key, or undefined when its shape is wrong. */
export function conditionShape(value: Json): NormalizedCondition[] | undefined {
  if (!isObject(value)) return undefined;
  const out: NormalizedCondition[] = [];
  for (const [operator, keys] of Object.entries(value)) {
    if (!isObject(keys)) return undefined;
    const entries = Object.entries(keys);
    // IAM accepts an operator it does not know only with nothing under it (recorded: `{"x": {}}`
    // is accepted, `{"x": {"a": "1"}}` is a syntax error).
    if (entries.length > 0 && parseOperatorName(operator) === undefined) return undefined;
    for (const [key, raw] of entries) {
      const values = conditionValues(raw);
      if (values === undefined) return undefined;
      out.push({ operator, key, values });
    }
  }
  return out;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function scalarText(value: Json): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function conditionValues(raw: Json): string[] | undefined {
  const one = scalarText(raw);
  if (one !== undefined) return [one];
  if (!Array.isArray(raw)) return undefined;
  const out: string[] = [];
  for (const v of raw) {
    const text = scalarText(v);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

/** Whether IAM's older parser reads every value of the date operators (`Date*`) as a date. */
export function conditionPassesLegacyParsing(condition: NormalizedCondition): boolean {
  const name = parseOperatorName(condition.operator);
  if (name === undefined || !name.base.startsWith('Date')) return true;
  return condition.values.every(isLegacyDate);
}
