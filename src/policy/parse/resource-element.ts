/**
 * Resource and NotResource values: an ARN or `*` (reference_policies_elements_resource.md). IAM
 * answers some malformed ARNs with a precise reason and others with "The policy failed legacy
 * parsing"; both are reproduced here from IAM's recorded answers.
 */
import { REASONS, REASON_FORMATS } from './policy-errors.js';

/** Partitions IAM accepts in a resource ARN; `*` matches any. */
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*']);

/** The resource types an `arn:<partition>:iam::` resource may start with, as IAM lists them. */
export const IAM_RESOURCE_TYPES: readonly string[] = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/**
 * S3 resources that carry a Region are the exception to S3's no-Region rule: access points, and
 * S3 Access Grants instances (IAM holds the AWS managed policy
 * SageMakerStudioProjectRoleMachineLearningPolicy with `arn:aws:s3:*:*:access-grants/default/*`).
 */
const S3_REGIONAL_TYPES = ['accesspoint/', 'access-grants/'];

/**
 * IAM's precise reason for refusing a resource string, or undefined. Checked in IAM's order: ARN
 * shape, partition, service, Region for IAM and S3, IAM resource type.
 */
export function resourceProblem(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const fields = resource.split(':');
  if (fields.length < 2) return REASON_FORMATS.resourceNotArn(resource);
  const partition = fields[1] ?? '';
  if (!PARTITIONS.has(partition)) {
    // IAM names the resource with its first field replaced by "arn" and missing fields as "*".
    const rest = fields.length > 2 ? fields.slice(2) : [''];
    const first = rest[0] !== '' || rest.length > 1 ? (rest[0] ?? '') : '*';
    const field = (i: number): string => (rest.length > i ? (rest[i] ?? '') : '*');
    const tail = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return REASON_FORMATS.invalidPartition(partition, `arn:${partition}:${first}:${field(1)}:${field(2)}:${tail}`);
  }
  if (fields.length < 3) return REASONS.resourceVendor;
  const service = fields[2] ?? '';
  const region = fields[3] ?? '';
  const path = fields.slice(5).join(':');
  if (service === 'iam' && region !== '') return REASON_FORMATS.iamRegion(resource);
  if (service === 's3' && region !== '' && !S3_REGIONAL_TYPES.some((t) => path.startsWith(t))) {
    return REASON_FORMATS.s3Region(resource);
  }
  if (service === 'iam' && !iamPathAccepted(path)) {
    return REASON_FORMATS.iamResourcePath(IAM_RESOURCE_TYPES);
  }
  return undefined;
}

function iamPathAccepted(path: string): boolean {
  return path === '*' || path === 'root' || IAM_RESOURCE_TYPES.some((t) => path.startsWith(t));
}

/**
 * Forms IAM's older parser rejects ("The policy failed legacy parsing"): an empty service field,
 * or `::` in an ARN with fewer than six fields (recorded: `arn:aws:s3::example_bucket`,
 * `arn:aws::fdsasf`).
 */
export function failsLegacyResourceParsing(resource: string): boolean {
  if (resource === '*') return false;
  const fields = resource.split(':');
  if (fields.length < 6 && resource.includes('::')) return true;
  return fields.length > 2 && fields[2] === '';
}
