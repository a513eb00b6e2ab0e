/**
 * The AWS error type and AWS's wording of the common IAM/STS errors.
 *
 * Messages are copied from recorded AWS responses (AWS documentation, CLI/SDK output quoted in
 * issue trackers, and snapshot-tested recordings of real AWS replies). Where AWS's wording is not
 * known the entry says so in a comment.
 */

/** Who is at fault: `Sender` (4xx, the caller) or `Receiver` (5xx, the service). */
export type ErrorFault = 'Sender' | 'Receiver';

export class AwsError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly fault: ErrorFault;
  /**
   * Members the error shape has besides its message, as JSON services send them (Organizations'
   * `Reason` of InvalidInputException and ConstraintViolationException).
   */
  readonly fields: Readonly<Record<string, string>>;

  constructor(code: string, message: string, httpStatus?: number, fault?: ErrorFault, fields: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    const known = COMMON_ERROR_CODES[code as CommonErrorCode] as CommonErrorCodeInfo | undefined;
    this.httpStatus = httpStatus ?? known?.httpStatus ?? 400;
    this.fault = fault ?? (this.httpStatus >= 500 ? 'Receiver' : 'Sender');
    this.fields = fields;
  }
}

interface CommonErrorCodeInfo {
  readonly httpStatus: number;
}

/**
 * Error codes and their HTTP status. The statuses of the IAM codes are those of the IAM model's
 * error shapes (`error.httpStatusCode`); `ValidationError`, `InvalidAction`, `MissingAction` and
 * `AccessDenied` are answered by the Query front end with the statuses shown.
 */
export const COMMON_ERROR_CODES = {
  NoSuchEntity: { httpStatus: 404 },
  EntityAlreadyExists: { httpStatus: 409 },
  DeleteConflict: { httpStatus: 409 },
  LimitExceeded: { httpStatus: 409 },
  InvalidInput: { httpStatus: 400 },
  MalformedPolicyDocument: { httpStatus: 400 },
  ConcurrentModification: { httpStatus: 409 },
  EntityTemporarilyUnmodifiable: { httpStatus: 409 },
  UnmodifiableEntity: { httpStatus: 400 },
  PolicyNotAttachable: { httpStatus: 400 },
  PasswordPolicyViolation: { httpStatus: 400 },
  InvalidUserType: { httpStatus: 400 },
  InvalidAuthenticationCode: { httpStatus: 403 },
  MalformedCertificate: { httpStatus: 400 },
  InvalidCertificate: { httpStatus: 400 },
  DuplicateCertificate: { httpStatus: 409 },
  KeyPairMismatch: { httpStatus: 400 },
  InvalidPublicKey: { httpStatus: 400 },
  UnrecognizedPublicKeyEncoding: { httpStatus: 400 },
  DuplicateSSHPublicKey: { httpStatus: 400 },
  NotSupportedService: { httpStatus: 404 },
  ReportNotPresent: { httpStatus: 410 },
  ReportExpired: { httpStatus: 410 },
  ReportInProgress: { httpStatus: 404 },
  ServiceFailure: { httpStatus: 500 },
  ValidationError: { httpStatus: 400 },
  InvalidAction: { httpStatus: 400 },
  MissingAction: { httpStatus: 400 },
  AccessDenied: { httpStatus: 403 },
  Throttling: { httpStatus: 400 },
  // STS (statuses from the STS model) and the authentication layer shared by all services
  ExpiredTokenException: { httpStatus: 400 },
  ExpiredToken: { httpStatus: 403 },
  InvalidIdentityToken: { httpStatus: 400 },
  IDPRejectedClaim: { httpStatus: 403 },
  PackedPolicyTooLarge: { httpStatus: 400 },
  RegionDisabledException: { httpStatus: 403 },
  InvalidClientTokenId: { httpStatus: 403 },
  SignatureDoesNotMatch: { httpStatus: 403 },
  MissingAuthenticationToken: { httpStatus: 403 },
  IncompleteSignature: { httpStatus: 400 },
} as const satisfies Record<string, CommonErrorCodeInfo>;

export type CommonErrorCode = keyof typeof COMMON_ERROR_CODES;

