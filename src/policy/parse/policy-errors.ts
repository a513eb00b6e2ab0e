/**
 * The reasons IAM (and Organizations, STS) give when they refuse a policy document, as one typed
 * table. Each entry says where its wording comes from: a response recorded from AWS (quoted in
 * issue trackers, CloudTrail `errorMessage` fields, SDK error output), AWS documentation, or — where
 * AWS's wording is not known — a marked stand-in.
 */
import type { PolicyError } from '../types.js';

/** The error codes a policy document can be refused with, by the API that receives it. */
export type PolicyErrorCode =
  | 'MalformedPolicyDocument' // IAM (CreatePolicy, Put*Policy, CreateRole, ...) and STS session policies
  | 'LimitExceeded' // IAM size quotas (HTTP 409)
  | 'MalformedPolicyDocumentException' // Organizations CreatePolicy / UpdatePolicy
  | 'ConstraintViolationException' // Organizations size quota
  | 'ValidationError'; // STS parameter constraint (session policy length)

/**
 * A refused document as the receiving API reports it. `reason` is the rule that failed in IAM's
 * words, also when the API itself answers with a generic message (Organizations), so that
 * explanations can still say what is wrong.
 */
export interface PolicyValidationError {
  readonly code: PolicyErrorCode;
  readonly message: string;
  readonly reason: string;
  /** Organizations' `ConstraintViolationException` reason code. */
  readonly constraint?: string;
}

/** IAM's MalformedPolicyDocument reasons that take no argument. */
export const REASONS = {
  /** Recorded (CreatePolicy, non-JSON document and every structural error). */
  syntax: 'Syntax errors in policy.',
  /** Recorded (CreatePolicy / managed policies whose Version is absent or 2008-10-17). */
  version: 'Policy document must be version 2012-10-17 or greater.',
  /** Recorded (wrong-case Effect, malformed Date condition values, some malformed ARNs). */
  legacyParsing: 'The policy failed legacy parsing',
  /** Recorded. */
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  /** Recorded (CreatePolicy; CloudTrail errorMessage). */
  sidNotAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  /** Recorded. */
  missingActions: 'Policy statement must contain actions.',
  /** Recorded. */
  missingResources: 'Policy statement must contain resources.',
  /** Recorded. */
  actionNoVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  /** Recorded. */
  actionTwoColons: 'Actions/Condition can contain only one colon.',
  /** Recorded. */
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  /**
   * Recorded from CreatePolicy, PutUserPolicy and PutGroupPolicy (identity policies). The console's
   * policy editor words the same rule "Has prohibited field Principal"; the API does not.
   */
  principalInIdentityPolicy: 'Policy document should not specify a principal.',
  /** Recorded (CreateRole / UpdateAssumeRolePolicy with a Resource in the trust policy). */
  trustResource: 'Has prohibited field Resource',
  /**
   * NotResource in a trust policy: AWS's wording is not known; this follows the recorded
   * "Has prohibited field Resource".
   */
  trustNotResource: 'Has prohibited field NotResource',
  /**
   * NotPrincipal in a trust policy (not allowed, per the NotPrincipal page): AWS's wording is not
   * known; this follows the recorded "Has prohibited field Resource".
   */
  trustNotPrincipal: 'Has prohibited field NotPrincipal',
  /** Recorded (CreateRole with a non-STS action in the trust policy). */
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  /**
   * Recorded (CreateRole whose trust policy statement named no principal, e.g. `{"AWS": []}`). Used
   * also when the Principal element is absent: the wording for that case is not known.
   */
  trustNoPrincipals:
    'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  /**
   * A resource-based policy statement without Principal. Recorded from S3 PutBucketPolicy (whose
   * error code is MalformedPolicy); other services' wording is not known.
   */
  resourceMissingPrincipal: 'Missing required field Principal',
  /**
   * An RCP statement whose Principal is not "*": Organizations answers with its generic message
   * (below); this reason text is ours, AWS's own wording for the rule is not known.
   */
  rcpPrincipalNotWildcard: 'Principal must be "*" in a resource control policy',
  /**
   * An SCP statement with Principal or NotPrincipal: Organizations answers with its generic
   * message; this reason text is ours.
   */
  scpPrincipal: 'Principal and NotPrincipal are not supported in a service control policy',
  /**
   * An RCP statement with NotPrincipal, NotAction, or an Allow other than RCPFullAWSAccess's: the
   * current RCP syntax page (orgs_manage_policies_rcps_syntax.md) lists the elements RCPs support
   * and says "The effect of Allow is only supported for the RCPFullAWSAccess policy".
   * Organizations answers with its generic message; these reason texts are ours.
   */
  rcpNotPrincipal: 'NotPrincipal is not supported in a resource control policy',
  rcpNotAction: 'NotAction is not supported in a resource control policy',
  rcpAllow: 'The Allow effect is supported only in the RCPFullAWSAccess policy',
} as const;

