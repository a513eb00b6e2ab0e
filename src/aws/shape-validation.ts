/**
 * Constraint checks of a decoded input against its model shape, reported the way AWS's request
 * validation reports them:
 *
 *   1 validation error detected: Value 'x' at 'userName' failed to satisfy constraint: Member must
 *   have length less than or equal to 64
 *   2 validation errors detected: <violation>; <violation>
 *
 * Paths name members with a lower-case first letter; list elements are `<list>.<n>.member`
 * counted from 1 (e.g. `tags.1.member.key`). A missing required member is `Value null at
 * 'userName' failed to satisfy constraint: Member must not be null`.
 *
 * A list of plain values (strings, numbers) whose elements break their constraints is reported
 * once, on the list, with every constraint of the element shape (recorded IAM replies, e.g.
 * `Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member
 * must have length less than or equal to 255, Member must have length greater than or equal to
 * 1]`). Values of members inside lists are not shown (recorded: `Value at 'tags.1.member.key'`).
 *
 * IAM words these differently (every recorded IAM reply, e.g. test_iam_mfa, test_iam_policies,
 * test_iam_account_password_policy): it never shows the value (`Value at 'versionId'`, also for
 * numbers and top-level strings), says only `Member must satisfy enum value set` without the set,
 * and lists several violations in the iteration order of a Java HashMap keyed by their paths
 * (recorded: minimumPasswordLength; passwordReusePrevention; maxPasswordAge, and clientIDList;
 * thumbprintList; url — neither member nor alphabetical order, both exactly that order).
 *
 * Not known from a recording, and chosen here: the element path inside a map (written
 * `<map>.entry.<n>.key` / `.value`); the order of two violations of one value (pattern before
 * length, as two recordings of other AWS services show); omitting the value of sensitive members,
 * lists, maps and structures ("Value at 'x'"). Outside IAM, whether a list's bracketed constraints
 * end with "Member must not be null" (as IAM's do for required lists) is not known, so it is left out.
 */
import type { LoadedModel, Shape, ShapeRef, StringShape } from './model.js';
import { isWireRecord, type WireValue } from './wire-value.js';

export type ConstraintKind = 'required' | 'pattern' | 'length' | 'range' | 'enum' | 'type' | 'member';

export interface Violation {
  /** AWS's path of the member, e.g. `userName`, `tags.1.member.key`. */
  readonly path: string;
  readonly kind: ConstraintKind;
  /** The pattern, for `pattern` violations (IAM reports name patterns with its own message). */
  readonly pattern?: string;
  /** The whole violation sentence: "Value 'x' at 'userName' failed to satisfy constraint: ...". */
  readonly text: string;
}

/** "1 validation error detected: A" / "2 validation errors detected: A; B". */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map((v) => v.text).join('; ')}`;
}

/** `UserName` → `userName`. */
export function memberPath(parent: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return parent === '' ? name : `${parent}.${name}`;
}

/** How a service words its violations: IAM hides values and enum sets (see above). */
export interface ViolationStyle {
  readonly showValues: boolean;
  readonly showEnumSet: boolean;
}

const STANDARD_STYLE: ViolationStyle = { showValues: true, showEnumSet: true };
const IAM_STYLE: ViolationStyle = { showValues: false, showEnumSet: false };

export function violationStyle(model: LoadedModel): ViolationStyle {
  return model.metadata.endpointPrefix === 'iam' ? IAM_STYLE : STANDARD_STYLE;
}

/**
 * The order IAM reports several violations in: a Java HashMap's iteration order over their paths
 * (bucket `(h ^ h >>> 16) & (size - 1)` of String.hashCode, the table 16 buckets or more at a load
 * factor of 0.75), violations of one bucket in the order they were found.
 */
export function javaHashMapOrder(violations: readonly Violation[]): Violation[] {
  const paths = [...new Set(violations.map((v) => v.path))];
  let size = 16;
  while (paths.length > size * 0.75) size *= 2;
  const bucket = (path: string): number => {
    let h = 0;
    for (let i = 0; i < path.length; i++) h = (Math.imul(31, h) + path.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (size - 1);
  };
  return violations.map((v, i) => ({ v, i, b: bucket(v.path) })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.v);
}

function renderValue(value: WireValue | undefined, shape: Shape, hidden = false, style: ViolationStyle = STANDARD_STYLE): string {
  if (value === undefined) return 'Value null';
  if (shape.sensitive === true || hidden || !style.showValues) return 'Value';
  if (typeof value === 'string') return `Value '${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `Value '${String(value)}'`;
  if (value instanceof Date) return `Value '${value.toISOString()}'`;
  return 'Value';
}

export function violationText(value: WireValue | undefined, shape: Shape, path: string, constraint: string, style: ViolationStyle = STANDARD_STYLE): string {
  return `${renderValue(value, shape, path.includes('.member'), style)} at '${path}' failed to satisfy constraint: ${constraint}`;
}

function enumConstraint(values: readonly string[], style: ViolationStyle): string {
  return style.showEnumSet ? `Member must satisfy enum value set: [${values.join(', ')}]` : 'Member must satisfy enum value set';
}

const compiledPatterns = new Map<string, RegExp | null>();

/**
 * The model's patterns are Java regular expressions matched against the whole value. Those that
 * JavaScript cannot compile are skipped (null) rather than guessed at.
 */