/**
 * IAM entity kinds as AWS names them in NoSuchEntity / EntityAlreadyExists messages. Instance
 * profiles are worded differently ("Instance Profile X cannot be found.", recorded): see
 * `iamMessages` in src/services/iam/iam-messages.ts.
 */
export type IamEntityKind = 'user' | 'role' | 'group';

const ENTITY_TITLE: Record<IamEntityKind, string> = {
  user: 'User',
  role: 'Role',
  group: 'Group',
};

/** Why an entity cannot be deleted yet (DeleteConflict). */
export type DeleteConflictReason =
  | 'access keys'
  | 'attached policies'
  | 'inline policies'
  | 'group members'
  | 'login profile'
  | 'instance profile roles'
  | 'policy attached'
  | 'default policy version'
  | 'policy versions'
  | 'mfa devices'
  | 'signing certificates'
  | 'ssh public keys'
  | 'service specific credentials';

const DELETE_CONFLICT_MESSAGES: Record<DeleteConflictReason, string> = {
  'access keys': 'Cannot delete entity, must delete access keys first.',
  'attached policies': 'Cannot delete entity, must detach all policies first.',
  'inline policies': 'Cannot delete entity, must delete policies first.',
  'group members': 'Cannot delete entity, must remove users from group first.',
  'login profile': 'Cannot delete entity, must delete login profile first.',
  'instance profile roles': 'Cannot delete entity, must remove roles from instance profile first.',
  'policy attached': 'Cannot delete a policy attached to entities.',
  'default policy version': 'Cannot delete the default version of a policy.',
  // AWS's wording for deleting a policy that still has non-default versions is not confirmed by a
  // recording; this follows the pattern of the other DeleteConflict messages.
  // Recorded DeletePolicy answer for a policy that still has non-default versions.
  'policy versions': "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  // The three below are not confirmed by a recording; they follow the "must delete X first" pattern.
  'mfa devices': 'Cannot delete entity, must delete MFA device first.',
  'signing certificates': 'Cannot delete entity, must delete signing certificates first.',
  'ssh public keys': 'Cannot delete entity, must delete SSH public keys first.',
  // Recorded DeleteUser answer for a user that still has a service-specific credential.
  'service specific credentials': 'Cannot delete entity, must remove referenced objects first.',
};

/**
 * IAM quotas named in LimitExceeded messages ("Cannot exceed quota for X: N"). Attached managed
 * policies are `PoliciesPerUser` / `PoliciesPerGroup` / `PoliciesPerRole` in AWS's replies (not
 * the GetAccountSummary key names); policy sizes have their own messages (the policy engine's
 * SIZE_MESSAGES).
 */
export type IamQuota =
  | 'AccessKeysPerUser'
  | 'UsersPerAccount'
  | 'GroupsPerAccount'
  | 'RolesPerAccount'
  | 'PoliciesPerAccount'
  | 'PolicyVersionsInUse'
  | 'InstanceProfilesPerAccount'
  | 'GroupsPerUser'
  | 'PoliciesPerUser'
  | 'PoliciesPerGroup'
  | 'PoliciesPerRole'
  | 'RolesPerInstanceProfile'
  | 'OpenIdConnectProvidersPerAccount'
  | 'SamlProvidersPerAccount'
  | 'MFADevicesPerUser'
  | 'ServerCertificatesPerAccount'
  | 'SigningCertificatesPerUser'
  /** Recorded UploadSigningCertificate answer: "Cannot exceed quota for CertificatesPerUser: 2". */
  | 'CertificatesPerUser'
  | 'SSHPublicKeysPerUser'
  /** Not confirmed by a recording: AWS's quota name for service-specific credentials is not known. */
  | 'ServiceSpecificCredentialsPerUser';

/**
 * Builders for AWS's messages, one entry per situation. Each returns an `AwsError` ready to be
 * thrown by a handler.
 */
