/**
 * The organization's guardrails on requests (orgs_manage_policies_scps.md,
 * orgs_manage_policies_rcps.md, reference_policies_evaluation-logic.md):
 *
 * - SCPs limit every principal of a member account, its root user included: the policies attached
 *   to the root, to each OU on the way down and to the account form one level each, and every
 *   level must allow. The management account is exempt.
 * - RCPs limit requests on resources of member accounts, level by level in the same way, for the
 *   services that support RCPs. Resources of the management account are exempt.
 * - A policy type applies only while it is enabled in the root.
 *
 * `OrganizationPolicies` finds an account's levels, compiled, and remembers them until the store
 * changes (after the same propagation delay as IAM changes); `limit` adds them to a request's
 * policy set, with the organization's global condition keys (aws:PrincipalOrgID,
 * aws:PrincipalOrgPaths, aws:ResourceOrgID, aws:ResourceOrgPaths).
 */
import type { CompiledPolicy, ContextKeys, PolicyKind, PolicySet } from '../../policy/index.js';
import type { OrganizationPolicyType } from '../../state/records.js';
import type { ReadCollections, Store } from '../../state/store.js';
import { awsManagedOrgPolicy } from './aws-managed-policies.js';
import { findOrganization } from './org-operation.js';
import { pathFromRoot } from './org-tree.js';
import { attachmentsOf } from './policy-attachments.js';

/** One level per step from the root to the account; each level's policies of one type. */
export type PolicyLevels = readonly (readonly CompiledPolicy[])[];

export interface AccountGuardrails {
  readonly organizationId: string;
  readonly managementAccount: boolean;
  /** The account's place in the tree, `o-…/r-…/ou-…/` (the account itself not included). */
  readonly orgPath: string;
  /** Undefined for the management account and while SCPs are not enabled. */
  readonly scps: PolicyLevels | undefined;
  /** Undefined for the management account and while RCPs are not enabled. */
  readonly rcps: PolicyLevels | undefined;
}

/**
 * The services whose resources RCPs apply to (orgs_manage_policies_rcps.md, "List of AWS services
 * that support RCPs"). IAM is not among them.
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'cognito-identity', 'dynamodb', 'ecr', 'logs', 'aoss']);

/** Compiles a stored document of a kind (the server's content-keyed cache); undefined if it no longer validates. */
export type CompilePolicy = (kind: PolicyKind, id: string, text: string) => CompiledPolicy | undefined;

export interface OrganizationPoliciesOptions {
  readonly propagationDelayMs: number;
  readonly compile: CompilePolicy;
}

export interface GuardedRequest {
  readonly set: PolicySet;
  /** The organization's condition keys; undefined when neither account is in an organization. */
  readonly keys: ContextKeys | undefined;
}

