/**
 * Validates a policy document as the API that receives it does, and returns it normalised
 * (NormalizedPolicy) or refused with AWS's reason.
 *
 * Checks run in IAM's order, which decides the reason when a document has several faults
 * (reproduced from IAM's recorded answers): JSON and structure ("Syntax errors in policy."), the
 * Version of a managed policy, the older parser's checks ("The policy failed legacy parsing"), Sid
 * rules, Principal rules of the kind, actions present, resource ARN forms, action forms, resources
 * present or prohibited, trust-policy actions, principal values; then the size quota.
 */
import type { Json, NormalizedCondition, NormalizedPolicy, NormalizedStatement, PolicyError, PolicyKind, PolicyVersion } from '../types.js';
import { actionProblem, isTrustPolicyAction } from './action-element.js';
import { conditionPassesLegacyParsing, conditionShape } from './condition-element.js';
import { KIND_RULES } from './kind-rules.js';
import { malformed, ORGANIZATIONS_MESSAGES, REASONS, type PolicyValidationError } from './policy-errors.js';
import { sizeProblem, type SizeContext } from './policy-size.js';
import {
  isEveryone,
  namesNoPrincipal,
  normalizePrincipal,
  principalShape,
  principalValueProblem,
  type PrincipalShape,
} from './principal-element.js';
import { failsLegacyResourceParsing, resourceProblem } from './resource-element.js';
import { parseStrictJson } from './strict-json.js';

/** Where the document goes: decides the Version rule and the size quota. */
export type ValidateOptions = SizeContext;

/** A document checked by IAM's document rules; errors carry IAM's reason. */
export type PolicyCheck = { readonly ok: true; readonly policy: NormalizedPolicy } | { readonly ok: false; readonly error: PolicyError };

/** A document checked as its API receives it: document rules, the API's own error, and the quota. */
export type ValidationResult =
  | { readonly ok: true; readonly policy: NormalizedPolicy }
  | { readonly ok: false; readonly error: PolicyValidationError };

/**
 * Checks a document against IAM's rules for `kind`. The string form is the text as a user sends
 * it (e.g. CreatePolicy's PolicyDocument). Every refusal is a MalformedPolicyDocument with IAM's
 * reason, also for SCPs and RCPs; no size quota is applied. Pass `options` for the answer of the
 * receiving API, with its quota.
 */
export function validatePolicy(document: string | Json, kind: PolicyKind): PolicyCheck;
/**
 * Checks a document as the API that receives it: IAM (MalformedPolicyDocument, LimitExceeded),
 * Organizations for SCPs and RCPs (MalformedPolicyDocumentException with its generic message and
 * IAM's reason beside it; ConstraintViolationException), STS for session policies.
 */
export function validatePolicy(document: string | Json, kind: PolicyKind, options: ValidateOptions): ValidationResult;
export function validatePolicy(
  document: string | Json,
  kind: PolicyKind,
  options?: ValidateOptions,
): PolicyCheck | ValidationResult {
  const rules = KIND_RULES[kind];
  const checked = checkDocument(document, kind, rules.managed || options?.managed === true);
  if (options === undefined) {
    return checked.ok ? { ok: true, policy: checked.policy } : { ok: false, error: malformed(checked.reason) };
  }
  if (!checked.ok) {
    const error: PolicyValidationError =
      rules.surface === 'organizations'
        ? { code: 'MalformedPolicyDocumentException', message: ORGANIZATIONS_MESSAGES.malformed, reason: checked.reason }
        : { code: 'MalformedPolicyDocument', message: checked.reason, reason: checked.reason };
    return { ok: false, error };
  }
  const size = sizeProblem(checked.text, kind, options);
  return size === undefined ? { ok: true, policy: checked.policy } : { ok: false, error: size };
}

