/**
 * What each kind of policy document must and must not contain, as one table
 * (reference_policies_grammar.md notes; _principal.md, _notprincipal.md, _resource.md;
 * access_policies.md; Organizations' SCP and RCP syntax).
 */
import type { PolicyKind } from '../types.js';
import { REASONS } from './policy-errors.js';

export interface KindRules {
  /**
   * Principal / NotPrincipal: `prohibited` (with IAM's reason), `required`, or `everyone` (RCPs:
   * required and exactly "*").
   */
  readonly principal:
    | { readonly rule: 'prohibited'; readonly reason: string }
    | { readonly rule: 'required'; readonly missing: string; /** IAM's reason when NotPrincipal is used, or undefined when it is allowed. */ readonly notPrincipal: string | undefined }
    | { readonly rule: 'everyone'; readonly reason: string; /** IAM-style reason when NotPrincipal is used. */ readonly notPrincipal: string };
  /** Resource / NotResource: required, or prohibited (role trust policies). */
  readonly resource: 'required' | 'prohibited';
  /** Only STS AssumeRole actions (role trust policies). */
  readonly trustActions: boolean;
  /** The reason when NotAction is used; undefined where NotAction is allowed. */
  readonly notAction: string | undefined;
  /**
   * Which Allow statements the kind takes: any, or (RCPs) only RCPFullAWSAccess's `Allow` of
   * `*` to `*` on `*` without conditions, with the reason for any other.
   */
  readonly allow: 'any' | { readonly rule: 'full-access-only'; readonly reason: string };
  /** Sid limited to A-Z, a-z, 0-9 (IAM policies; other services' resource policies allow more). */
  readonly alphanumericSid: boolean;
  /** Always a managed policy (or, for RCPs, a policy whose Version is required): Version must be 2012-10-17. */
  readonly managed: boolean;
  /** Which API answers for a refused document. */
  readonly surface: 'iam' | 'organizations';
}

export const KIND_RULES: Readonly<Record<PolicyKind, KindRules>> = {
  identity: {
    principal: { rule: 'prohibited', reason: REASONS.principalInIdentityPolicy },
    resource: 'required',
    trustActions: false,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: true,
    managed: false,
    surface: 'iam',
  },
  boundary: {
    principal: { rule: 'prohibited', reason: REASONS.principalInIdentityPolicy },
    resource: 'required',
    trustActions: false,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: true,
    managed: true,
    surface: 'iam',
  },
  // STS's wording for a session policy with a Principal is not known; IAM's identity-policy reason
  // is used. Its Sid rule is not known either, and is not applied.
  session: {
    principal: { rule: 'prohibited', reason: REASONS.principalInIdentityPolicy },
    resource: 'required',
    trustActions: false,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: false,
    managed: false,
    surface: 'iam',
  },
  trust: {
    principal: { rule: 'required', missing: REASONS.trustNoPrincipals, notPrincipal: REASONS.trustNotPrincipal },
    resource: 'prohibited',
    trustActions: true,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: true,
    managed: false,
    surface: 'iam',
  },
  resource: {
    principal: { rule: 'required', missing: REASONS.resourceMissingPrincipal, notPrincipal: undefined },
    resource: 'required',
    trustActions: false,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: false,
    managed: false,
    surface: 'iam',
  },
  scp: {
    principal: { rule: 'prohibited', reason: REASONS.scpPrincipal },
    resource: 'required',
    trustActions: false,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: false,
    managed: false,
    surface: 'organizations',
  },
  // The current RCP syntax page (orgs_manage_policies_rcps_syntax.md): "Every RCP must include a
  // Version element with the value 2012-10-17"; Principal must be "*"; the elements table has no
  // NotPrincipal and no NotAction; "The effect of Allow is only supported for the
  // RCPFullAWSAccess policy".
  rcp: {
    principal: { rule: 'everyone', reason: REASONS.rcpPrincipalNotWildcard, notPrincipal: REASONS.rcpNotPrincipal },
    resource: 'required',
    trustActions: false,
    notAction: REASONS.rcpNotAction,
    allow: { rule: 'full-access-only', reason: REASONS.rcpAllow },
    alphanumericSid: false,
    managed: true,
    surface: 'organizations',
  },
  // A KMS key policy: a resource-based policy (Principal required, NotPrincipal allowed). KMS's own
  // refusal wording (MalformedPolicyDocumentException) is not reproduced; IAM's reasons are used.
  key: {
    principal: { rule: 'required', missing: REASONS.resourceMissingPrincipal, notPrincipal: undefined },
    resource: 'required',
    trustActions: false,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: false,
    managed: false,
    surface: 'iam',
  },
  // A VPC endpoint policy: a resource-based policy; NotPrincipal is supported there
  // (reference_policies_elements_notprincipal.md, "Key points"). EC2's refusal wording is not
  // reproduced; IAM's reasons are used.
  'vpc-endpoint': {
    principal: { rule: 'required', missing: REASONS.resourceMissingPrincipal, notPrincipal: undefined },
    resource: 'required',
    trustActions: false,
    notAction: undefined,
    allow: 'any',
    alphanumericSid: false,
    managed: false,
    surface: 'iam',
  },
};
