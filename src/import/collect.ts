/**
 * Collects what `gatehouse import` reads from an account, with read-only calls only (the doctor's
 * `AccountReader`, so the same calls reach Gatehouse or AWS): the account's IAM
 * (GetAccountAuthorizationDetails, every entity type), the organization (DescribeOrganization,
 * ListRoots, ListOrganizationalUnitsForParent and ListAccountsForParent down the tree,
 * ListAccounts, ListPolicies for SCPs and RCPs, DescribePolicy and ListTargetsForPolicy for each,
 * ListTagsForResource for the root, each OU, account and customer managed policy) and, in each
 * region, the EKS clusters (ListClusters, DescribeCluster, ListAccessEntries, DescribeAccessEntry
 * and ListAssociatedAccessPolicies for each entry, ListPodIdentityAssociations and
 * DescribePodIdentityAssociation for each association). Every list is paged through to its end and
 * kept as the CLI prints it after its own paging: the list members joined, without tokens or
 * `$metadata`; IAM's policy documents decoded to JSON, as the CLI prints them.
 *
 * A call the credentials may not make (or that does not apply: no organization, a CONFIG_MAP
 * cluster's access entries) is a gap, recorded with AWS's error, not a failure.
 */
import { CallFailed, type AccountReader, type AwsService, type CallRecord } from '../doctor/account-reader.js';
import { BUNDLE_VERSION, type Bundle, type BundleCall } from './cli-outputs.js';

export interface CollectSources {
  /** A reader for IAM (a global service); the Organizations reader when absent. */
  readonly iam?: AccountReader;
  /** A reader for Organizations (a global service). */
  readonly organizations: AccountReader;
  /** A reader per region for EKS. */
  readonly eks: ReadonlyMap<string, AccountReader>;
}

export interface CollectResult {
  readonly bundle: Bundle;
  readonly gaps: readonly CallRecord[];
  /** Calls made, gaps included. */
  readonly calls: number;
}

type Obj = Record<string, unknown>;

/** `ListOrganizationalUnitsForParent` → `list-organizational-units-for-parent`. */
export function commandName(operation: string): string {
  return operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function strip(out: Obj): Obj {
  const { $metadata: _m, NextToken: _n, nextToken: _t, ...rest } = out;
  return rest;
}

class Collector {
  readonly calls: BundleCall[] = [];
  readonly gaps: CallRecord[] = [];
  made = 0;

  /** One call; undefined (and a gap) when it fails. */
  async one(reader: AccountReader, service: AwsService, operation: string, input: Obj, region?: string): Promise<Obj | undefined> {
    this.made++;
    try {
      const out = strip(await reader.call(service, operation, input));
      this.record(service, operation, input, out, region);
      return out;
    } catch (err) {
      if (!(err instanceof CallFailed)) throw err;
      this.gaps.push(err.record);
      return undefined;
    }
  }

  /** Every page, the `lists` members joined; `extra` are members every page repeats (kept from the first). */
  async paged(reader: AccountReader, service: AwsService, operation: string, input: Obj, lists: readonly string[], region?: string, extra: readonly string[] = [], shape: (out: Obj) => Obj = (o) => o): Promise<Obj | undefined> {
    const before = reader.calls.length;
    try {
      const joined = await reader.pages(service, operation, input, lists);
      this.made += reader.calls.length - before;
      const out: Obj = shape({ ...joined });
      for (const k of extra) if (input[k] !== undefined) out[k] = input[k];
      this.record(service, operation, input, out, region);
      return out;
    } catch (err) {
      this.made += reader.calls.length - before;
      if (!(err instanceof CallFailed)) throw err;
      this.gaps.push(err.record);
      return undefined;
    }
  }

  record(service: AwsService, operation: string, input: Obj, output: Obj, region?: string): void {
    this.calls.push({ service: service as BundleCall['service'], command: commandName(operation), input, ...(region !== undefined ? { region } : {}), output });
  }
}

const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

const IAM_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/** A document the API sends URL-encoded, as the CLI prints it: the JSON it encodes (left as it is when it is not). */
function decodedDocument(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(decodeURIComponent(v)) as unknown;
  } catch {
    return v;
  }
}

const withDocuments = (list: unknown, key: string): unknown => (Array.isArray(list) ? list.map((p: Obj) => ({ ...p, [key]: decodedDocument(p[key]) })) : list);

