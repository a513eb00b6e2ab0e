/**
 * IAM error messages that the shared table in `src/aws/aws-error.ts` does not hold yet. Each says
 * where its wording comes from; where AWS's wording is not known the entry says so.
 */
import { AwsError, awsErrors } from '../../aws/aws-error.js';

/** The changes of a managed policy that only its own account may make. */
export type PolicyChange = 'delete' | 'deleteVersion' | 'setDefaultVersion' | 'createVersion' | 'tag';

const POLICY_OUTSIDE_ACCOUNT: Readonly<Record<PolicyChange, string>> = {
  delete: 'Cannot delete policies outside your own account.',
  deleteVersion: 'Cannot delete policy versions for policies outside your own account.',
  setDefaultVersion: 'Cannot update policies outside your own account.',
  // Not confirmed by a recording.
  createVersion: 'Cannot create policy versions for policies outside your own account.',
  // Not confirmed by a recording.
  tag: 'Cannot tag policies outside your own account.',
};

export const iamMessages = {
  /** GetPolicy, DeletePolicy, CreatePolicyVersion... on a missing policy (recorded CLI output). */
  policyNotFound: (policyArn: string): AwsError => new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`),
  /**
   * Detach*Policy when the policy is not attached to the entity. Recorded CLI output shows
   * "Policy <arn> was not found." for this case as well.
   */
  policyNotAttached: (policyArn: string): AwsError => new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`),
  /** Put*PermissionsBoundary / Create* with a boundary that is not an existing managed policy. */
  boundaryNotAttachable: (policyArn: string): AwsError =>
    new AwsError('NoSuchEntity', `Scope ARN: ${policyArn} does not exist or is not attachable.`),
  /** CreatePolicyVersion on a policy that already has 5 versions (recorded CLI output). */
  policyVersionsLimit: (): AwsError =>
    new AwsError(
      'LimitExceeded',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    ),
  /** DeletePolicy while non-default versions remain (recorded SDK output). */
  policyHasVersions: (): AwsError => awsErrors.deleteConflict('policy versions'),
  /** GetUser, access-key operations without UserName from a role or federated session. */
  nonUserCredentials: (): AwsError =>
    new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials'),
  /**
   * DeleteUser while the user is still in a group. AWS's wording for this case is not confirmed
   * by a recording; it follows the "Cannot delete entity, must ... first." pattern.
   */
  userInGroups: (): AwsError => new AwsError('DeleteConflict', 'Cannot delete entity, must remove user from all groups first.'),
  /** Tags with the same key (compared case-insensitively) in one request. Recorded IAM output. */
  duplicateTagKeys: (): AwsError =>
    new AwsError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  /**
   * More than 50 tags on a user, role or policy. AWS's wording for this case is not confirmed by
   * a recording; it follows IAM's "Cannot exceed quota for X: N" LimitExceeded pattern.
   */
  tooManyTags: (quota: 'TagsPerUser' | 'TagsPerRole' | 'TagsPerPolicy', limit: number): AwsError =>
    new AwsError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`),
  /**
   * A path that passes the model's pattern but breaks IAM's rules (empty segments). AWS's wording
   * for this case is not confirmed by a recording.
   */
  invalidPath: (): AwsError =>
    new AwsError(
      'ValidationError',
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    ),
  /**
   * Changing a managed policy of another account, AWS managed policies included (AccessDenied,
   * 403). The wording for DeletePolicy, DeletePolicyVersion and SetDefaultPolicyVersion is from
   * recorded AWS replies on an AWS managed policy; for CreatePolicyVersion and Tag/UntagPolicy
   * AWS's wording is not known from a recording and follows the same pattern.
   */
  policyOutsideAccount: (change: PolicyChange): AwsError => new AwsError('AccessDenied', POLICY_OUTSIDE_ACCOUNT[change]),
  /** A Marker this service did not issue. AWS's wording for this case is not known. */
  invalidMarker: (): AwsError => new AwsError('ValidationError', 'Invalid Marker.'),
  /** Tag keys beginning with `aws:` are reserved for AWS. Wording from IAM's tagging rules; unconfirmed. */
  reservedTagKey: (): AwsError => new AwsError('InvalidInput', 'User-defined tag keys cannot start with the prefix "aws:".'),
} as const;
