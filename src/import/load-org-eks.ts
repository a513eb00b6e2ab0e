/**
 * Writes an imported organization and EKS clusters into the store in one transaction, so that a
 * conflict or a broken reference leaves nothing half-loaded. The records are the ones the
 * Organizations and EKS services keep, with AWS's IDs: the engine enforces the SCPs and RCPs, and
 * `aws organizations …` / `aws eks …` against Gatehouse list them as AWS did.
 *
 * - Re-importing the same outputs changes nothing; newer outputs of the same organization and
 *   clusters replace what they describe (nothing else is removed).
 * - A conflict is an error naming both sides: another organization in the store, an organization
 *   managed by an account other than the one Gatehouse serves, an OU or policy name taken by
 *   another ID, a cluster name held by a cluster with another issuer.
 * - What cannot be loaded faithfully is left out and listed (`skipped`): a customer policy with no
 *   document (no describe-policy output), an AWS managed policy Gatehouse does not carry, a target
 *   no output describes, access policies of an entry no output describes.
 * - A member account, or a cluster's account, new to Gatehouse gets root credentials of its own
 *   (profile `gatehouse-<account ID>`), as the IAM import does; an account listed without its
 *   parent is placed under the root, and listed in `skipped`.
 */
import type { Store, StoreTransaction } from '../state/store.js';
import type { AccessKeyRecord, AccountRecord, OrganizationalUnitRecord, OrganizationPolicyAttachmentRecord, OrganizationPolicyRecord, OrganizationRecord, Tag } from '../state/records.js';
import type { EksAccessEntryRecord, EksClusterRecord, EksPodIdentityAssociationRecord } from '../state/eks-records.js';
import type { SecretSealer } from '../state/secret-sealer.js';
import { DuplicateNameError } from '../state/store-errors.js';
import { newAccessKeyId, newSecretAccessKey } from '../aws/ids.js';
import { asAccountId } from '../aws/arn.js';
import { isoSeconds } from '../aws/iso-seconds.js';
import { AwsError } from '../aws/aws-error.js';
import { arnsOf } from '../services/organizations/org-ids.js';
import { awsManagedOrgPolicy } from '../services/organizations/aws-managed-policies.js';
import { requireValidContent } from '../services/organizations/policy-content.js';
import { findOrganization } from '../services/organizations/org-operation.js';
import { MAX_OU_DEPTH } from '../services/organizations/org-tree.js';
import { newSigningKey, type NewSigningKey } from '../services/eks/issuer-keys.js';
import { ImportFormatError } from './authorization-details.js';
import { hasOrganizationData, type OrganizationSnapshot } from './organization-snapshot.js';
import { entryKey, hasEksData, type EksSnapshot, type ImportedAccessEntry, type ImportedCluster, type ImportedPodIdentityAssociation } from './eks-snapshot.js';

/** The files and the store say different things; nothing was written. */
export class ImportConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportConflictError';
  }
}

export interface OrgEksSummary {
  /** The organization's ID, or null when no Organizations output was given. */
  readonly organization: string | null;
  readonly root: string | null;
  readonly organizationalUnits: number;
  readonly organizationAccounts: number;
  /** Customer managed Organizations policies (SCPs, RCPs and other types). */
  readonly organizationPolicies: number;
  readonly organizationPolicyAttachments: number;
  /** Tags of the root, OUs, accounts and policies loaded (key-value pairs). */
  readonly organizationTags: number;
  readonly clusters: number;
  readonly accessEntries: number;
  readonly associatedAccessPolicies: number;
  readonly podIdentityAssociations: number;
  readonly accountsCreated: readonly { readonly accountId: string; readonly profile: string }[];
  /** What was left out, and why. */
  readonly skipped: readonly string[];
}

export interface OrgEksOptions {
  /** The account Gatehouse serves as its management account. */
  readonly managementAccountId: string;
  readonly sealer: SecretSealer;
  readonly now?: Date;
  readonly saveRootCredentials?: (accountId: string, creds: { accessKeyId: string; secretAccessKey: string }) => void;
}

