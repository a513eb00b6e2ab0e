/**
 * The policies that apply to a principal's requests, assembled from an account's authorization
 * details — the shape of IAM's GetAccountAuthorizationDetails answer, as the AWS SDKs, boto3 and
 * the AWS CLI return it (documents URL-encoded, as JSON text, or already parsed). A user's
 * identity-based policies are its inline and attached managed policies and those of its groups; a
 * role's are its own; a user or role may have a permissions boundary (access_policies.md,
 * access_policies_boundaries.md). The request principal and its principal-side condition keys
 * (reference_policies_condition-keys.md) come with them.
 */
import type { CompiledPolicy, ContextValue, Json, PolicyKind, PolicySet, RequestPrincipal } from './types.js';
import { parsePolicy } from './parse-policy.js';
import { classifyPrincipalArn, requestPrincipal } from './principal-arn.js';

/** A policy document as account details carry it: URL-encoded or plain JSON text, or parsed. */
export type DocumentValue = string | Json;

export interface InlinePolicyDetail {
  readonly PolicyName: string;
  readonly PolicyDocument?: DocumentValue;
}

export interface AttachedPolicyDetail {
  readonly PolicyName?: string;
  readonly PolicyArn: string;
}

export interface BoundaryDetail {
  readonly PermissionsBoundaryArn: string;
  readonly PermissionsBoundaryType?: string;
}

export interface TagDetail {
  readonly Key: string;
  readonly Value: string;
}

export interface UserDetail {
  readonly UserName: string;
  readonly Arn: string;
  readonly UserId?: string;
  readonly GroupList?: readonly string[];
  readonly UserPolicyList?: readonly InlinePolicyDetail[];
  readonly AttachedManagedPolicies?: readonly AttachedPolicyDetail[];
  readonly PermissionsBoundary?: BoundaryDetail;
  readonly Tags?: readonly TagDetail[];
}

export interface GroupDetail {
  readonly GroupName: string;
  readonly Arn?: string;
  readonly GroupPolicyList?: readonly InlinePolicyDetail[];
  readonly AttachedManagedPolicies?: readonly AttachedPolicyDetail[];
}

export interface RoleDetail {
  readonly RoleName: string;
  readonly Arn: string;
  readonly RoleId?: string;
  readonly AssumeRolePolicyDocument?: DocumentValue;
  readonly RolePolicyList?: readonly InlinePolicyDetail[];
  readonly AttachedManagedPolicies?: readonly AttachedPolicyDetail[];
  readonly PermissionsBoundary?: BoundaryDetail;
  readonly Tags?: readonly TagDetail[];
}

export interface ManagedPolicyDetail {
  readonly PolicyName?: string;
  readonly Arn: string;
  readonly DefaultVersionId?: string;
  readonly PolicyVersionList?: readonly { readonly Document?: DocumentValue; readonly VersionId?: string; readonly IsDefaultVersion?: boolean }[];
}

/** GetAccountAuthorizationDetails' answer, or the parts of it the policies need. */
export interface AccountAuthorizationDetails {
  readonly UserDetailList?: readonly UserDetail[];
  readonly GroupDetailList?: readonly GroupDetail[];
  readonly RoleDetailList?: readonly RoleDetail[];
  readonly Policies?: readonly ManagedPolicyDetail[];
}

export interface AssembleOptions {
  /**
   * The document of a managed policy the details do not hold (AWS managed policies, when the
   * details were fetched without them).
   */
  readonly managedPolicy?: (arn: string) => DocumentValue | undefined;
  /** For a role: the name of the session that makes the request (default `session`). */
  readonly sessionName?: string;
}

export interface AssembledPolicies {
  /** Who makes the request; a role's requests are made by a session of it. */
  readonly principal: RequestPrincipal;
  /** Identity-based policies and permissions boundary. Add resource-side and organization policies as the request needs. */
  readonly policies: PolicySet;
  /** A role's trust policy, for requests that assume the role (`PolicySet.trust`). */
  readonly trust: CompiledPolicy | undefined;
  /** The principal's condition keys: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username, aws:userid, aws:PrincipalTag/…. */
  readonly context: Readonly<Record<string, ContextValue>>;
}

/** A principal that is not in the details, or a policy that is missing or does not validate. */
export class PolicyAssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyAssemblyError';
  }
}

/**
 * The policies that apply to requests of a user or role (a role ARN, or an assumed-role ARN of one
 * of the account's roles) described in `details`. Throws PolicyAssemblyError when the principal is
 * not there or a policy it needs is missing or invalid.
 */
