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
  /** Attach*Policy and ListEntitiesForPolicy on a missing policy (recorded: test_iam_users, test_iam_policies). */
  policyNotAttachable: (policyArn: string): AwsError => new AwsError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`),
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
  /** The same for a managed policy's tags (recorded CreatePolicy and TagPolicy replies). */
  duplicatePolicyTagKeys: (): AwsError => new AwsError('InvalidInput', 'Duplicate tag keys found.'),
  /**
   * More than 50 tags on a resource after Tag*. Recorded for TagOpenIDConnectProvider; IAM's other
   * Tag* operations are taken to answer alike.
   */
  tooManyTags: (): AwsError => new AwsError('LimitExceeded', 'The number of tags has reached the maximum limit.'),
  /**
   * A path that passes the model's pattern but breaks IAM's rules (empty segments). The wording is
   * the one IAM answers a path that breaks the pattern; for this case it is not confirmed.
   */
  invalidPath: (): AwsError => awsErrors.invalidPath(),
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
  // Passwords and the account password policy.
  /** A password that breaks the password policy; the reason as `password-rules.ts` words it. */
  passwordPolicyViolation: (reason: string): AwsError => new AwsError('PasswordPolicyViolation', reason),
  /** GetAccountPasswordPolicy without a custom policy (recorded; "domain name" is the account ID). */
  noPasswordPolicy: (accountId: string): AwsError => new AwsError('NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`),
  /** DeleteAccountPasswordPolicy without a custom policy (recorded; worded unlike the Get case). */
  noPasswordPolicyToDelete: (): AwsError => new AwsError('NoSuchEntity', 'The account policy with name PasswordPolicy cannot be found.'),
  /** ChangePassword by the root user or a session. AWS's wording is not confirmed by a recording. */
  changePasswordNotIamUser: (): AwsError => new AwsError('InvalidUserType', 'Only IAM users can change their own password with ChangePassword.'),
  /**
   * ChangePassword with a wrong OldPassword. Neither the code nor the wording is confirmed by a
   * recording: the IAM model lists no error for it, and AccessDenied is what IAM answers a caller
   * whose credentials do not check out.
   */
  oldPasswordIncorrect: (): AwsError => new AwsError('AccessDenied', 'The old password is incorrect.'),
  /**
   * ChangePassword after the password expired under a policy with HardExpiry ("Password expiration
   * requires administrator reset"). The code is the model's; the wording is not confirmed.
   */
  passwordExpiredHardExpiry: (userName: string): AwsError =>
    new AwsError('EntityTemporarilyUnmodifiable', `The password of user ${userName} has expired and can be reset only by an administrator.`),

  // Virtual MFA devices.
  /** Deactivate/Delete/Enable... naming a device that does not exist (recorded). */
  noSuchMfaDevice: (serialNumber: string): AwsError => new AwsError('NoSuchEntity', `MFA Device with serial number ${serialNumber} does not exist.`),
  /** CreateVirtualMFADevice with a name in use in the account, enabled or not (recorded). */
  mfaDeviceAlreadyExists: (): AwsError => new AwsError('EntityAlreadyExists', 'MFA device already exists.'),
  /**
   * EnableMFADevice on a device already enabled for a user (recorded for another user: test_iam_mfa
   * › test_enable_mfa_device_already_attached; for the same user taken to be alike).
   */
  mfaDeviceAlreadyEnabled: (): AwsError => new AwsError('EntityAlreadyExists', 'MFA Device is already in use.'),
  /** DeleteVirtualMFADevice on a device still enabled for a user. AWS's wording is not confirmed. */
  mfaDeviceStillEnabled: (): AwsError => new AwsError('DeleteConflict', 'Cannot delete entity, must deactivate MFA device first.'),
  /**
   * Codes that are not two consecutive codes of the device, or that were accepted before. AWS
   * words every such case alike ("Authentication code for device is not valid.", 403, as the IAM
   * console and API report it).
   */
  invalidAuthenticationCode: (): AwsError => new AwsError('InvalidAuthenticationCode', 'Authentication code for device is not valid.'),

  // SSH public keys (the three format errors are worded after the IAM model's descriptions; AWS's
  // messages are not confirmed by a recording).
  /** Get/Update/DeleteSSHPublicKey with an unknown key ID (recorded). */
  noSuchSshPublicKey: (keyId: string): AwsError => new AwsError('NoSuchEntity', `The Public Key with id ${keyId} cannot be found.`),
  invalidPublicKey: (): AwsError => new AwsError('InvalidPublicKey', 'The request was rejected because the public key is malformed or otherwise invalid.'),
  unrecognizedPublicKeyEncoding: (): AwsError =>
    new AwsError('UnrecognizedPublicKeyEncoding', 'The request was rejected because the public key encoding format is unsupported or unrecognized.'),
  duplicateSshPublicKey: (): AwsError =>
    new AwsError('DuplicateSSHPublicKey', 'The request was rejected because the SSH public key is already associated with the specified IAM user.'),

  /**
   * Update{SSHPublicKey,SigningCertificate,ServiceSpecificCredential} with Status `Expired`, which
   * IAM sets itself. The code is the one these operations list; AWS's wording is not known.
   */
  statusNotSettable: (status: string): AwsError => new AwsError('InvalidInput', `Status ${status} cannot be set; use Active or Inactive.`),

  // Signing certificates.
  /** Update/DeleteSigningCertificate with an unknown ID (recorded). */
  noSuchSigningCertificate: (certificateId: string): AwsError => new AwsError('NoSuchEntity', `The Certificate with id ${certificateId} cannot be found.`),
  /** UploadSigningCertificate with a body that is not an X.509 certificate (recorded: the body is quoted). */
  malformedSigningCertificate: (body: string): AwsError => new AwsError('MalformedCertificate', `Certificate ${body} is malformed.`),
  /** The same certificate uploaded again in the account. Worded after the model; not confirmed. */
  duplicateCertificate: (): AwsError =>
    new AwsError('DuplicateCertificate', 'The request was rejected because the same certificate is associated with an IAM user in the account.'),

  // Server certificates.
  /** Get/Update/Delete/Tag... with an unknown name (recorded). */
  noSuchServerCertificate: (name: string): AwsError => new AwsError('NoSuchEntity', `The Server Certificate with name ${name} cannot be found.`),
  /** Upload/Update to a name in use (recorded). */
  serverCertificateAlreadyExists: (name: string): AwsError =>
    new AwsError('EntityAlreadyExists', `The Server Certificate with name ${name} already exists.`),
  /** A body or private key that is not PEM (recorded CLI output). */
  unparsableCertificate: (): AwsError =>
    new AwsError('MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.'),
  /** A chain whose certificate at `index` (the body is 0) did not sign the one before (recorded CLI output). */
  invalidCertificateChain: (index: number): AwsError =>
    new AwsError(
      'MalformedCertificate',
      `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`,
    ),
  /** A private key that does not belong to the certificate. Worded after the model; not confirmed. */
  keyPairMismatch: (): AwsError => new AwsError('KeyPairMismatch', 'The request was rejected because the public key certificate and the private key do not match.'),
  /**
   * A certificate outside its validity period (IAM accepts none: "The certificate must be valid at
   * the time of upload"). The code is the model's; the wording is not confirmed.
   */
  certificateNotValidNow: (): AwsError => new AwsError('MalformedCertificate', 'The certificate is not valid at the time of upload.'),

  // Service-specific credentials.
  /** A service that issues no service-specific credentials (recorded, NoSuchEntity 404). */
  noSuchCredentialService: (serviceName: string): AwsError =>
    new AwsError('NoSuchEntity', `No such service ${serviceName} is supported for Service Specific Credentials`),
  /** An unknown credential ID (recorded). */
  noSuchServiceCredential: (credentialId: string): AwsError => new AwsError('NoSuchEntity', `No such credential ${credentialId} exists`),
  /** CredentialAgeDays for a service whose credentials do not expire. AWS's wording is not known. */
  credentialAgeNotSupported: (serviceName: string): AwsError =>
    new AwsError('InvalidInput', `CredentialAgeDays is not supported for ${serviceName}.`),
  /** ListServiceSpecificCredentials with both AllUsers and UserName. AWS's wording is not known. */
  allUsersWithUserName: (): AwsError => new AwsError('InvalidInput', 'AllUsers cannot be specified together with UserName.'),

  // Credential reports. The recorded ReportNotPresent answer carries no message at all; the other
  // two are assumed to be alike.
  reportNotPresent: (): AwsError => new AwsError('ReportNotPresent', ''),
  reportExpired: (): AwsError => new AwsError('ReportExpired', ''),
} as const;