interface OrgPlan {
  readonly org: OrganizationRecord;
  /** Parents first. */
  readonly ous: OrganizationalUnitRecord[];
  readonly accounts: Omit<AccountRecord, 'Tags'>[];
  readonly policies: OrganizationPolicyRecord[];
  readonly attachments: OrganizationPolicyAttachmentRecord[];
  /** Tags to set, by resource ID (root, OU, account, customer policy); others keep theirs. */
  readonly tags: Map<string, readonly Tag[]>;
}

export function emptyOrgEksSummary(): OrgEksSummary {
  return { organization: null, root: null, organizationalUnits: 0, organizationAccounts: 0, organizationPolicies: 0, organizationPolicyAttachments: 0, organizationTags: 0, clusters: 0, accessEntries: 0, associatedAccessPolicies: 0, podIdentityAssociations: 0, accountsCreated: [], skipped: [] };
}

export async function loadOrganizationAndEks(store: Store, orgIn: OrganizationSnapshot, eksIn: EksSnapshot, o: OrgEksOptions): Promise<OrgEksSummary> {
  const now = isoSeconds(o.now ?? new Date());
  const skipped: string[] = [];
  // What a member account can read of its organization (DescribeOrganization only) is no tree to load.
  const describedOnly = orgIn.root === undefined && orgIn.ous.size === 0 && orgIn.accounts.size === 0 && orgIn.policies.size === 0 && orgIn.targets.size === 0 && orgIn.tags.size === 0;
  if (describedOnly && orgIn.organization !== undefined) skipped.push(`organization ${orgIn.organization.Id}: only its describe-organization output (what a member account may read); not loaded`);
  const orgPlan = hasOrganizationData(orgIn) && !describedOnly ? planOrganization(orgIn, o.managementAccountId, now, skipped) : undefined;
  const eksPlan = hasEksData(eksIn) ? planEks(eksIn, skipped) : undefined;
  // Issuer keys for clusters Gatehouse does not hold yet, made before the transaction (it may run twice).
  const keys = new Map<string, NewSigningKey>();
  for (const c of eksPlan?.clusters ?? []) {
    if ((await store.read.eksClusters.getById(c.issuerId)) === undefined) keys.set(c.issuerId, await newSigningKey(o.sealer, c.arn));
  }
  const created = await store.transaction(async (tx) => {
    const fresh: { accountId: string; key: AccessKeyRecord }[] = [];
    if (orgPlan !== undefined) fresh.push(...(await writeOrganization(tx, orgPlan, o.managementAccountId, now)));
    if (eksPlan !== undefined) {
      // A cluster's account that Gatehouse does not hold yet: made, with root credentials, so the cluster can be reached.
      for (const accountId of new Set(eksPlan.clusters.map((c) => c.accountId))) {
        if (accountId === o.managementAccountId || (await tx.accounts.getById(accountId)) !== undefined) continue;
        await tx.accounts.put({ Id: accountId, Arn: `arn:aws:organizations::${accountId}:account/o-gatehouse/${accountId}`, Name: `imported-${accountId}`, Email: `root@${accountId}.gatehouse.local`, Status: 'ACTIVE', JoinedMethod: 'CREATED', JoinedTimestamp: now });
        fresh.push({ accountId, key: await rootKey(tx, accountId, now) });
      }
      await writeEks(tx, eksPlan, keys);
    }
    return fresh;
  });
  for (const c of created) o.saveRootCredentials?.(c.accountId, { accessKeyId: c.key.AccessKeyId, secretAccessKey: c.key.SecretAccessKey });
  return {
    organization: orgPlan?.org.Id ?? null,
    root: orgPlan?.org.Root.Id ?? null,
    organizationalUnits: orgPlan?.ous.length ?? 0,
    organizationAccounts: orgPlan?.accounts.length ?? 0,
    organizationPolicies: orgPlan?.policies.length ?? 0,
    organizationPolicyAttachments: orgPlan?.attachments.length ?? 0,
    organizationTags: [...(orgPlan?.tags.values() ?? [])].reduce((n, t) => n + t.length, 0),
    clusters: eksPlan?.clusters.length ?? 0,
    accessEntries: eksPlan?.entries.length ?? 0,
    associatedAccessPolicies: eksPlan?.entries.reduce((n, e) => n + (e.associatedAccessPolicies?.length ?? 0), 0) ?? 0,
    podIdentityAssociations: eksPlan?.podIdentityAssociations.length ?? 0,
    accountsCreated: created.map((c) => ({ accountId: c.accountId, profile: `gatehouse-${c.accountId}` })),
    skipped,
  };
}

