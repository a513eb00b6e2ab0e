/**
 * Policy size quotas (reference_iam-quotas.md; Organizations and STS quotas). IAM counts characters
 * without white space, Organizations and STS count every character; the answer is IAM's
 * LimitExceeded, Organizations' ConstraintViolation or STS's parameter validation, each in its
 * own words.
 */
import type { PolicyKind } from '../types.js';
import { ORGANIZATIONS_MESSAGES, SIZE_MESSAGES, type PolicyValidationError } from './policy-errors.js';

/** Managed policy (CreatePolicy, CreatePolicyVersion; also a permissions boundary). */
export const MANAGED_POLICY_MAX = 6144;
/** Role trust policy, default quota (adjustable up to 4096). */
export const TRUST_POLICY_DEFAULT_MAX = 2048;
/** Inline policies: the sum of all inline policies of one entity. */
export const INLINE_POLICY_MAX = { user: 2048, role: 10240, group: 5120 } as const;
/** Organizations SCP and RCP content. */
export const ORGANIZATIONS_POLICY_MAX = 5120;
/** STS Policy parameter (inline session policy), plain text including white space. */
export const SESSION_POLICY_MAX = 2048;

export type InlineEntity = keyof typeof INLINE_POLICY_MAX;

/** The size IAM counts: characters other than white space. */
export function policySize(text: string): number {
  let n = 0;
  for (const c of text) if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') n++;
  return n;
}

/** Where an identity policy goes, which decides its quota. */
export interface SizeContext {
  /** The document is a managed policy (identity kind); boundaries are always managed. */
  readonly managed?: boolean;
  /** The document is an inline policy of this entity; `otherInlineSize` is its other inline policies' size. */
  readonly inline?: { readonly entity: InlineEntity; readonly name: string; readonly otherInlineSize?: number };
  /** The account's role trust policy quota, when raised from the default. */
  readonly trustPolicyQuota?: number;
}

/** The quota error for `text` as a policy of `kind`, or undefined when it fits. */
export function sizeProblem(text: string, kind: PolicyKind, context: SizeContext): PolicyValidationError | undefined {
  const size = policySize(text);
  const over = (limit: number, code: PolicyValidationError['code'], message: string): PolicyValidationError | undefined =>
    size > limit ? { code, message, reason: message } : undefined;
  switch (kind) {
    case 'identity':
      if (context.inline !== undefined) {
        const { entity, name, otherInlineSize = 0 } = context.inline;
        const limit = INLINE_POLICY_MAX[entity];
        const message = SIZE_MESSAGES.inline(limit, entity, name);
        return size + otherInlineSize > limit ? { code: 'LimitExceeded', message, reason: message } : undefined;
      }
      return context.managed === true
        ? over(MANAGED_POLICY_MAX, 'LimitExceeded', SIZE_MESSAGES.managed(MANAGED_POLICY_MAX))
        : undefined;
    case 'boundary':
      return over(MANAGED_POLICY_MAX, 'LimitExceeded', SIZE_MESSAGES.managed(MANAGED_POLICY_MAX));
    case 'trust': {
      const limit = context.trustPolicyQuota ?? TRUST_POLICY_DEFAULT_MAX;
      return over(limit, 'LimitExceeded', SIZE_MESSAGES.trust(limit));
    }
    case 'scp':
    case 'rcp': {
      // "All characters in your SCP [RCP] count against its maximum size" (orgs_manage_policies_scps_syntax.md,
      // orgs_manage_policies_rcps_syntax.md): white space counts, unlike IAM's quotas.
      if (text.length <= ORGANIZATIONS_POLICY_MAX) return undefined;
      return {
        code: 'ConstraintViolationException',
        message: ORGANIZATIONS_MESSAGES.tooLarge,
        reason: ORGANIZATIONS_MESSAGES.tooLarge,
        constraint: 'POLICY_CONTENT_LIMIT_EXCEEDED',
      };
    }
    case 'session': {
      // A parameter length: white space counts.
      if (text.length <= SESSION_POLICY_MAX) return undefined;
      const message = SIZE_MESSAGES.session(text, SESSION_POLICY_MAX);
      return { code: 'ValidationError', message, reason: message };
    }
    case 'resource':
    case 'key':
    case 'vpc-endpoint':
      // Each service sets its own limit (S3 bucket policies 20 KB, KMS key policies 32 KB, VPC
      // endpoint policies 20,480 characters) and answers in its own words; none is applied here.
      return undefined;
  }
}
