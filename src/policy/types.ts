/**
 * The policy language's types: raw documents as users write them, the compiled form the evaluator
 * runs, the request context it decides on, and the decision with its reasons.
 *
 * The engine is pure: no I/O, no clock. Time reaches it only as `aws:CurrentTime` /
 * `aws:EpochTime` in the request context.
 */

/** The kinds of policy document IAM and Organizations accept; each has its own validation rules. */
export type PolicyKind =
  | 'identity' // inline or managed policy attached to a user, group or role
  | 'resource' // resource-based policy (bucket policy, key policy, ...)
  | 'trust' // role trust policy (AssumeRolePolicyDocument)
  | 'boundary' // permissions boundary (a managed policy used as boundary)
  | 'scp' // Organizations service control policy
  | 'rcp' // Organizations resource control policy
  | 'session' // session policy passed to AssumeRole* / GetFederationToken
  | 'key' // AWS KMS key policy (a resource-based policy that must itself allow)
  | 'vpc-endpoint'; // VPC endpoint policy (applies to requests made through the endpoint)

export const POLICY_KINDS: readonly PolicyKind[] = [
  'identity',
  'resource',
  'trust',
  'boundary',
  'scp',
  'rcp',
  'session',
  'key',
  'vpc-endpoint',
];

export type Effect = 'Allow' | 'Deny';
export type PolicyVersion = '2012-10-17' | '2008-10-17';

/** A JSON value as parsed from a policy document. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values of one condition key in a request: a single value or a set (multivalued key). */
export type ContextValue = string | readonly string[];

/**
 * The condition keys of one request, by name. Names are matched case-insensitively (including the
 * tag-key part of `aws:PrincipalTag/<key>`); values are AWS's string forms ("true", "42",
 * ISO 8601 / epoch dates, IP addresses, ARNs). A key that is absent is simply not in the record.
 */
export type ContextKeys = Readonly<Record<string, ContextValue>>;

/** What kind of principal made the request; decides how resource-based policies combine. */
export type PrincipalType =
  | 'root' // the account root user
  | 'user' // an IAM user (long-term credentials)
  | 'assumed-role' // an IAM role session (AssumeRole*, including web identity and SAML)
  | 'federated-user' // a GetFederationToken session
  | 'service' // an AWS service principal (e.g. ec2.amazonaws.com)
  | 'anonymous'; // unauthenticated

export interface RequestPrincipal {
  readonly type: PrincipalType;
  /**
   * The ARN that appears in access-denied messages and that `Principal` elements match:
   * `arn:aws:iam::123456789012:root`, `arn:aws:iam::123456789012:user/path/name`,
   * `arn:aws:sts::123456789012:assumed-role/RoleName/session`,
   * `arn:aws:sts::123456789012:federated-user/name`, for a service its name
   * (`ec2.amazonaws.com`), and `anonymous` for unauthenticated callers.
   */
  readonly arn: string;
  /** The principal's account (absent for service principals and anonymous callers). */
  readonly accountId?: string;
  /**
   * For sessions, the IAM identity the session was made from: the role ARN (with its path) for
   * `assumed-role`, the IAM user ARN for `federated-user`. Resource-based policies that name this
   * ARN grant to the identity, not to the session (and so are limited by boundaries and session
   * policies).
   */
  readonly identityArn?: string;
  /** For web-identity / SAML sessions: the provider ARN or name that `Federated` matches. */
  readonly federatedProvider?: string;
  /** Canonical user ID, matched by `CanonicalUser`. */
  readonly canonicalUser?: string;
}

/** One authorization request. */
export interface RequestContext {
  readonly principal: RequestPrincipal;
  /** `service:Action`, e.g. `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, or `*` when the action does not act on a resource. */
  readonly resource: string;
  /** The account that owns the resource; when it differs from the principal's, the request is cross-account. */
  readonly resourceAccount?: string;
  /** Condition keys: global (`aws:*`) and service-specific. */
  readonly context: ContextKeys;
}

// ---------------------------------------------------------------------------------------------
// Validation

/** A document IAM rejects: `MalformedPolicyDocument` with one of IAM's reason strings. */
export interface PolicyError {
  readonly code: 'MalformedPolicyDocument';
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly policy: CompiledPolicy }
  | { readonly ok: false; readonly error: PolicyError };

// ---------------------------------------------------------------------------------------------
// Compiled form