export function policiesForPrincipal(details: AccountAuthorizationDetails, principalArn: string, options: AssembleOptions = {}): AssembledPolicies {
  const who = classifyPrincipalArn(principalArn);
  const managed = managedLookup(details, options);
  if (who?.kind === 'user') {
    const user = details.UserDetailList?.find((u) => u.Arn === principalArn);
    if (user === undefined) throw new PolicyAssemblyError(`The user ${principalArn} is not in the account details.`);
    const identity = [...inline('identity', `user/${user.UserName}`, user.UserPolicyList), ...attached(user.AttachedManagedPolicies, managed)];
    for (const name of user.GroupList ?? []) {
      const group = details.GroupDetailList?.find((g) => g.GroupName === name);
      if (group === undefined) throw new PolicyAssemblyError(`The group ${name} of user ${user.UserName} is not in the account details.`);
      identity.push(...inline('identity', `group/${group.GroupName}`, group.GroupPolicyList), ...attached(group.AttachedManagedPolicies, managed));
    }
    const principal: RequestPrincipal = { type: 'user', arn: user.Arn, accountId: who.accountId };
    const context: Record<string, ContextValue> = principalKeys(principal, 'User', user.Tags);
    context['aws:username'] = user.UserName;
    if (user.UserId !== undefined) context['aws:userid'] = user.UserId;
    return { principal, policies: { identity, boundary: boundaryOf(user.PermissionsBoundary, managed) }, trust: undefined, context };
  }
  if (who?.kind === 'role' || who?.kind === 'assumed-role') {
    const roleName = who.kind === 'role' ? who.name : who.roleName;
    const role = details.RoleDetailList?.find((r) => r.RoleName === roleName && (who.kind === 'assumed-role' || r.Arn === principalArn));
    if (role === undefined) throw new PolicyAssemblyError(`The role ${roleName} is not in the account details.`);
    const sessionName = who.kind === 'assumed-role' ? who.sessionName : (options.sessionName ?? 'session');
    const principal = requestPrincipal(role.Arn, { sessionName });
    if (principal === undefined) throw new PolicyAssemblyError(`${role.Arn} is not a role ARN.`);
    const identity = [...inline('identity', `role/${role.RoleName}`, role.RolePolicyList), ...attached(role.AttachedManagedPolicies, managed)];
    const trust = role.AssumeRolePolicyDocument !== undefined ? compile(role.AssumeRolePolicyDocument, 'trust', `trust policy of role/${role.RoleName}`) : undefined;
    const context: Record<string, ContextValue> = principalKeys(principal, 'AssumedRole', role.Tags);
    context['aws:PrincipalArn'] = role.Arn;
    if (role.RoleId !== undefined) context['aws:userid'] = `${role.RoleId}:${sessionName}`;
    return { principal, policies: { identity, boundary: boundaryOf(role.PermissionsBoundary, managed) }, trust, context };
  }
  throw new PolicyAssemblyError(`${principalArn} names no IAM user or role.`);
}

function principalKeys(p: RequestPrincipal, type: string, tags: readonly TagDetail[] | undefined): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = { 'aws:PrincipalArn': p.arn, 'aws:PrincipalType': type };
  if (p.accountId !== undefined) keys['aws:PrincipalAccount'] = p.accountId;
  for (const t of tags ?? []) keys[`aws:PrincipalTag/${t.Key}`] = t.Value;
  return keys;
}

type ManagedLookup = (arn: string) => DocumentValue | undefined;

function managedLookup(details: AccountAuthorizationDetails, options: AssembleOptions): ManagedLookup {
  return (arn) => {
    const p = details.Policies?.find((x) => x.Arn === arn);
    if (p !== undefined) {
      const versions = p.PolicyVersionList ?? [];
      const v = versions.find((x) => x.IsDefaultVersion === true) ?? versions.find((x) => x.VersionId === p.DefaultVersionId);
      if (v?.Document !== undefined) return v.Document;
    }
    return options.managedPolicy?.(arn);
  };
}

function inline(kind: PolicyKind, holder: string, list: readonly InlinePolicyDetail[] | undefined): CompiledPolicy[] {
  return (list ?? []).map((p) => {
    if (p.PolicyDocument === undefined) throw new PolicyAssemblyError(`The inline policy ${p.PolicyName} of ${holder} has no document.`);
    return compile(p.PolicyDocument, kind, `${holder} inline policy ${p.PolicyName}`);
  });
}

function attached(list: readonly AttachedPolicyDetail[] | undefined, managed: ManagedLookup): CompiledPolicy[] {
  return (list ?? []).map((a) => managedPolicy(a.PolicyArn, 'identity', managed));
}

function boundaryOf(b: BoundaryDetail | undefined, managed: ManagedLookup): CompiledPolicy | undefined {
  return b === undefined ? undefined : managedPolicy(b.PermissionsBoundaryArn, 'boundary', managed);
}

function managedPolicy(arn: string, kind: 'identity' | 'boundary', managed: ManagedLookup): CompiledPolicy {
  const document = managed(arn);
  if (document === undefined) throw new PolicyAssemblyError(`The managed policy ${arn} is not in the account details.`);
  return compile(document, kind, arn);
}

function compile(document: DocumentValue, kind: PolicyKind, id: string): CompiledPolicy {
  const r = parsePolicy(decodeDocument(document), kind, id);
  if (!r.ok) throw new PolicyAssemblyError(`${id}: ${r.error.message}`);
  return r.policy;
}

/** IAM returns documents URL-encoded (`%7B%22Version%22...`); SDKs other than the JS SDK decode them. */
function decodeDocument(document: DocumentValue): DocumentValue {
  if (typeof document !== 'string' || document.trimStart().startsWith('{')) return document;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}
