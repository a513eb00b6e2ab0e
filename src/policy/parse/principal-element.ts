/**
 * Principal and NotPrincipal (reference_policies_elements_principal.md, _notprincipal.md): `"*"`
 * or a map from principal type to one value or a list. Read in two steps, as IAM does: the shape
 * (a wrong shape is a syntax error) and then each value (a value that names no possible principal
 * is an "Invalid principal in policy").
 */
import type { Json, PrincipalSpec } from '../types.js';
import { REASON_FORMATS } from './policy-errors.js';

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** A Principal element whose shape is right: `"*"` or lists of strings by type. */
export type PrincipalShape =
  | { readonly wildcard: true }
  | { readonly wildcard: false; readonly entries: readonly { readonly type: PrincipalType; readonly values: readonly string[] }[] };

const TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/**
 * The shape of a Principal value, or undefined when it is not `"*"` or a map of the four principal
 * types to a string or a list of strings. IAM's wording for an unknown principal type or a string
 * other than "*" is not known; they are treated as the syntax errors the grammar makes them.
 */
export function principalShape(value: Json): PrincipalShape | undefined {
  if (value === '*') return { wildcard: true };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries: { type: PrincipalType; values: string[] }[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const type = TYPES.find((t) => t === key);
    if (type === undefined) return undefined;
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : undefined;
    if (values === undefined || !values.every((v): v is string => typeof v === 'string')) return undefined;
    entries.push({ type, values });
  }
  return { wildcard: false, entries };
}

/** How each principal type is written in IAM's "Invalid principal in policy" message. */
const MESSAGE_TYPE: Readonly<Record<PrincipalType, string>> = {
  AWS: 'AWS',
  Service: 'SERVICE',
  Federated: 'FEDERATED',
  CanonicalUser: 'CANONICALUSER',
};

const ACCOUNT_ID = /^\d{12}$/;
/** Partitions a principal ARN may name. */
const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
/** IAM names: letters, digits and `+=,.@_-`; paths of them between slashes. */
const NAME = '[\\w+=,.@-]+';
const PATH = `(/${NAME})*/`;
const AWS_PRINCIPALS: readonly RegExp[] = [
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:root$`),
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user${PATH}${NAME}$`),
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role${PATH}${NAME}$`),
  new RegExp(`^arn:${PARTITION}:sts::\\d{12}:assumed-role/${NAME}/${NAME}$`),
  new RegExp(`^arn:${PARTITION}:sts::\\d{12}:federated-user/${NAME}$`),
  // A principal whose user or role was deleted is shown by its unique ID (principal page).
  /^A(IDA|ROA)[A-Z0-9]{13,}$/,
];
/** Service principals: `service-name.amazonaws.com` (optionally Regional, or `.com.cn`). */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com(\.cn)?$/;
/** Web identity providers named by host in the principal page, and OIDC / SAML provider ARNs. */
const FEDERATED_PRINCIPALS: readonly RegExp[] = [
  /^(cognito-identity\.amazonaws\.com|www\.amazon\.com|graph\.facebook\.com|accounts\.google\.com)$/,
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:oidc-provider/[^\\s*?]+$`),
  new RegExp(`^arn:${PARTITION}:iam::\\d{12}:saml-provider/${NAME}$`),
];
const CANONICAL_USER = /^[0-9a-f]{64}$/;

const VALID: Readonly<Record<PrincipalType, (value: string) => boolean>> = {
  // "*" alone means everyone; a wildcard inside a name or ARN is never allowed.
  AWS: (v) => v === '*' || ACCOUNT_ID.test(v) || AWS_PRINCIPALS.some((re) => re.test(v)),
  Service: (v) => SERVICE_PRINCIPAL.test(v),
  Federated: (v) => FEDERATED_PRINCIPALS.some((re) => re.test(v)),
  CanonicalUser: (v) => CANONICAL_USER.test(v),
};

/**
 * IAM's reason for the first value that names no possible principal, or undefined. Only the form
 * is checked here: whether a named user or role exists is for the caller, which has the accounts
 * (IAM answers the same message for a role that does not exist).
 */
export function principalValueProblem(shape: PrincipalShape): string | undefined {
  if (shape.wildcard) return undefined;
  for (const { type, values } of shape.entries) {
    for (const v of values) if (!VALID[type](v)) return invalidPrincipalMessage(type, v);
  }
  return undefined;
}

/** `Invalid principal in policy: "AWS":"<value>"`, for a principal that is malformed or does not exist. */
export function invalidPrincipalMessage(type: PrincipalType, value: string): string {
  return REASON_FORMATS.invalidPrincipal(MESSAGE_TYPE[type], value);
}

/** Whether the element names no principal at all (an empty map, or only empty lists). */
export function namesNoPrincipal(shape: PrincipalShape): boolean {
  return !shape.wildcard && shape.entries.every((e) => e.values.length === 0);
}

/** Whether the element is exactly "everyone": `"*"` or `{"AWS": "*"}`. */
export function isEveryone(shape: PrincipalShape): boolean {
  if (shape.wildcard) return true;
  const values = shape.entries.flatMap((e) => e.values.map((v) => `${e.type}:${v}`));
  return values.length > 0 && values.every((v) => v === 'AWS:*');
}

/**
 * The normalised form: lists by type, an account ID turned into its root ARN (as IAM stores it),
 * and `"*"` / `{"AWS": "*"}` as `any`.
 */
export function normalizePrincipal(shape: PrincipalShape): PrincipalSpec {
  if (shape.wildcard) return { any: true, aws: [], service: [], federated: [], canonicalUser: [] };
  const byType = (type: PrincipalType): string[] => shape.entries.filter((e) => e.type === type).flatMap((e) => e.values);
  const aws = byType('AWS');
  return {
    any: aws.includes('*'),
    aws: aws.filter((v) => v !== '*').map((v) => (ACCOUNT_ID.test(v) ? `arn:aws:iam::${v}:root` : v)),
    service: byType('Service'),
    federated: byType('Federated'),
    canonicalUser: byType('CanonicalUser'),
  };
}