export type ReasonName = keyof typeof REASONS;

/** IAM's reasons that name a value from the document. */
export const REASON_FORMATS = {
  /** Recorded: `Vendor a a is not valid`. */
  invalidVendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  /** Recorded: `Resource adf must be in ARN format or "*".` */
  resourceNotArn: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  /** Recorded: `Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".` */
  invalidPartition: (partition: string, arn: string) => `Partition "${partition}" is not valid for resource "${arn}".`,
  /** Recorded. */
  iamRegion: (resource: string) => `IAM resource ${resource} cannot contain region information.`,
  /** Recorded (sic: "can not"). */
  s3Region: (resource: string) => `Resource ${resource} can not contain region information.`,
  /**
   * Recorded in two forms over time; this is the later one, which also admits `root`. The list of
   * resource types is IAM's as last recorded.
   */
  iamResourcePath: (types: readonly string[]) =>
    `IAM resource path must either be "*", root, or start with ${types.join(', ')}.`,
  /**
   * Recorded: `Invalid principal in policy: "AWS":"arn:aws:iam::*:root"` and
   * `Invalid principal in policy: "SERVICE":"codepipeiine.amazonaws.com"`. The principal type is
   * written `AWS` and `SERVICE`; `FEDERATED` and `CANONICALUSER` follow that pattern unverified.
   */
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

/** Organizations' answers for SCPs and RCPs. */
export const ORGANIZATIONS_MESSAGES = {
  /** Recorded (MalformedPolicyDocumentException, for every document rule). */
  malformed: 'The provided policy document does not meet the requirements of the specified policy type.',
  /** Recorded (ConstraintViolationException, reason POLICY_CONTENT_LIMIT_EXCEEDED). */
  tooLarge: 'You have exceeded the maximum policy size.',
} as const;

/** IAM's LimitExceeded messages for policy size. */
export const SIZE_MESSAGES = {
  /** Recorded: `Cannot exceed quota for PolicySize: 6144` (CreatePolicy, CreatePolicyVersion). */
  managed: (limit: number) => `Cannot exceed quota for PolicySize: ${limit}`,
  /** Recorded: `Cannot exceed quota for ACLSizePerRole: 2048` (CreateRole, UpdateAssumeRolePolicy). */
  trust: (limit: number) => `Cannot exceed quota for ACLSizePerRole: ${limit}`,
  /** Recorded: `Maximum policy size of 10240 bytes exceeded for role <name>` (Put*Policy, aggregate). */
  inline: (limit: number, entity: string, name: string) =>
    `Maximum policy size of ${limit} bytes exceeded for ${entity} ${name}`,
  /**
   * STS: a session policy longer than the Policy parameter allows. The standard AWS validation
   * message; recorded for other parameters, assumed here for `policy`.
   */
  session: (text: string, limit: number) =>
    `1 validation error detected: Value '${text}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to ${limit}`,
} as const;

/** An IAM MalformedPolicyDocument error with one of the reasons above. */
export function malformed(message: string): PolicyError {
  return { code: 'MalformedPolicyDocument', message };
}