/** Where a policy came from, for reasons and messages. */
export interface PolicySource {
  readonly kind: PolicyKind;
  /** A name for people: the managed policy ARN, `user/alice:inline-name`, `trust policy of role/x`... */
  readonly id: string;
}

/**
 * A compiled policy, as made by `parsePolicy`: what it says, statement by statement. The matchers
 * the evaluator runs are internal to the engine (`compiled.ts`); a policy from `parsePolicy` is
 * the only kind `evaluate` and `explain` accept.
 */
export interface CompiledPolicy extends PolicySource {
  readonly version: PolicyVersion | undefined;
  readonly statements: readonly PolicyStatement[];
  /** The document as it was given (its text, or the JSON of an object), for explanations and positions. */
  readonly text: string;
}

/** One statement of a compiled policy, normalised. */
export interface PolicyStatement {
  /** Position in the Statement array (0-based). */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Action or NotAction values as written. */
  readonly actions: readonly string[];
  readonly notAction: boolean;
  /** Resource / NotResource values as written; `undefined` in trust policies, which have none. */
  readonly resources: readonly string[] | undefined;
  readonly notResource: boolean;
  /** Principal / NotPrincipal; `undefined` in identity-style policies. */
  readonly principals: PrincipalSpec | undefined;
  readonly notPrincipal: boolean;
  readonly conditions: readonly PolicyCondition[];
}

/**
 * How a resource-based policy's Principal element names the caller. It decides whether implicit
 * denies elsewhere still count (reference_policies_evaluation-logic.md, "Resource-based policies").
 * - `none`: the statement does not name this principal.
 * - `session`: names the caller itself: the IAM user, the role session, the federated-user session,
 *   a service, a federated provider, a canonical user, or everyone (`*`). Not limited by implicit
 *   denies in identity policies, boundaries or session policies.
 * - `identity`: names the IAM identity behind a session (the role ARN, or the IAM user that called
 *   GetFederationToken). Limited by implicit denies in boundaries and session policies.
 * - `account`: names the caller's account. The account's identity policies must still allow.
 */
export type PrincipalMatch = 'none' | 'session' | 'identity' | 'account';