/** GetAccountAuthorizationDetails joined as the AWS CLI prints it: every document decoded. */
function cliAuthorizationDetails(out: Obj): Obj {
  const entity = (e: Obj, inline: string): Obj => ({ ...e, ...(inline in e ? { [inline]: withDocuments(e[inline], 'PolicyDocument') } : {}) });
  const list = (k: string): Obj[] => (out[k] as Obj[] | undefined) ?? [];
  return {
    UserDetailList: list('UserDetailList').map((u) => entity(u, 'UserPolicyList')),
    GroupDetailList: list('GroupDetailList').map((g) => entity(g, 'GroupPolicyList')),
    RoleDetailList: list('RoleDetailList').map((r) => ({ ...entity(r, 'RolePolicyList'), AssumeRolePolicyDocument: decodedDocument(r.AssumeRolePolicyDocument) })),
    Policies: list('Policies').map((p) => ({ ...p, ...('PolicyVersionList' in p ? { PolicyVersionList: withDocuments(p.PolicyVersionList, 'Document') } : {}) })),
  };
}

/** The account's users, groups, roles and policies: every entity type (no Filter), every page. */
async function collectIam(c: Collector, r: AccountReader): Promise<void> {
  await c.paged(r, 'iam', 'GetAccountAuthorizationDetails', {}, IAM_LISTS, undefined, [], cliAuthorizationDetails);
}

async function collectOrganization(c: Collector, r: AccountReader): Promise<void> {
  const org = await c.one(r, 'organizations', 'DescribeOrganization', {});
  if (org === undefined) return;
  const roots = await c.paged(r, 'organizations', 'ListRoots', {}, ['Roots']);
  const parents = ((roots?.Roots as Obj[] | undefined) ?? []).map((x) => x.Id as string);
  for (let i = 0; i < parents.length; i++) {
    const parent = parents[i]!;
    const ous = await c.paged(r, 'organizations', 'ListOrganizationalUnitsForParent', { ParentId: parent }, ['OrganizationalUnits']);
    for (const ou of (ous?.OrganizationalUnits as Obj[] | undefined) ?? []) parents.push(ou.Id as string);
    await c.paged(r, 'organizations', 'ListAccountsForParent', { ParentId: parent }, ['Accounts']);
  }
  const accounts = await c.paged(r, 'organizations', 'ListAccounts', {}, ['Accounts']);
  const customerPolicies: string[] = [];
  for (const type of POLICY_TYPES) {
    const list = await c.paged(r, 'organizations', 'ListPolicies', { Filter: type }, ['Policies']);
    for (const p of (list?.Policies as Obj[] | undefined) ?? []) {
      const id = p.Id as string;
      if (p.AwsManaged !== true) customerPolicies.push(id);
      await c.one(r, 'organizations', 'DescribePolicy', { PolicyId: id });
      await c.paged(r, 'organizations', 'ListTargetsForPolicy', { PolicyId: id }, ['Targets']);
    }
  }
  // Tags of everything that carries them (AWS managed policies carry none).
  const accountIds = ((accounts?.Accounts as Obj[] | undefined) ?? []).map((a) => a.Id as string);
  for (const id of [...parents, ...accountIds, ...customerPolicies]) await c.paged(r, 'organizations', 'ListTagsForResource', { ResourceId: id }, ['Tags']);
}

async function collectEks(c: Collector, r: AccountReader, region: string): Promise<void> {
  const list = await c.paged(r, 'eks', 'ListClusters', {}, ['clusters'], region);
  for (const name of (list?.clusters as string[] | undefined) ?? []) {
    await c.one(r, 'eks', 'DescribeCluster', { name }, region);
    const entries = await c.paged(r, 'eks', 'ListAccessEntries', { clusterName: name }, ['accessEntries'], region);
    for (const principalArn of (entries?.accessEntries as string[] | undefined) ?? []) {
      await c.one(r, 'eks', 'DescribeAccessEntry', { clusterName: name, principalArn }, region);
      await c.paged(r, 'eks', 'ListAssociatedAccessPolicies', { clusterName: name, principalArn }, ['associatedAccessPolicies'], region, ['clusterName', 'principalArn']);
    }
    const associations = await c.paged(r, 'eks', 'ListPodIdentityAssociations', { clusterName: name }, ['associations'], region);
    for (const a of (associations?.associations as Obj[] | undefined) ?? []) {
      await c.one(r, 'eks', 'DescribePodIdentityAssociation', { clusterName: name, associationId: a.associationId }, region);
    }
  }
}

export async function collect(sources: CollectSources, now: Date = new Date()): Promise<CollectResult> {
  const c = new Collector();
  await collectIam(c, sources.iam ?? sources.organizations);
  await collectOrganization(c, sources.organizations);
  for (const [region, reader] of sources.eks) await collectEks(c, reader, region);
  const bundle: Bundle = { gatehouseCollection: BUNDLE_VERSION, collectedAt: now.toISOString(), calls: c.calls, gaps: c.gaps };
  return { bundle, gaps: c.gaps, calls: c.made };
}