export class OrganizationPolicies {
  readonly #store: Store;
  readonly #options: OrganizationPoliciesOptions;
  #accounts = new Map<string, Promise<AccountGuardrails | undefined>>();
  readonly #unsubscribe: () => void;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(store: Store, options: OrganizationPoliciesOptions) {
    this.#store = store;
    this.#options = options;
    this.#unsubscribe = store.onRevision(() => this.#changed());
  }

  close(): void {
    this.#unsubscribe();
    for (const t of this.#timers) clearTimeout(t);
  }

  #changed(): void {
    const delay = this.#options.propagationDelayMs;
    if (delay <= 0) {
      this.#accounts = new Map();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#accounts = new Map();
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }

  /** The guardrails of an account of the organization; undefined for an account outside it (or no organization). */
  forAccount(accountId: string): Promise<AccountGuardrails | undefined> {
    let hit = this.#accounts.get(accountId);
    if (hit === undefined) {
      hit = organizationPolicies(this.#store.read, accountId, this.#options.compile);
      this.#accounts.set(accountId, hit);
      hit.catch(() => this.#accounts.delete(accountId));
    }
    return hit;
  }

  /**
   * A request by a principal of `principalAccount` on a resource of `resourceAccount`, limited by
   * the organization: its policy set with the SCP and RCP levels that apply, and the organization's
   * condition keys.
   */
  async limit(set: PolicySet, principalAccount: string, resourceAccount: string, action: string): Promise<GuardedRequest> {
    const principal = await this.forAccount(principalAccount);
    const resource = resourceAccount === principalAccount ? principal : await this.forAccount(resourceAccount);
    if (principal === undefined && resource === undefined) return { set, keys: undefined };
    return { set: withGuardrails(set, principal, resource, action), keys: organizationConditionKeys(principal, resource) };
  }
}

/** The set limited by the principal's SCPs and, for RCP services, the resource's RCPs. */
export function withGuardrails(set: PolicySet, principal: AccountGuardrails | undefined, resource: AccountGuardrails | undefined, action: string): PolicySet {
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  const scps = principal?.scps;
  const rcps = RCP_SERVICES.has(service) ? resource?.rcps : undefined;
  if (scps === undefined && rcps === undefined) return set;
  return {
    ...set,
    ...(scps === undefined ? {} : { scps, principalInManagementAccount: false }),
    ...(rcps === undefined ? {} : { rcps, resourceInManagementAccount: false }),
  };
}

/** aws:PrincipalOrgID / aws:PrincipalOrgPaths and aws:ResourceOrgID / aws:ResourceOrgPaths. */
export function organizationConditionKeys(principal: AccountGuardrails | undefined, resource: AccountGuardrails | undefined): ContextKeys {
  return {
    ...(principal === undefined ? {} : { 'aws:PrincipalOrgID': principal.organizationId, 'aws:PrincipalOrgPaths': [principal.orgPath] }),
    ...(resource === undefined ? {} : { 'aws:ResourceOrgID': resource.organizationId, 'aws:ResourceOrgPaths': [resource.orgPath] }),
  };
}

/** The compiled SCP and RCP levels that apply to an account, read from the store. */
export async function organizationPolicies(c: ReadCollections, accountId: string, compile: CompilePolicy): Promise<AccountGuardrails | undefined> {
  const org = await findOrganization(c);
  if (org === undefined) return undefined;
  const path = await pathFromRoot(c, org, accountId);
  if (path === undefined) return undefined;
  const management = accountId === org.MasterAccountId;
  const levels = async (type: OrganizationPolicyType, kind: PolicyKind): Promise<PolicyLevels | undefined> =>
    management || !org.Root.PolicyTypes.some((t) => t.Type === type) ? undefined : Promise.all(path.map((target) => policiesAt(c, target, type, kind, compile)));
  return {
    organizationId: org.Id,
    managementAccount: management,
    orgPath: `${[org.Id, ...path.slice(0, -1)].join('/')}/`,
    scps: await levels('SERVICE_CONTROL_POLICY', 'scp'),
    rcps: await levels('RESOURCE_CONTROL_POLICY', 'rcp'),
  };
}

/** The compiled policies of one type attached to one target. */
async function policiesAt(c: ReadCollections, targetId: string, type: OrganizationPolicyType, kind: PolicyKind, compile: CompilePolicy): Promise<CompiledPolicy[]> {
  const out: CompiledPolicy[] = [];
  for (const a of await attachmentsOf(c, targetId)) {
    if (a.PolicyType !== type) continue;
    const document = await documentOf(c, a.PolicyId);
    const compiled = document === undefined ? undefined : compile(kind, document.arn, document.text);
    if (compiled !== undefined) out.push(compiled);
  }
  return out;
}

async function documentOf(c: ReadCollections, policyId: string): Promise<{ readonly arn: string; readonly text: string } | undefined> {
  const managed = awsManagedOrgPolicy(policyId);
  if (managed !== undefined) return { arn: managed.Arn, text: managed.Content };
  const policy = await c.orgPolicies.getById(policyId);
  return policy === undefined ? undefined : { arn: policy.Arn, text: policy.Content };
}