export const awsErrors = {
  /** "The user with name X cannot be found." (also role, group) */
  noSuchEntity: (kind: IamEntityKind, name: string): AwsError =>
    new AwsError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`),
  /** "Policy arn:... does not exist or is not attachable." */
  noSuchPolicy: (policyArn: string): AwsError =>
    new AwsError('NoSuchEntity', `Policy ${policyArn} does not exist or is not attachable.`),
  /** "Policy arn:... version v3 does not exist or is not attachable." */
  noSuchPolicyVersion: (policyArn: string, versionId: string): AwsError =>
    new AwsError('NoSuchEntity', `Policy ${policyArn} version ${versionId} does not exist or is not attachable.`),
  /** "The user policy with name X cannot be found." (inline policies; kind is user/role/group) */
  noSuchInlinePolicy: (kind: 'user' | 'role' | 'group', policyName: string): AwsError =>
    new AwsError('NoSuchEntity', `The ${kind} policy with name ${policyName} cannot be found.`),
  /** "Login Profile for User X cannot be found." */
  noSuchLoginProfile: (userName: string): AwsError =>
    new AwsError('NoSuchEntity', `Login Profile for User ${userName} cannot be found.`),
  /** "The Access Key with id X cannot be found." */
  noSuchAccessKey: (accessKeyId: string): AwsError =>
    new AwsError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`),
  /** "User with name X already exists." (also Role, Group) */
  entityAlreadyExists: (kind: IamEntityKind, name: string): AwsError =>
    new AwsError('EntityAlreadyExists', `${ENTITY_TITLE[kind]} with name ${name} already exists.`),
  /** "A policy called X already exists. Duplicate names are not allowed." */
  policyAlreadyExists: (policyName: string): AwsError =>
    new AwsError('EntityAlreadyExists', `A policy called ${policyName} already exists. Duplicate names are not allowed.`),
  /** "Login Profile for user X already exists." */
  loginProfileAlreadyExists: (userName: string): AwsError =>
    new AwsError('EntityAlreadyExists', `Login Profile for user ${userName} already exists.`),
  deleteConflict: (reason: DeleteConflictReason): AwsError =>
    new AwsError('DeleteConflict', DELETE_CONFLICT_MESSAGES[reason]),
  /** "Cannot exceed quota for AccessKeysPerUser: 2" (no final full stop in AWS's message). */
  limitExceeded: (quota: IamQuota, limit: number): AwsError =>
    new AwsError('LimitExceeded', `Cannot exceed quota for ${quota}: ${limit}`),
  invalidInput: (message: string): AwsError => new AwsError('InvalidInput', message),
  /** "ARN X is not valid." (InvalidInput for a malformed policy ARN). */
  invalidArn: (arn: string): AwsError => new AwsError('InvalidInput', `ARN ${arn} is not valid.`),
  malformedPolicyDocument: (reason: string): AwsError => new AwsError('MalformedPolicyDocument', reason),
  /**
   * IAM's answer when a name parameter (userName, roleName, groupName, policyName, ...) breaks the
   * pattern `[\w+=,.@-]+`.
   */
  invalidName: (parameter: string): AwsError =>
    new AwsError(
      'ValidationError',
      `The specified value for ${parameter} is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-`,
    ),
  validation: (message: string): AwsError => new AwsError('ValidationError', message),
  /** IAM's answer to a path that breaks its rules (recorded for CreateVirtualMFADevice). */
  invalidPath: (): AwsError =>
    new AwsError(
      'ValidationError',
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    ),
  /** STS: "Request ARN is invalid" (e.g. a malformed RoleArn). */
  invalidRequestArn: (): AwsError => new AwsError('ValidationError', 'Request ARN is invalid'),
  /** Query front end: an Action the service does not have (or not in this Version). */
  invalidAction: (action: string, version: string): AwsError =>
    new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`),
  /** The request names no Action. AWS's message text for this case is not known. */
  missingAction: (): AwsError => new AwsError('MissingAction', 'Missing Action'),
  accessDenied: (message: string): AwsError => new AwsError('AccessDenied', message),
  /**
   * "Rate exceeded": AWS's throttling answer (Query services `Throttling`, JSON services
   * `ThrottlingException`), which the SDKs and CLIs retry after backing off.
   */
  throttling: (): AwsError => new AwsError('Throttling', 'Rate exceeded'),
  serviceFailure: (): AwsError =>
    new AwsError(
      'ServiceFailure',
      'The request processing has failed because of an unknown error, exception or failure.',
      500,
      'Receiver',
    ),
} as const;
