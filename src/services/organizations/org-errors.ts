/**
 * Organizations' errors, one builder per situation. Every error is HTTP 400 (the model gives no
 * other status) except the access denial, which the endpoint answers as it answers the engine's.
 *
 * Where each message comes from:
 * - recorded: quoted from real AWS answers (CLI output kept in public repositories and trackers);
 * - moto: the message moto's Organizations tests expect, whose "You specified … that doesn't
 *   exist." family matches AWS answers seen in the wild but is not confirmed by a recording here;
 * - documented: the sentence the model's documentation gives for the exception or its reason
 *   code; AWS's exact wording is not known;
 * - patterned: not known from any source; follows the "You specified … that doesn't exist." family.
 */
import { AwsError } from '../../aws/aws-error.js';
import { organizationsInvalidInput } from '../../aws/constraint-errors.js';

function orgError(code: string, message: string, reason?: string): AwsError {
  return new AwsError(code, message, 400, 'Sender', reason === undefined ? {} : { Reason: reason });
}

/** ConstraintViolationException reasons used here, with their messages. */
const CONSTRAINTS = {
  /** Recorded (AttachPolicy beyond 5 policies of a type on one target). */
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: 'You have attached the maximum number of policies to the specified target.',
  /** Documented. */
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
  /** Documented. */
  OU_DEPTH_LIMIT_EXCEEDED: 'You attempted to create an OU tree that is too many levels deep.',
  /** Documented. */
  MAX_TAG_LIMIT_EXCEEDED: 'You have exceeded the number of tags allowed on this resource.',
  /** Documented. */
  ORGANIZATION_NOT_IN_ALL_FEATURES_MODE:
    "You attempted to perform an operation that requires the organization to be configured to support all features. An organization that supports only consolidated billing features can't perform this operation.",
} as const;

export type ConstraintReason = keyof typeof CONSTRAINTS;

/** InvalidInputException reasons used here (besides the model's constraints), with their messages; all documented. */
const INVALID_INPUT = {
  IMMUTABLE_POLICY: "You specified a policy that is managed by Amazon Web Services and can't be modified.",
  NON_DETACHABLE_POLICY: "You can't detach this Amazon Web Services Managed Policy.",
  DUPLICATE_TAG_KEY: 'Tag keys must be unique among the tags attached to the same entity.',
  INVALID_SYSTEM_TAGS_PARAMETER:
    "You specified a tag key that is a system tag. You can’t add, edit, or delete system tag keys because they're reserved for Amazon Web Services use. System tags don’t count against your tags per resource limit.",
  INVALID_ROLE_NAME: "You provided a role name that isn't valid. A role name can't begin with the reserved prefix AWSServiceRoleFor.",
  INVALID_NEXT_TOKEN: 'Get the value for the NextToken parameter from the response to a previous call of the operation.',
  TARGET_NOT_SUPPORTED: "You can't perform the specified operation on that target entity.",
} as const;

export type InvalidInputReason = keyof typeof INVALID_INPUT;

export const orgErrors = {
  /** The brief's and moto's wording of AWS's answer. */
  notInUse: (): AwsError => orgError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'),
  /**
   * Recorded: the answer to a member account calling a management-account operation (AWS gives the
   * same answer there whether or not IAM would allow the call).
   */
  managementOnly: (): AwsError => new AwsError('AccessDenied', "You don't have permissions to access this resource."),
  /** moto. */
  alreadyInOrganization: (): AwsError => orgError('AlreadyInOrganizationException', 'The provided account is already a member of an organization.'),
  /** moto (which still says "master"). */
  organizationNotEmpty: (): AwsError =>
    orgError('OrganizationNotEmptyException', 'To delete an organization you must first remove all member accounts (except the master).'),
  /** moto. */
  accountNotFound: (): AwsError => orgError('AccountNotFoundException', "You specified an account that doesn't exist."),
  /** moto. */
  organizationalUnitNotFound: (): AwsError => orgError('OrganizationalUnitNotFoundException', "You specified an organizational unit that doesn't exist."),
  /** moto (sic: no article). */
  parentNotFound: (): AwsError => orgError('ParentNotFoundException', "You specified parent that doesn't exist."),
  /** Patterned. */
  childNotFound: (): AwsError => orgError('ChildNotFoundException', "You specified a child that doesn't exist."),
  /** Patterned. */
  sourceParentNotFound: (): AwsError => orgError('SourceParentNotFoundException', "You specified a source parent that doesn't exist."),
  /** Patterned. */
  destinationParentNotFound: (): AwsError => orgError('DestinationParentNotFoundException', "You specified a destination parent that doesn't exist."),
  /** moto. */
  targetNotFound: (): AwsError => orgError('TargetNotFoundException', "You specified a target that doesn't exist."),
  /** moto. */
  policyNotFound: (): AwsError => orgError('PolicyNotFoundException', "You specified a policy that doesn't exist."),
  /** moto. */
  rootNotFound: (): AwsError => orgError('RootNotFoundException', "You specified a root that doesn't exist."),
  /** Patterned. */
  createAccountStatusNotFound: (): AwsError =>
    orgError('CreateAccountStatusNotFoundException', "You specified a create account request that doesn't exist."),
  /** moto and documented. */
  duplicateOrganizationalUnit: (): AwsError => orgError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.'),
  /**
   * Recorded for DuplicatePolicyAttachmentException (below), whose answer is this sentence; that it
   * is also CreatePolicy's answer for a taken name is inferred from its wording.
   */
  duplicatePolicy: (): AwsError => orgError('DuplicatePolicyException', 'A policy with the specified name and type already exists.'),
  /** Recorded (AttachPolicy of a policy already attached to the target). */
  duplicatePolicyAttachment: (): AwsError => orgError('DuplicatePolicyAttachmentException', 'A policy with the specified name and type already exists.'),
  /** Documented. */
  duplicateAccount: (): AwsError => orgError('DuplicateAccountException', 'That account is already present in the specified destination.'),
  /** moto and documented. */
  policyInUse: (): AwsError =>
    orgError(
      'PolicyInUseException',
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    ),
  /** Documented. */
  policyNotAttached: (): AwsError => orgError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root."),
  /** moto. */
  policyTypeAlreadyEnabled: (): AwsError => orgError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.'),
  /** moto. */
  policyTypeNotEnabled: (): AwsError => orgError('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.'),
  /** Documented. */
  policyTypeNotAvailable: (): AwsError =>
    orgError(
      'PolicyTypeNotAvailableForOrganizationException',
      "You can't use the specified policy type with the feature set currently enabled for this organization.",
    ),
  /** Documented. */
  organizationalUnitNotEmpty: (): AwsError =>
    orgError(
      'OrganizationalUnitNotEmptyException',
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
    ),
  /** Documented. */
  managementCannotLeave: (): AwsError =>
    orgError(
      'MasterCannotLeaveOrganizationException',
      "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    ),
  constraintViolation: (reason: ConstraintReason): AwsError => orgError('ConstraintViolationException', CONSTRAINTS[reason], reason),
  invalidInput: (reason: InvalidInputReason): AwsError => organizationsInvalidInput(reason, INVALID_INPUT[reason]),
} as const;
