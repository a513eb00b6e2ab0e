/**
 * IAM error messages that the shared table in `src/aws/aws-error.ts` does not hold yet. Each says
 * where its wording comes from; where AWS's wording is not known the entry says so.
 */
import { AwsError, awsErrors } from '../../aws/aws-error.js';

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
  /** SetDefaultPolicyVersion / DeletePolicyVersion / CreatePolicyVersion on an AWS managed policy. */
  awsManagedPolicyUnmodifiable: (policyArn: string): AwsError =>
    // AWS's wording for changing an AWS managed policy is not confirmed by a recording.
    new AwsError('InvalidInput', `ARN ${policyArn} is not valid.`),
  /** A Marker this service did not issue. AWS's wording for this case is not known. */
  invalidMarker: (): AwsError => new AwsError('ValidationError', 'Invalid Marker.'),
  /** Tag keys beginning with `aws:` are reserved for AWS. Wording from IAM's tagging rules; unconfirmed. */
  reservedTagKey: (): AwsError => new AwsError('InvalidInput', 'User-defined tag keys cannot start with the prefix "aws:".'),
  /**
   * The policy simulator given a PolicySourceArn that names no IAM user, group or role of an
   * account. Recorded (SimulatePrincipalPolicy with an assumed-role session ARN).
   */
  invalidEntityArn: (arn: string): AwsError => new AwsError('InvalidInput', `Invalid Entity Arn: ${arn} does not clearly define entity type and name.`),
  /** The policy simulator given an entity of another account. Recorded. */
  policySourceOfOtherAccount: (callerAccount: string, otherAccount: string): AwsError =>
    new AwsError('InvalidInput', `Invalid Policy Source Arn: caller's account ${callerAccount} does not have access to policies in account ${otherAccount}`),
  /** A ResourceOwner that is not an account's root ARN. Recorded (sic: "a valid as a"). */
  invalidResourceOwner: (value: string): AwsError => new AwsError('InvalidInput', `'${value}' is not a valid as a Resource Owner.`),
  /**
   * A CallerArn that is not an IAM user's, or a ResourcePolicy without an IAM user as the caller.
   * Recorded (SimulatePrincipalPolicy for a role with a ResourcePolicy).
   */
  simulationCallerNotUser: (): AwsError => new AwsError('InvalidInput', 'Invalid caller - Caller must be an IAM user in this context.'),
  /** More than one permissions boundary to simulate. AWS's wording is not confirmed by a recording. */
  tooManySimulationBoundaries: (): AwsError => new AwsError('InvalidInput', 'The list of Permissions Boundary policies cannot exceed 1 items.'),
  /**
   * A policy given to the simulator that IAM's rules refuse. The simulator's code for this
   * (InvalidInput, the only client error its model lists) and its wording are not confirmed by a
   * recording; IAM's MalformedPolicyDocument reason is given, naming the input.
   */
  invalidSimulationPolicy: (input: string, reason: string): AwsError => new AwsError('InvalidInput', `${input}: ${reason}`),
  /** A ResourceHandlingOption that is none of the documented scenarios. AWS's wording is not known. */
  invalidResourceHandlingOption: (value: string): AwsError =>
    new AwsError('InvalidInput', `Invalid ResourceHandlingOption ${value}: it must be one of EC2-VPC-InstanceStore, EC2-VPC-InstanceStore-Subnet, EC2-VPC-EBS, EC2-VPC-EBS-Subnet.`),
  /** An EC2 scenario without one of the resources it needs. AWS's wording is not known. */
  missingScenarioResource: (option: string, type: string): AwsError =>
    new AwsError('InvalidInput', `ResourceHandlingOption ${option} requires a ${type} resource in ResourceArns.`),
  /**
   * A policy the simulated entity holds that cannot be evaluated (PolicyEvaluation, HTTP 500 per
   * the IAM model). AWS's wording is not known.
   */
  unevaluablePolicy: (name: string): AwsError => new AwsError('PolicyEvaluation', `The policy ${name} could not be evaluated.`, 500, 'Receiver'),
} as const;