function compilePattern(pattern: string): RegExp | null {
  let re = compiledPatterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    compiledPatterns.set(pattern, re);
  }
  return re;
}

function lengthOf(value: WireValue): number | undefined {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Uint8Array) return value.length;
  if (isWireRecord(value)) return Object.keys(value).length;
  return undefined;
}

function checkString(value: string, shape: StringShape, path: string, out: Violation[], style: ViolationStyle): void {
  if (shape.pattern !== undefined) {
    const re = compilePattern(shape.pattern);
    if (re !== null && !re.test(value)) {
      out.push({
        path,
        kind: 'pattern',
        pattern: shape.pattern,
        text: violationText(value, shape, path, `Member must satisfy regular expression pattern: ${shape.pattern}`, style),
      });
    }
  }
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    out.push({
      path,
      kind: 'enum',
      text: violationText(value, shape, path, enumConstraint(shape.enum, style), style),
    });
  }
}

function checkBounds(value: WireValue, shape: Shape, path: string, out: Violation[], style: ViolationStyle): void {
  const isNumber = typeof value === 'number';
  const measured = isNumber ? value : lengthOf(value);
  if (measured === undefined) return;
  const noun = isNumber ? 'value' : 'length';
  const kind: ConstraintKind = isNumber ? 'range' : 'length';
  if (shape.min !== undefined && measured < shape.min) {
    out.push({
      path,
      kind,
      text: violationText(value, shape, path, `Member must have ${noun} greater than or equal to ${shape.min}`, style),
    });
  }
  if (shape.max !== undefined && measured > shape.max) {
    out.push({
      path,
      kind,
      text: violationText(value, shape, path, `Member must have ${noun} less than or equal to ${shape.max}`, style),
    });
  }
}

/** Strings and numbers: list elements of these are reported on the list as a whole. */
function isPlain(shape: Shape): boolean {
  return shape.type === 'string' || shape.type === 'integer' || shape.type === 'long' || shape.type === 'float' || shape.type === 'double';
}

/** Every constraint of an element shape, in the order AWS lists them: maximum, minimum, pattern, enum. */
function memberConstraints(shape: Shape, style: ViolationStyle): string[] {
  const noun = shape.type === 'string' ? 'length' : 'value';
  const out: string[] = [];
  if (shape.max !== undefined) out.push(`Member must have ${noun} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) out.push(`Member must have ${noun} greater than or equal to ${shape.min}`);
  if (shape.type === 'string' && shape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.type === 'string' && shape.enum !== undefined) out.push(enumConstraint(shape.enum, style));
  return out;
}

/** Check one value (present or not) of one shape; append violations in member order. */
export function validateValue(
  model: LoadedModel,
  ref: ShapeRef,
  value: WireValue | undefined,
  path: string,
  out: Violation[],
  required = false,
): void {
  if (value === undefined) return;
  const shape = model.shape(ref.shape);
  const style = violationStyle(model);
  switch (shape.type) {
    case 'structure': {
      if (!isWireRecord(value)) return;
      const required = new Set(shape.required ?? []);
      for (const [name, memberRef] of Object.entries(shape.members)) {
        const memberValue = value[name];
        const childPath = memberPath(path, name);
        if (memberValue === undefined && required.has(name)) {
          out.push({
            path: childPath,
            kind: 'required',
            text: violationText(undefined, model.shape(memberRef.shape), childPath, 'Member must not be null', style),
          });
          continue;
        }
        validateValue(model, memberRef, memberValue, childPath, out, required.has(name));
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      checkBounds(value, shape, path, out, style);
      const items = value as readonly WireValue[];
      const memberShape = model.shape(shape.member.shape);
      if (isPlain(memberShape)) {
        const broken = items.some((item) => {
          const found: Violation[] = [];
          validateValue(model, shape.member, item, path, found);
          return found.length > 0;
        });
        if (broken) {
          const constraints = memberConstraints(memberShape, style);
          // IAM ends the list with "Member must not be null" when the list itself is required
          // (recorded: UntagPolicy's required TagKeys has it, CreateOpenIDConnectProvider's
          // optional ClientIDList does not).
          if (!style.showEnumSet && required) constraints.push('Member must not be null');
          out.push({ path, kind: 'member', text: violationText(value, shape, path, `Member must satisfy constraint: [${constraints.join(', ')}]`, style) });
        }
        return;
      }
      items.forEach((item, i) => validateValue(model, shape.member, item, `${path}.${i + 1}.member`, out));
      return;
    }
    case 'map': {
      if (!isWireRecord(value)) return;
      checkBounds(value, shape, path, out, style);
      Object.entries(value).forEach(([key, item], i) => {
        validateValue(model, shape.key, key, `${path}.entry.${i + 1}.key`, out);
        validateValue(model, shape.value, item, `${path}.entry.${i + 1}.value`, out);
      });
      return;
    }
    case 'string':
      if (typeof value === 'string') {
        checkString(value, shape, path, out, style);
        checkBounds(value, shape, path, out, style);
      }
      return;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'blob':
      checkBounds(value, shape, path, out, style);
      return;
    case 'boolean':
    case 'timestamp':
      return;
  }
}

/** Check a whole operation input (a structure) and return its violations in member order. */
export function validateInput(model: LoadedModel, inputRef: ShapeRef, input: WireValue): Violation[] {
  const out: Violation[] = [];
  validateValue(model, inputRef, input, '', out);
  return out;
}