function planOrganization(s: OrganizationSnapshot, management: string, now: string, skipped: string[]): OrgPlan {
  if (s.organization === undefined || s.root === undefined) {
    throw new ImportFormatError(`Organizations outputs need \`aws organizations describe-organization\` and \`aws organizations list-roots\` output too (missing: ${[s.organization === undefined ? 'describe-organization' : '', s.root === undefined ? 'list-roots' : ''].filter(Boolean).join(', ')})`);
  }
  const imported = s.organization;
  if (imported.MasterAccountId !== management) {
    throw new ImportConflictError(
      `organization ${imported.Id} is managed by account ${imported.MasterAccountId}, and this Gatehouse serves ${management} as its management account: import with --account-id ${imported.MasterAccountId} into a data directory served with \`gatehouse serve --account-id ${imported.MasterAccountId}\``,
    );
  }
  const org: OrganizationRecord = {
    Id: imported.Id,
    Arn: imported.Arn,
    FeatureSet: imported.FeatureSet,
    MasterAccountId: management,
    MasterAccountArn: '',
    MasterAccountEmail: imported.MasterAccountEmail,
    Root: { Id: s.root.Id, Arn: '', Name: s.root.Name, PolicyTypes: s.root.PolicyTypes, Tags: [] },
    CreatedTimestamp: now,
  };
  const arns = arnsOf(org);
  const withArns: OrganizationRecord = { ...org, Arn: arns.organization(), MasterAccountArn: arns.account(management), Root: { ...org.Root, Arn: arns.root(s.root.Id) } };
  if (imported.Arn !== withArns.Arn) throw new ImportFormatError(`describe-organization: the organization's ARN ${imported.Arn} is not ${withArns.Arn}`);

  // OUs, parents first; every OU must lead up to the root.
  const ous: OrganizationalUnitRecord[] = [];
  const depth = (id: string): number => {
    let d = 0;
    for (let at: string | undefined = id; at !== s.root!.Id; d++) {
      if (at === undefined || d > MAX_OU_DEPTH) throw new ImportFormatError(`OU ${id} does not lead up to root ${s.root!.Id} within ${MAX_OU_DEPTH} levels: a list-organizational-units-for-parent output of a level above it is missing`);
      at = s.ous.get(at)?.ParentId;
    }
    return d;
  };
  const depths = new Map([...s.ous.keys()].map((id) => [id, depth(id)]));
  for (const ou of [...s.ous.values()].sort((a, b) => depths.get(a.Id)! - depths.get(b.Id)! || a.Id.localeCompare(b.Id))) {
    ous.push({ Id: ou.Id, Arn: arns.organizationalUnit(ou.Id), Name: ou.Name, ParentId: ou.ParentId, Tags: [] });
  }
  const isParent = (id: string): boolean => id === s.root!.Id || s.ous.has(id);
  const accounts: Omit<AccountRecord, 'Tags'>[] = [];
  const ids = new Set([...s.accounts.keys(), ...s.accountParents.keys(), management]);
  for (const id of [...ids].sort()) {
    const a = s.accounts.get(id);
    let parent = s.accountParents.get(id);
    if (parent !== undefined && !isParent(parent)) throw new ImportFormatError(`account ${id} is listed under ${parent}, which no list-organizational-units-for-parent output describes`);
    if (parent === undefined) {
      parent = s.root.Id;
      if (a !== undefined && s.accountParents.size > 0) skipped.push(`account ${id}: no list-accounts-for-parent output lists it, so it was placed under the root`);
    }
    accounts.push({
      Id: id,
      Arn: arns.account(id),
      Name: a?.Name ?? (id === management ? 'management' : id),
      Email: a?.Email ?? (id === management ? imported.MasterAccountEmail : ''),
      Status: a?.Status ?? 'ACTIVE',
      JoinedMethod: a?.JoinedMethod ?? 'CREATED',
      JoinedTimestamp: a?.JoinedTimestamp ?? now,
      ParentId: parent,
    });
  }
  // Policies: customer ones with their documents; AWS managed ones are Gatehouse's own data.
  const policies: OrganizationPolicyRecord[] = [];
  const types = new Map<string, OrganizationPolicyRecord['Type']>();
  for (const p of [...s.policies.values()].sort((a, b) => a.Id.localeCompare(b.Id))) {
    if (p.AwsManaged) {
      const known = awsManagedOrgPolicy(p.Id);
      if (known === undefined) skipped.push(`policy ${p.Id} (${p.Name}): an AWS managed policy Gatehouse does not carry; not loaded, nor its attachments`);
      else types.set(p.Id, known.Type);
      continue;
    }
    if (p.Content === undefined) {
      skipped.push(`policy ${p.Id} (${p.Name}): no describe-policy output, so no document; not loaded, nor its attachments`);
      continue;
    }
    try {
      requireValidContent(p.Content, p.Type);
    } catch (err) {
      if (err instanceof AwsError) throw new ImportFormatError(`policy ${p.Id} (${p.Name}): Organizations would not accept its document as a ${p.Type}: ${err.message}`);
      throw err;
    }
    const arn = arns.policy(p.Type, p.Id);
    if (p.Arn !== arn) throw new ImportFormatError(`policy ${p.Id}: its ARN ${p.Arn} is not ${arn} (another organization's policy?)`);
    policies.push({ Id: p.Id, Arn: arn, Name: p.Name, Description: p.Description, Type: p.Type, Content: p.Content, Tags: [] });
    types.set(p.Id, p.Type);
  }
  const attachments: OrganizationPolicyAttachmentRecord[] = [];
  for (const [policyId, targets] of [...s.targets.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const type = types.get(policyId) ?? (s.policies.has(policyId) ? undefined : awsManagedOrgPolicy(policyId)?.Type);
    if (type === undefined) {
      if (!s.policies.has(policyId)) skipped.push(`targets of policy ${policyId}: no list-policies or describe-policy output describes the policy`);
      continue;
    }
    for (const target of targets) {
      if (target !== s.root.Id && !s.ous.has(target) && !ids.has(target)) {
        skipped.push(`attachment of ${policyId} to ${target}: no output describes the target`);
        continue;
      }
      attachments.push({ PolicyId: policyId, PolicyType: type, TargetId: target });
    }
  }
  const tags = new Map<string, readonly Tag[]>();
  const customer = new Set(policies.map((p) => p.Id));
  for (const [id, list] of [...s.tags.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (id === s.root.Id || s.ous.has(id) || ids.has(id) || customer.has(id)) tags.set(id, list);
    // AWS managed policies carry no tags (ListTagsForResource gives none).
    else if (s.policies.get(id)?.AwsManaged === true && list.length === 0) continue;
    else skipped.push(s.policies.has(id) ? `tags of ${id}: the policy is not loaded` : `tags of ${id}: no output describes the resource`);
  }
  return { org: withArns, ous, accounts, policies, attachments, tags };
}

async function writeOrganization(tx: StoreTransaction, p: OrgPlan, management: string, now: string): Promise<{ accountId: string; key: AccessKeyRecord }[]> {
  const existing = await findOrganization(tx);
  if (existing !== undefined && (existing.Id !== p.org.Id || existing.Root.Id !== p.org.Root.Id)) {
    throw new ImportConflictError(`Gatehouse already holds organization ${existing.Id} (root ${existing.Root.Id}); the files describe ${p.org.Id} (root ${p.org.Root.Id}): import into a fresh data directory`);
  }
  const tags = (id: string, before: readonly Tag[] | undefined): readonly Tag[] => p.tags.get(id) ?? before ?? [];
  await tx.organizations.put({ ...p.org, CreatedTimestamp: existing?.CreatedTimestamp ?? p.org.CreatedTimestamp, Root: { ...p.org.Root, Tags: tags(p.org.Root.Id, existing?.Root.Tags) } });
  for (const ou of p.ous) {
    const before = await tx.organizationalUnits.getById(ou.Id);
    await named(() => tx.organizationalUnits.put({ ...ou, Tags: tags(ou.Id, before?.Tags) }), (taken) => `OU "${ou.Name}" under ${ou.ParentId} is ${ou.Id} in the files but ${taken} in Gatehouse`);
  }
  const fresh: { accountId: string; key: AccessKeyRecord }[] = [];
  for (const a of p.accounts) {
    const before = await tx.accounts.getById(a.Id);
    await tx.accounts.put({ ...a, Tags: tags(a.Id, before?.Tags) });
    if (before === undefined && a.Id !== management) fresh.push({ accountId: a.Id, key: await rootKey(tx, a.Id, now) });
  }
  for (const policy of p.policies) {
    const before = await tx.orgPolicies.getById(policy.Id);
    await named(() => tx.orgPolicies.put({ ...policy, Tags: tags(policy.Id, before?.Tags) }), (taken) => `the ${policy.Type} named "${policy.Name}" is ${policy.Id} in the files but ${taken} in Gatehouse`);
  }
  for (const a of p.attachments) await tx.orgPolicyAttachments.put(a);
  return fresh;
}

/** A new root access key of an account, as the IAM import and Organizations' CreateAccount give one. */
async function rootKey(tx: StoreTransaction, accountId: string, now: string): Promise<AccessKeyRecord> {
  const key: AccessKeyRecord = { AccountId: accountId, UserId: accountId, AccessKeyId: newAccessKeyId(asAccountId(accountId)), SecretAccessKey: newSecretAccessKey(), Status: 'Active', CreateDate: now };
  await tx.accessKeys.put(key);
  return key;
}

async function named(put: () => Promise<void>, message: (takenBy: string) => string): Promise<void> {
  try {
    await put();
  } catch (err) {
    if (err instanceof DuplicateNameError) throw new ImportConflictError(message(err.existingId));
    throw err;
  }
}

interface EksPlan {
  readonly clusters: ImportedCluster[];
  /** Entries with their access policies (undefined: keep what Gatehouse has). */
  readonly entries: (ImportedAccessEntry & { readonly associatedAccessPolicies: EksAccessEntryRecord['associatedAccessPolicies'] | undefined })[];
  readonly podIdentityAssociations: ImportedPodIdentityAssociation[];
}

function planEks(s: EksSnapshot, skipped: string[]): EksPlan {
  const policies = new Map<string, EksAccessEntryRecord['associatedAccessPolicies']>();
  const entries = [...s.entries.values()];
  for (const a of s.associations) {
    const matches = entries.filter((e) => e.clusterName === a.clusterName && e.principalArn === a.principalArn && (a.region === undefined || e.region === a.region));
    if (matches.length > 1) throw new ImportFormatError(`${a.source}: clusters named ${a.clusterName} in several regions or accounts have an entry for ${a.principalArn}; import a bundle (gatehouse collect), which names the region`);
    const entry = matches[0];
    if (entry === undefined) {
      skipped.push(`access policies of ${a.principalArn} on cluster ${a.clusterName}: no describe-access-entry output describes the entry`);
      continue;
    }
    policies.set(entryKey(entry.accountId, entry.region, entry.clusterName, entry.principalArn), a.policies);
  }
  return {
    clusters: [...s.clusters.values()].sort((a, b) => a.arn.localeCompare(b.arn)),
    entries: entries.map((e) => ({ ...e, associatedAccessPolicies: policies.get(entryKey(e.accountId, e.region, e.clusterName, e.principalArn)) })),
    podIdentityAssociations: [...s.podIdentityAssociations.values()].sort((a, b) => a.associationArn.localeCompare(b.associationArn)),
  };
}

async function writeEks(tx: StoreTransaction, p: EksPlan, keys: ReadonlyMap<string, NewSigningKey>): Promise<void> {
  for (const c of p.clusters) {
    const before = await tx.eksClusters.getById(c.issuerId);
    if (before !== undefined && before.arn !== c.arn) throw new ImportConflictError(`issuer ID ${c.issuerId} is cluster ${before.arn} in Gatehouse, ${c.arn} in the files`);
    const sameName = await tx.eksClusters.getByName(c.accountId, c.name, c.region);
    if (sameName !== undefined && sameName.name === c.name && sameName.issuerId !== c.issuerId) {
      throw new ImportConflictError(`cluster ${c.name} in ${c.region} of ${c.accountId} has issuer ${sameName.issuerId} in Gatehouse, ${c.issuerId} in the files: delete it from Gatehouse (aws eks delete-cluster) or import into a fresh data directory`);
    }
    const key = before === undefined ? keys.get(c.issuerId) : { sealed: before.signingKey, keyId: before.signingKeyId };
    if (key === undefined) throw new Error(`no signing key was made for cluster ${c.arn}`);
    const record: EksClusterRecord = {
      ...c,
      signingKey: key.sealed,
      signingKeyId: key.keyId,
      ...(before?.creatorArn !== undefined ? { creatorArn: before.creatorArn } : {}),
      ...(before?.clientRequestToken !== undefined ? { clientRequestToken: before.clientRequestToken } : {}),
    };
    try {
      await tx.eksClusters.put(record);
    } catch (err) {
      if (err instanceof DuplicateNameError) throw new ImportConflictError(`a cluster named ${c.name} (another case) is in ${c.region} of ${c.accountId} in Gatehouse`);
      throw err;
    }
  }
  for (const e of p.entries) {
    const cluster = await tx.eksClusters.getByName(e.accountId, e.clusterName, e.region);
    if (cluster === undefined || cluster.name !== e.clusterName) {
      throw new ImportFormatError(`the access entry of ${e.principalArn} names cluster ${e.clusterName} in ${e.region} of ${e.accountId}: give its describe-cluster output too`);
    }
    const id = `${cluster.issuerId}|${e.principalArn}`;
    const before = await tx.eksAccessEntries.getById(id);
    const { associatedAccessPolicies, ...entry } = e;
    await tx.eksAccessEntries.put({
      ...entry,
      clusterId: cluster.issuerId,
      ...(before?.principalId !== undefined ? { principalId: before.principalId } : {}),
      associatedAccessPolicies: associatedAccessPolicies ?? before?.associatedAccessPolicies ?? [],
    });
  }
  await writePodIdentityAssociations(tx, p.podIdentityAssociations);
}

async function writePodIdentityAssociations(tx: StoreTransaction, list: readonly ImportedPodIdentityAssociation[]): Promise<void> {
  // Two outputs for one service account of one cluster would make the copy pick one.
  const seen = new Map<string, ImportedPodIdentityAssociation>();
  for (const a of list) {
    const key = `${a.accountId}|${a.region}|${a.clusterName}|${a.namespace}|${a.serviceAccount}`;
    const other = seen.get(key);
    if (other !== undefined) throw new ImportFormatError(`${a.source}: associations ${other.associationId} and ${a.associationId} are both for ${a.namespace}/${a.serviceAccount} on cluster ${a.clusterName}: import outputs of one moment`);
    seen.set(key, a);
  }
  for (const a of list) {
    const cluster = await tx.eksClusters.getByName(a.accountId, a.clusterName, a.region);
    if (cluster === undefined || cluster.name !== a.clusterName) {
      throw new ImportFormatError(`${a.source}: the Pod Identity association ${a.associationId} names cluster ${a.clusterName} in ${a.region} of ${a.accountId}: give its describe-cluster output too`);
    }
    const before = await tx.eksPodIdentityAssociations.getById(a.associationId);
    if (before !== undefined && before.clusterId !== cluster.issuerId) {
      throw new ImportConflictError(`Pod Identity association ${a.associationId} is on cluster ${before.clusterName} (${before.region} of ${before.accountId}) in Gatehouse, on ${a.clusterName} in the files`);
    }
    const same = await tx.eksPodIdentityAssociations.list({ scope: cluster.accountId, parent: cluster.issuerId, ref: `${a.namespace}|${a.serviceAccount}`, maxItems: 1 });
    const taken = same.items.find((x) => x.associationId !== a.associationId);
    if (taken !== undefined) {
      throw new ImportConflictError(
        `service account ${a.namespace}/${a.serviceAccount} of cluster ${a.clusterName} has Pod Identity association ${taken.associationId} in Gatehouse, ${a.associationId} in the files: delete it from Gatehouse (aws eks delete-pod-identity-association) or import into a fresh data directory`,
      );
    }
    const { source: _s, ...fields } = a;
    const record: EksPodIdentityAssociationRecord = { ...fields, clusterId: cluster.issuerId };
    await tx.eksPodIdentityAssociations.put(record);
  }
}
