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
   * More than 50 tags on a resource after Tag*. Recorded for TagOpenIDConnectProvider; IAM's other
   * Tag* operations are taken to answer alike.
   */
  tooManyTags: (): AwsError => new AwsError('LimitExceeded', 'The number of tags has reached the maximum limit.'),
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

  // OpenID Connect providers (recorded replies unless marked).
  /** CreateOpenIDConnectProvider with a URL that is not `https://host[/path]` (recorded). */
  invalidOidcUrl: (): AwsError => new AwsError('ValidationError', 'Invalid Open ID Connect Provider URL'),
  /** CreateOpenIDConnectProvider for a URL the account already has a provider for (recorded). */
  oidcProviderExists: (url: string): AwsError => new AwsError('EntityAlreadyExists', `Provider with url ${url} already exists.`),
  /** More than 5 thumbprints (recorded; AWS's wording says "fewer than 5" for a limit of 5). */
  tooManyThumbprints: (): AwsError => new AwsError('InvalidInput', 'Thumbprint list must contain fewer than 5 entries.'),
  /** A thumbprint of 40 characters that are not all hexadecimal. AWS's wording is not known. */
  invalidThumbprint: (thumbprint: string): AwsError =>
    new AwsError('InvalidInput', `Thumbprint ${thumbprint} is not a hexadecimal SHA-1 thumbprint.`),
  /** More than 100 client IDs on a provider (recorded). */
  tooManyClientIds: (): AwsError => new AwsError('LimitExceeded', 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100'),
  /** GetOpenIDConnectProvider (and the other operations naming a provider) for a missing one (recorded for Get). */
  oidcProviderNotFound: (arn: string): AwsError => new AwsError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`),
  /** DeleteOpenIDConnectProvider for a missing provider (recorded; the API reference calls it idempotent, AWS is not). */
  oidcProviderNotFoundOnDelete: (arn: string): AwsError => new AwsError('NoSuchEntity', `OpenId connect Provider ${arn} cannot be found.`),

  // SAML providers.
  /** GetSAMLProvider / DeleteSAMLProvider (and the others naming a provider) for a missing one (recorded). */
  samlProviderNotFound: (arn: string): AwsError => new AwsError('NoSuchEntity', `Manifest not found for arn ${arn}`),
  /** CreateSAMLProvider with a name the account already uses. AWS's wording is not known. */
  samlProviderExists: (name: string): AwsError => new AwsError('EntityAlreadyExists', `SAML provider with name ${name} already exists.`),
  /** A metadata document IAM cannot use (not XML, not an IdP's metadata, no signing certificate). AWS's wording is not known. */
  invalidSamlMetadata: (reason: string): AwsError => new AwsError('InvalidInput', `Could not parse metadata: ${reason}`),
  /** AddPrivateKey with something that is not a PEM private key. AWS's wording is not known. */
  invalidSamlPrivateKey: (): AwsError => new AwsError('InvalidInput', 'The private key must be a PEM encoded RSA or EC private key.'),
  /** A third private key (IAM keeps at most 2, per the model). AWS's wording is not known. */
  tooManySamlPrivateKeys: (): AwsError => new AwsError('LimitExceeded', 'Cannot exceed quota for PrivateKeysPerSamlProvider: 2'),
  /** RemovePrivateKey with a key ID the provider does not have. AWS's wording is not known. */
  noSuchSamlPrivateKey: (keyId: string): AwsError => new AwsError('NoSuchEntity', `The private key with id ${keyId} cannot be found.`),

  // Instance profiles (recorded replies).
  noSuchInstanceProfile: (name: string): AwsError => new AwsError('NoSuchEntity', `Instance Profile ${name} cannot be found.`),
  instanceProfileExists: (name: string): AwsError => new AwsError('EntityAlreadyExists', `Instance Profile ${name} already exists.`),
  roleNotInInstanceProfile: (roleName: string, profileName: string): AwsError =>
    new AwsError('NoSuchEntity', `Role ${roleName} in Instance Profile ${profileName} cannot be found.`),
  /** AddRoleToInstanceProfile on a profile that already holds a role (recorded). */
  instanceProfileFull: (): AwsError => new AwsError('LimitExceeded', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1'),

  // Service-linked roles (recorded replies unless marked).
  /** Any change but the description to a service-linked role (recorded for DetachRolePolicy, DeleteRolePolicy, DeleteRole). */
  protectedRole: (roleName: string): AwsError =>
    new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`),
  /** CreateRole under the path reserved for service-linked roles (recorded). */
  reservedRolePath: (): AwsError => new AwsError('InvalidInput', "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles"),
  /** CreateServiceLinkedRole when the role exists (recorded). */
  serviceRoleNameTaken: (roleName: string): AwsError =>
    new AwsError('InvalidInput', `Service role name ${roleName} has been taken in this account, please try a different suffix.`),
  /** CustomSuffix for a service that takes none (recorded). */
  customSuffixNotAllowed: (serviceName: string): AwsError => new AwsError('InvalidInput', `Custom suffix is not allowed for ${serviceName}`),
  /** An AWSServiceName Gatehouse does not know. AWS's wording is not known. */
  unknownServiceName: (serviceName: string): AwsError =>
    new AwsError('InvalidInput', `Service ${serviceName} does not support service-linked roles.`),
  /** DeleteServiceLinkedRole on a role that is not service-linked. AWS's wording is not known. */
  notServiceLinked: (roleName: string): AwsError => new AwsError('InvalidInput', `Role ${roleName} is not a service-linked role.`),
  /** A DeletionTaskId not of the form task/aws-service-role/<service>/<role>/<id>. AWS's wording is not known. */
  invalidDeletionTaskId: (taskId: string): AwsError => new AwsError('InvalidInput', `Invalid deletion task id ${taskId}.`),
  /** A well-formed DeletionTaskId IAM has no task for. AWS's wording is not known. */
  noSuchDeletionTask: (taskId: string): AwsError => new AwsError('NoSuchEntity', `Deletion task ${taskId} cannot be found.`),

  // Account alias.
  /** CreateAccountAlias for an alias some account holds (recorded CLI output). */
  accountAliasTaken: (alias: string): AwsError => new AwsError('EntityAlreadyExists', `The account alias ${alias} already exists.`),
  /** DeleteAccountAlias for an alias the account does not hold. AWS's wording is not known. */
  noSuchAccountAlias: (alias: string): AwsError => new AwsError('NoSuchEntity', `The account alias ${alias} cannot be found.`),
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