/** A Principal element, normalised: every form as lists by principal kind. */
export interface PrincipalSpec {
  /** `"Principal": "*"` or `{"AWS": "*"}`. */
  readonly any: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** One operator × key pair of a Condition block, with its qualifiers parsed once. */
export interface PolicyCondition {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The base operator, e.g. `StringLike`. */
  readonly baseOperator: string;
  readonly setQualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  readonly ifExists: boolean;
  /** The key as written. */
  readonly key: string;
  /** The policy's values, as strings (numbers and booleans in JSON are turned into their text). */
  readonly values: readonly string[];
}

/** Why one condition matched or not, for explanations. Rendered deterministically. */
export interface ConditionNote {
  readonly operator: string;
  readonly key: string;
  /** The policy's values after policy-variable substitution (unresolvable ones left out). */
  readonly policyValues: readonly string[];
  /** The request's values; `undefined` when the request has no such key. */
  readonly requestValues: readonly string[] | undefined;
  readonly matched: boolean;
  /** One sentence, e.g. `aws:SourceIp 10.1.2.3 is not in any of 192.0.2.0/24`. */
  readonly why: string;
}

// ---------------------------------------------------------------------------------------------
// Evaluation input and result

/** The policies that apply to one request, grouped by type. */
export interface PolicySet {
  /** The principal's identity-based policies: user + its groups, or the role's. */
  readonly identity?: readonly CompiledPolicy[];
  /**
   * Resource-based policies attached to the requested resource: kind `resource` (a bucket policy,
   * a queue policy...) or `key` (a KMS key policy, which must itself allow; see
   * `RESOURCE_POLICY_KINDS`).
   */
  readonly resource?: readonly CompiledPolicy[];
  /** The role trust policy, when the request is an `sts:AssumeRole*` / `sts:TagSession` on a role. */
  readonly trust?: CompiledPolicy;
  /** The principal's permissions boundary. */
  readonly boundary?: CompiledPolicy;
  /** Session policies of the calling session (inline and managed ARNs passed at session creation). */
  readonly session?: readonly CompiledPolicy[];
  /**
   * SCPs that apply to the principal's account, one array per level from the organization root
   * through each OU to the account. Every level must allow. Absent: no organization policies.
   */
  readonly scps?: readonly (readonly CompiledPolicy[])[];
  /** RCPs that apply to the resource's account, levels as for `scps`. */
  readonly rcps?: readonly (readonly CompiledPolicy[])[];
  /**
   * The policy of the VPC endpoint the request went through. Applies only when the request
   * context says so (`aws:SourceVpce` or `aws:SourceVpc` present); then it must allow, and a Deny
   * in it denies.
   */
  readonly endpoint?: readonly CompiledPolicy[];
  /** The principal's account is the organization's management account (SCPs do not apply). */
  readonly principalInManagementAccount?: boolean;
  /** The resource's account is the management account (RCPs do not apply). */
  readonly resourceInManagementAccount?: boolean;
}

export type DecisionKind = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** The policy-type phrases AWS names in access-denied messages. */
export type DenyingPolicyType =
  | 'identity-based'
  | 'resource-based'
  | 'role trust'
  | 'permissions boundary'
  | 'session'
  | 'service control'
  | 'resource control'
  | 'VPC endpoint';

export interface Decision {
  readonly decision: DecisionKind;
  /** For denials: the policy type AWS would name in its message. */
  readonly deniedBy?: DenyingPolicyType;
}

// ---------------------------------------------------------------------------------------------
// Between validation and compilation

/**
 * A document that passed validation, with every element in one form: lists for the string-or-array
 * elements, the Principal normalised, numbers and booleans in Condition values turned into text.
 */
export interface NormalizedPolicy {
  readonly version: PolicyVersion | undefined;
  readonly id: string | undefined;
  readonly statements: readonly NormalizedStatement[];
}

export interface NormalizedStatement {
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Action or NotAction values as written. */
  readonly actions: readonly string[];
  readonly notAction: boolean;
  /** Resource or NotResource values; undefined when the statement has neither (trust policies). */
  readonly resources: readonly string[] | undefined;
  readonly notResource: boolean;
  readonly principals: PrincipalSpec | undefined;
  readonly notPrincipal: boolean;
  /** Condition block: operator as written → key as written → values. */
  readonly condition: readonly NormalizedCondition[];
}

export interface NormalizedCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Explanation: the decision with its reasons

/** A statement, named for people: `<policy id>#<Sid>` or `<policy id>#<index>` when it has no Sid. */
export interface StatementRef {
  readonly policy: string;
  readonly kind: PolicyKind;
  /** The Sid, or `#<index>` (0-based) when the statement has none. */
  readonly statement: string;
  readonly effect: Effect;
}

/** Why one statement applied to the request or not. */
export interface StatementTrace extends StatementRef {
  readonly index: number;
  /** Whether every element matched: the statement applies to the request. */
  readonly matched: boolean;
  readonly action: { readonly matched: boolean; readonly why: string };
  readonly resource: { readonly matched: boolean; readonly why: string } | undefined;
  readonly principal: { readonly matched: boolean; readonly why: string } | undefined;
  readonly conditions: readonly ConditionNote[];
}

export interface PolicyTrace extends PolicySource {
  readonly statements: readonly StatementTrace[];
}

/**
 * The smallest change that would turn the decision around. AWS managed policies cannot be
 * edited, so a fix never asks to: it names a customer managed policy to add to, the AWS managed
 * policy to detach, or a permissions boundary to use instead.
 */
export interface FixSuggestion {
  /**
   * `add-statement` for an implicit deny, `remove-deny` for an explicit one; `detach-policy` when
   * the Deny is in an AWS managed policy; `replace-boundary` when the boundary that denies is an
   * AWS managed policy.
   */
  readonly kind: 'add-statement' | 'remove-deny' | 'detach-policy' | 'replace-boundary';
  /** Which policy (type and, where known, id) to change. */
  readonly policyKind: PolicyKind;
  readonly policy: string | undefined;
  /**
   * For `add-statement` and `replace-boundary`: the statement the (new) policy needs. For
   * `remove-deny` and `detach-policy`: the Deny statement that blocks.
   */
  readonly statement: Json;
  readonly text: string;
}

export interface Explanation extends Decision {
  /** The statements that decided: the matching Deny statements, or the Allow statements that granted. */
  readonly deciding: readonly StatementRef[];
  /** AWS's access-denied message, for denials. */
  readonly message: string | undefined;
  /** Every policy considered, every statement, and why it matched or not. */
  readonly policies: readonly PolicyTrace[];
  /** A few sentences for people. */
  readonly summary: string;
  readonly fix: FixSuggestion | undefined;
}
