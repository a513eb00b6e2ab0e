/**
 * What every service operation declares: the IAM authorization it needs (action, resource,
 * condition keys) and its handler. A service is a table of these; the server reads the table, so
 * adding an operation is adding one entry and one handler.
 *
 * Flow for one request (DESIGN.md): the server decodes the input with the service model, asks the
 * operation for its authorization, has the policy engine decide it for the caller, then runs the
 * handler and encodes its output with the model.
 */
import type { CompiledPolicy, ContextKeys, RequestPrincipal } from '../policy/types.js';
import type { WireRecord } from '../aws/wire-value.js';
import type { Store } from '../state/store.js';
import type { Sealer, SessionClaims } from './sts/session-token.js';
import type { GroupRecord, RoleRecord, UserRecord } from '../state/records.js';
import type { SecretSealer } from '../state/secret-sealer.js';
import type { FederationContext } from './sts/federation-context.js';

/** The authenticated caller of a request. */
export interface Caller {
  /** For the policy engine: type, ARN, account, the identity behind a session. */
  readonly principal: RequestPrincipal;
  readonly accountId: string;
  /** `aws:userid`: AIDA… for users, the account ID for root, `AROA…:session` for role sessions. */
  readonly userId: string;
  /** The IAM user name for users (`aws:username`); absent otherwise. */
  readonly userName?: string;
  /** The access key the request was signed with. */
  readonly accessKeyId: string;
  /** The principal's tags (`aws:PrincipalTag/<key>`): for sessions, the role's or user's with the session's over them. */
  readonly tags: Readonly<Record<string, string>>;
  /** For temporary credentials: the session, as its token says. */
  readonly session?: SessionClaims;
}

/** Seals and opens session tokens and encoded authorization messages under Gatehouse's key. */
export type SessionSealer = Sealer;
/** An IAM user, group or role whose policies are asked for. */
export type PolicyHolder =
  | { readonly kind: 'user'; readonly record: UserRecord }
  | { readonly kind: 'group'; readonly record: GroupRecord }
  | { readonly kind: 'role'; readonly record: RoleRecord };

/** One policy of an IAM entity, compiled, with where it comes from. */
export interface HeldPolicy {
  readonly policy: CompiledPolicy;
  /** The inline policy's name, or the managed policy's name. */
  readonly name: string;
  /** An inline policy of a user, group or role; or an AWS managed or customer managed policy. */
  readonly origin: 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed';
}

/** The identity-based policies and permissions boundary that apply to an entity's requests. */
export interface HeldPolicies {
  /** A user's own policies and its groups' (in that order), a group's or a role's. */
  readonly identity: readonly HeldPolicy[];
  readonly boundary: HeldPolicy | undefined;
  /** Policies the entity holds that the engine cannot read (their names); enforcement skips them. */
  readonly unreadable: readonly string[];
}

/** The policies the server assembles for authorization, for operations that report on them. */
export interface PolicyDirectory {
  heldPolicies(holder: PolicyHolder): Promise<HeldPolicies>;
}

export interface OperationContext {
  readonly store: Store;
  /** Seals and opens the secrets the store keeps encrypted (virtual MFA seeds). */
  readonly sealer: SecretSealer;
  readonly caller: Caller;
  /** The same assembly of an entity's policies that authorizes requests (the policy simulator reads it). */
  readonly policies: PolicyDirectory;
  /** The account the request acts in (the caller's account for IAM). */
  readonly accountId: string;
  /** The region the request was signed for (`us-east-1` for IAM). */
  readonly region: string;
  readonly requestId: string;
  /** The request's time; handlers never read the clock themselves. */
  readonly now: Date;
  /** Session tokens (STS). */
  readonly sessions: SessionSealer;
  /** For the unsigned federation operations: identity providers' keys, the request's global keys. */
  readonly federation?: FederationContext;
  /** The Host the request was sent to (EKS names cluster endpoints after it). */
  readonly requestHost?: string;
}

/** One decision the engine must allow before the handler runs. */
export interface Authorization {
  /** `iam:CreateUser`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without one. */
  readonly resource: string;
  /** The account owning the resource, when it is not the caller's. */
  readonly resourceAccount?: string;
  /** Operation-specific condition keys (iam:PermissionsBoundary, iam:PolicyARN, aws:RequestTag/…, aws:TagKeys, aws:ResourceTag/…). Global keys are added by the server. */
  readonly keys?: ContextKeys;
  /**
   * The role trust policy that must also allow (sts:AssumeRole*, sts:TagSession,
   * sts:SetSourceIdentity on a role): its document as stored. A role that does not exist has no
   * trust policy to allow anything: `null`.
   */
  readonly trustPolicy?: string | null;
  /** A denial names the action only (`User: <arn> is not authorized to perform: iam:PassRole`), as EKS words it. */
  readonly omitsResourceInMessage?: boolean;
}

export interface OperationDef {
  /** AWS's operation name, e.g. `CreateUser`. */
  readonly name: string;
  /** True for operations that change nothing (CloudTrail's `readOnly`). */
  readonly readOnly: boolean;
  /** What the engine must allow; may read the store (for resource tags). Throws AwsError for bad input. */
  authorize(input: WireRecord, ctx: OperationContext): Promise<Authorization | readonly Authorization[]> | Authorization | readonly Authorization[];
  /**
   * Accepted without a signature (AWS's `authtype: none`: AssumeRoleWithWebIdentity and
   * AssumeRoleWithSAML). An unsigned request skips authentication and `authorize`; the handler
   * decides alone, from the token or assertion it carries.
   */
  readonly unsigned?: true;
  /** Runs the operation; returns the output structure (model member names). Throws AwsError. */
  handler(input: WireRecord, ctx: OperationContext): Promise<WireRecord>;
}

export type OperationTable = ReadonlyMap<string, OperationDef>;

/** Builds a table from a list of operations, keyed by name. */
export function operationTable(ops: readonly OperationDef[]): OperationTable {
  return new Map(ops.map((op) => [op.name, op]));
}
