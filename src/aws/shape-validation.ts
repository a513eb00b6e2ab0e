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
 * Not known from a recording, and chosen here: the element path inside a map (written
 * `<map>.entry.<n>.key` / `.value`); the order of two violations of one value (pattern before
 * length, as two recordings of other AWS services show); omitting the value of sensitive members,
 * lists, maps and structures ("Value at 'x'"). Some recorded list messages end the bracketed list
 * with "Member must not be null" (IAM's tagKeys) and others do not (IAM's clientIDList); the model
 * does not say which, so it is left out.
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

function renderValue(value: WireValue | undefined, shape: Shape, hidden = false): string {
  if (value === undefined) return 'Value null';
  if (shape.sensitive === true || hidden) return 'Value';
  if (typeof value === 'string') return `Value '${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return `Value '${String(value)}'`;
  if (value instanceof Date) return `Value '${value.toISOString()}'`;
  return 'Value';
}

export function violationText(value: WireValue | undefined, shape: Shape, path: string, constraint: string): string {
  return `${renderValue(value, shape, path.includes('.member'))} at '${path}' failed to satisfy constraint: ${constraint}`;
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

function checkString(value: string, shape: StringShape, path: string, out: Violation[]): void {
  if (shape.pattern !== undefined) {
    const re = compilePattern(shape.pattern);
    if (re !== null && !re.test(value)) {
      out.push({
        path,
        kind: 'pattern',
        pattern: shape.pattern,
        text: violationText(value, shape, path, `Member must satisfy regular expression pattern: ${shape.pattern}`),
      });
    }
  }
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    out.push({
      path,
      kind: 'enum',
      text: violationText(value, shape, path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`),
    });
  }
}

function checkBounds(value: WireValue, shape: Shape, path: string, out: Violation[]): void {
  const isNumber = typeof value === 'number';
  const measured = isNumber ? value : lengthOf(value);
  if (measured === undefined) return;
  const noun = isNumber ? 'value' : 'length';
  const kind: ConstraintKind = isNumber ? 'range' : 'length';
  if (shape.min !== undefined && measured < shape.min) {
    out.push({
      path,
      kind,
      text: violationText(value, shape, path, `Member must have ${noun} greater than or equal to ${shape.min}`),
    });
  }
  if (shape.max !== undefined && measured > shape.max) {
    out.push({
      path,
      kind,
      text: violationText(value, shape, path, `Member must have ${noun} less than or equal to ${shape.max}`),
    });
  }
}

/** Strings and numbers: list elements of these are reported on the list as a whole. */
function isPlain(shape: Shape): boolean {
  return shape.type === 'string' || shape.type === 'integer' || shape.type === 'long' || shape.type === 'float' || shape.type === 'double';
}

/** Every constraint of an element shape, in the order AWS lists them: maximum, minimum, pattern, enum. */
function memberConstraints(shape: Shape): string[] {
  const noun = shape.type === 'string' ? 'length' : 'value';
  const out: string[] = [];
  if (shape.max !== undefined) out.push(`Member must have ${noun} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) out.push(`Member must have ${noun} greater than or equal to ${shape.min}`);
  if (shape.type === 'string' && shape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.type === 'string' && shape.enum !== undefined) out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  return out;
}

/** Check one value (present or not) of one shape; append violations in member order. */
export function validateValue(
  model: LoadedModel,
  ref: ShapeRef,
  value: WireValue | undefined,
  path: string,
  out: Violation[],
): void {
  if (value === undefined) return;
  const shape = model.shape(ref.shape);
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
            text: violationText(undefined, model.shape(memberRef.shape), childPath, 'Member must not be null'),
          });
          continue;
        }
        validateValue(model, memberRef, memberValue, childPath, out);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      checkBounds(value, shape, path, out);
      const items = value as readonly WireValue[];
      const memberShape = model.shape(shape.member.shape);
      if (isPlain(memberShape)) {
        const broken = items.some((item) => {
          const found: Violation[] = [];
          validateValue(model, shape.member, item, path, found);
          return found.length > 0;
        });
        if (broken) {
          const constraints = memberConstraints(memberShape);
          out.push({ path, kind: 'member', text: violationText(value, shape, path, `Member must satisfy constraint: [${constraints.join(', ')}]`) });
        }
        return;
      }
      items.forEach((item, i) => validateValue(model, shape.member, item, `${path}.${i + 1}.member`, out));
      return;
    }
    case 'map': {
      if (!isWireRecord(value)) return;
      checkBounds(value, shape, path, out);
      Object.entries(value).forEach(([key, item], i) => {
        validateValue(model, shape.key, key, `${path}.entry.${i + 1}.key`, out);
        validateValue(model, shape.value, item, `${path}.entry.${i + 1}.value`, out);
      });
      return;
    }
    case 'string':
      if (typeof value === 'string') {
        checkString(value, shape, path, out);
        checkBounds(value, shape, path, out);
      }
      return;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'blob':
      checkBounds(value, shape, path, out);
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
