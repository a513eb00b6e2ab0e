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
    | { readonly rule: 'everyone'; readonly reason: string };
  /** Resource / NotResource: required, or prohibited (role trust policies). */
  readonly resource: 'required' | 'prohibited';
  /** Only STS AssumeRole actions (role trust policies). */
  readonly trustActions: boolean;
  /** Sid limited to A-Z, a-z, 0-9 (IAM policies; other services' resource policies allow more). */
  readonly alphanumericSid: boolean;
  /** Always a managed policy: Version must be 2012-10-17. */
  readonly managed: boolean;
  /** Which API answers for a refused document. */
  readonly surface: 'iam' | 'organizations';
}

export const KIND_RULES: Readonly<Record<PolicyKind, KindRules>> = {
  identity: {
    principal: { rule: 'prohibited', reason: REASONS.principalInIdentityPolicy },
    resource: 'required',
    trustActions: false,
    alphanumericSid: true,
    managed: false,
    surface: 'iam',
  },
  boundary: {
    principal: { rule: 'prohibited', reason: REASONS.principalInIdentityPolicy },
    resource: 'required',
    trustActions: false,
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
    alphanumericSid: false,
    managed: false,
    surface: 'iam',
  },
  trust: {
    principal: { rule: 'required', missing: REASONS.trustNoPrincipals, notPrincipal: REASONS.trustNotPrincipal },
    resource: 'prohibited',
    trustActions: true,
    alphanumericSid: true,
    managed: false,
    surface: 'iam',
  },
  resource: {
    principal: { rule: 'required', missing: REASONS.resourceMissingPrincipal, notPrincipal: undefined },
    resource: 'required',
    trustActions: false,
    alphanumericSid: false,
    managed: false,
    surface: 'iam',
  },
  scp: {
    principal: { rule: 'prohibited', reason: REASONS.scpPrincipal },
    resource: 'required',
    trustActions: false,
    alphanumericSid: false,
    managed: false,
    surface: 'organizations',
  },
  rcp: {
    principal: { rule: 'everyone', reason: REASONS.rcpPrincipalNotWildcard },
    resource: 'required',
    trustActions: false,
    alphanumericSid: false,
    managed: false,
    surface: 'organizations',
  },
};