type Checked =
  | { readonly ok: true; readonly policy: NormalizedPolicy; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** One statement whose structure is right, before the rules of its content. */
interface ShapedStatement {
  readonly sid: string | undefined;
  readonly effect: string;
  readonly principal: { readonly not: boolean; readonly shape: PrincipalShape } | undefined;
  readonly actions: { readonly not: boolean; readonly values: readonly string[] } | undefined;
  readonly resources: { readonly not: boolean; readonly values: readonly string[] } | undefined;
  readonly condition: readonly NormalizedCondition[];
}

interface ShapedPolicy {
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly ShapedStatement[];
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const VERSIONS: readonly PolicyVersion[] = ['2008-10-17', '2012-10-17'];
const EFFECTS = ['Allow', 'Deny'] as const;
const ALPHANUMERIC = /^[0-9A-Za-z]*$/;

function checkDocument(document: string | Json, kind: PolicyKind, managed: boolean): Checked {
  let value: Json = document;
  let text: string;
  if (typeof document === 'string') {
    const parsed = parseStrictJson(document);
    if (!parsed.ok) return { ok: false, reason: REASONS.syntax };
    value = parsed.value;
    text = document;
  } else {
    text = JSON.stringify(document);
  }
  const shaped = shapePolicy(value);
  if (shaped === undefined) return { ok: false, reason: REASONS.syntax };
  const reason = firstProblem(shaped, kind, managed);
  if (reason !== undefined) return { ok: false, reason };
  return { ok: true, policy: normalize(shaped), text };
}

// ---------------------------------------------------------------------------------------------
// Structure: anything wrong here is "Syntax errors in policy."

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

function shapePolicy(value: Json): ShapedPolicy | undefined {
  if (!isObject(value)) return undefined;
  if (!Object.keys(value).every((k) => TOP_LEVEL.has(k))) return undefined;
  const version = value['Version'];
  if (version !== undefined && !VERSIONS.some((v) => v === version)) return undefined;
  const id = value['Id'];
  if (id !== undefined && typeof id !== 'string') return undefined;
  const statement = value['Statement'];
  const list = Array.isArray(statement) ? statement : isObject(statement) ? [statement] : undefined;
  if (list === undefined || list.length === 0) return undefined;
  const statements: ShapedStatement[] = [];
  for (const s of list) {
    const shaped = shapeStatement(s);
    if (shaped === undefined) return undefined;
    statements.push(shaped);
  }
  return { version: version as PolicyVersion | undefined, id, statements };
}

/** An element that has a positive and a negative form (Action / NotAction, ...); both is a syntax error. */
function either(s: { [key: string]: Json }, name: string): { not: boolean; value: Json } | undefined | 'both' {
  const yes = s[name];
  const no = s[`Not${name}`];
  if (yes !== undefined && no !== undefined) return 'both';
  if (yes !== undefined) return { not: false, value: yes };
  if (no !== undefined) return { not: true, value: no };
  return undefined;
}

function stringList(value: Json): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value;
  return undefined;
}

function shapeStatement(s: Json): ShapedStatement | undefined {
  if (!isObject(s)) return undefined;
  if (!Object.keys(s).every((k) => STATEMENT_ELEMENTS.has(k))) return undefined;
  const sid = s['Sid'];
  if (sid !== undefined && typeof sid !== 'string') return undefined;
  const effect = s['Effect'];
  // Effect is matched case-insensitively here; the exact case is the older parser's check.
  if (typeof effect !== 'string' || !EFFECTS.some((e) => e.toLowerCase() === effect.toLowerCase())) return undefined;

  const principal = either(s, 'Principal');
  const action = either(s, 'Action');
  const resource = either(s, 'Resource');
  if (principal === 'both' || action === 'both' || resource === 'both') return undefined;
  const shape = principal === undefined ? undefined : principalShape(principal.value);
  if (principal !== undefined && shape === undefined) return undefined;
  const actions = action === undefined ? undefined : stringList(action.value);
  if (action !== undefined && actions === undefined) return undefined;
  const resources = resource === undefined ? undefined : stringList(resource.value);
  if (resource !== undefined && resources === undefined) return undefined;
  const rawCondition = s['Condition'];
  const condition = rawCondition === undefined ? [] : conditionShape(rawCondition);
  if (condition === undefined) return undefined;

  return {
    sid,
    effect,
    principal: principal === undefined || shape === undefined ? undefined : { not: principal.not, shape },
    actions: action === undefined || actions === undefined ? undefined : { not: action.not, values: actions },
    resources: resource === undefined || resources === undefined ? undefined : { not: resource.not, values: resources },
    condition,
  };
}

// ---------------------------------------------------------------------------------------------
// Content, in IAM's order.

function firstProblem(p: ShapedPolicy, kind: PolicyKind, managed: boolean): string | undefined {
  const rules = KIND_RULES[kind];
  const all = p.statements;

  if (managed && p.version !== '2012-10-17') return REASONS.version;

  // The older parser: exact Effect, date values, then resource forms.
  for (const s of all) {
    if (s.effect !== 'Allow' && s.effect !== 'Deny') return REASONS.legacyParsing;
    if (!s.condition.every(conditionPassesLegacyParsing)) return REASONS.legacyParsing;
  }
  let resourceReason: string | undefined;
  for (const s of all) {
    const values = s.resources?.values ?? [];
    const problem = values.map(resourceProblem).find((r) => r !== undefined);
    if (problem !== undefined) resourceReason ??= problem;
    else if (values.some(failsLegacyResourceParsing)) return REASONS.legacyParsing;
  }

  if (rules.alphanumericSid && all.some((s) => s.sid !== undefined && !ALPHANUMERIC.test(s.sid))) {
    return REASONS.sidNotAlphanumeric;
  }
  const sids = all.map((s) => s.sid).filter((sid): sid is string => sid !== undefined && sid !== '');
  if (new Set(sids).size !== sids.length) return REASONS.duplicateSid;

  const principalReason = principalPresence(all, rules.principal);
  if (principalReason !== undefined) return principalReason;
  if (rules.notAction !== undefined && all.some((s) => s.actions?.not === true)) return rules.notAction;
  if (rules.allow !== 'any' && all.some((s) => s.effect === 'Allow' && !isFullAccessAllow(s))) return rules.allow.reason;

  if (all.some((s) => s.actions === undefined || s.actions.values.length === 0)) return REASONS.missingActions;
  if (resourceReason !== undefined) return resourceReason;
  // A missing Resource is reported before an action without a vendor (recorded: a statement with
  // only `"Action": "invalid"` is "Policy statement must contain resources.").
  const missingResources = all.some((s) => s.resources === undefined || s.resources.values.length === 0);
  if (rules.resource === 'required' && missingResources) return REASONS.missingResources;
  for (const s of all) {
    const problem = s.actions?.values.map(actionProblem).find((r) => r !== undefined);
    if (problem !== undefined) return problem;
  }

  if (rules.resource !== 'required') {
    for (const s of all) {
      if (s.resources !== undefined) return s.resources.not ? REASONS.trustNotResource : REASONS.trustResource;
    }
  }

  if (rules.trustActions && all.some((s) => !(s.actions?.values ?? []).every(isTrustPolicyAction))) {
    return REASONS.trustActions;
  }

  for (const s of all) {
    if (s.principal === undefined) continue;
    if (rules.principal.rule === 'required' && namesNoPrincipal(s.principal.shape)) return rules.principal.missing;
    const problem = principalValueProblem(s.principal.shape);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function principalPresence(all: readonly ShapedStatement[], rule: (typeof KIND_RULES)[PolicyKind]['principal']): string | undefined {
  for (const s of all) {
    switch (rule.rule) {
      case 'prohibited':
        if (s.principal !== undefined) return rule.reason;
        break;
      case 'required':
        if (s.principal === undefined) return rule.missing;
        if (s.principal.not && rule.notPrincipal !== undefined) return rule.notPrincipal;
        break;
      case 'everyone':
        if (s.principal?.not === true) return rule.notPrincipal;
        if (s.principal === undefined || !isEveryone(s.principal.shape)) return rule.reason;
        break;
    }
  }
  return undefined;
}

/** RCPFullAWSAccess's one statement: Allow everyone every action on every resource, unconditionally. */
function isFullAccessAllow(s: ShapedStatement): boolean {
  const only = (list: { readonly not: boolean; readonly values: readonly string[] } | undefined): boolean =>
    list !== undefined && !list.not && list.values.length === 1 && list.values[0] === '*';
  return s.principal !== undefined && !s.principal.not && isEveryone(s.principal.shape) && only(s.actions) && only(s.resources) && s.condition.length === 0;
}

// ---------------------------------------------------------------------------------------------

function normalize(p: ShapedPolicy): NormalizedPolicy {
  return {
    version: p.version,
    id: p.id,
    statements: p.statements.map(
      (s): NormalizedStatement => ({
        sid: s.sid,
        effect: s.effect === 'Deny' ? 'Deny' : 'Allow',
        actions: s.actions?.values ?? [],
        notAction: s.actions?.not ?? false,
        resources: s.resources?.values,
        notResource: s.resources?.not ?? false,
        principals: s.principal === undefined ? undefined : normalizePrincipal(s.principal.shape),
        notPrincipal: s.principal?.not ?? false,
        condition: s.condition,
      }),
    ),
  };
}
