/**
 * Versions of managed policies: CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
 * DeletePolicyVersion, SetDefaultPolicyVersion. A customer managed policy keeps at most 5 versions
 * (reference_iam-quotas.md); version IDs count up (`v1`, `v2`, ...). AWS
 * managed policies expose their default version only and cannot be changed.
 */
import { awsErrors } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { ManagedPolicyRecord, PolicyVersionRecord } from '../../state/records.js';
import type { StoreTransaction } from '../../state/store.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { findCustomerPolicy, findManagedPolicy, findPolicyVersion, policyVersionsOf, requireOwnPolicyArn, requirePolicyArn } from './entity-lookup.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages, type PolicyChange } from './iam-messages.js';
import { optionalBoolean, requiredString } from './input-fields.js';
import { policyAuthorization } from './managed-policies.js';
import { pageFields, pageInMemory, pageRequest } from './paging.js';
import { encodeDocument, requireValidDocument } from './policy-documents.js';
import { requireRoom } from './quotas.js';

function versionShape(v: { VersionId: string; CreateDate: string; Document?: string }, isDefault: boolean): WireRecord {
  return {
    ...(v.Document === undefined ? {} : { Document: encodeDocument(v.Document) }),
    VersionId: v.VersionId,
    IsDefaultVersion: isDefault,
    CreateDate: wireDate(v.CreateDate),
  };
}

function versionNumber(versionId: string): number {
  return Number(/^v(\d+)$/.exec(versionId)?.[1] ?? 0);
}

/** The customer managed policy a version operation changes, inside the transaction. */
async function requireChangeablePolicy(tx: StoreTransaction, ctx: OperationContext, policyArn: string, change: PolicyChange): Promise<ManagedPolicyRecord> {
  requireOwnPolicyArn(policyArn, ctx.accountId, change);
  const policy = await findCustomerPolicy(tx, ctx.accountId, policyArn);
  if (policy === undefined) throw iamMessages.policyNotFound(policyArn);
  return policy;
}

async function allVersions(tx: StoreTransaction, ctx: OperationContext, policyId: string): Promise<readonly PolicyVersionRecord[]> {
  // At most 5 versions exist, so one page holds them all.
  return (await tx.policyVersions.list({ scope: ctx.accountId, parent: policyId, maxItems: 100 })).items;
}

export const createPolicyVersion: OperationDef = {
  name: 'CreatePolicyVersion',
  readOnly: false,
  authorize: (input, ctx) => policyAuthorization('iam:CreatePolicyVersion', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const policyArn = requiredString(input, 'PolicyArn');
    const document = requiredString(input, 'PolicyDocument');
    requireValidDocument(document, 'identity', { managed: true });
    const setAsDefault = optionalBoolean(input, 'SetAsDefault') ?? false;
    const now = isoSeconds(ctx.now);
    const version = await ctx.store.transaction(async (tx) => {
      const policy = await requireChangeablePolicy(tx, ctx, policyArn, 'createVersion');
      const versions = await allVersions(tx, ctx, policy.PolicyId);
      await requireRoom('versionsPerPolicy', tx, ctx.accountId, policy.PolicyId);
      await requireRoom('policyVersionsInUse', tx, ctx.accountId);
      // IAM never reuses a version number, even one whose version was deleted: the policy keeps
      // the last number issued.
      const next = Math.max(policy.LastVersionNumber ?? 0, ...versions.map((v) => versionNumber(v.VersionId)), versionNumber(policy.DefaultVersionId)) + 1;
      const record: PolicyVersionRecord = {
        AccountId: ctx.accountId,
        PolicyId: policy.PolicyId,
        VersionId: `v${next}`,
        Document: document,
        CreateDate: now,
      };
      await tx.policyVersions.put(record);
      await tx.policies.put({ ...policy, LastVersionNumber: next, ...(setAsDefault ? { DefaultVersionId: record.VersionId, UpdateDate: now } : {}) });
      return record;
    });
    return { PolicyVersion: versionShape({ VersionId: version.VersionId, CreateDate: version.CreateDate }, setAsDefault) };
  },
};

export const getPolicyVersion: OperationDef = {
  name: 'GetPolicyVersion',
  readOnly: true,
  authorize: (input, ctx) => policyAuthorization('iam:GetPolicyVersion', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const policyArn = requiredString(input, 'PolicyArn');
    const versionId = requiredString(input, 'VersionId');
    requirePolicyArn(policyArn);
    const read = ctx.store.read;
    const policy = await findManagedPolicy(read, ctx.accountId, policyArn);
    // A missing policy is answered like a missing version of it (recorded: test_iam_policies ›
    // test_policy_version_errors › err-get-version-nonexistent-policy).
    if (policy === undefined) throw awsErrors.noSuchPolicyVersion(policyArn, versionId);
    const version = await findPolicyVersion(read, policy, versionId);
    if (version === undefined) throw awsErrors.noSuchPolicyVersion(policyArn, versionId);
    return { PolicyVersion: versionShape(version, version.VersionId === policy.DefaultVersionId) };
  },
};

export const listPolicyVersions: OperationDef = {
  name: 'ListPolicyVersions',
  readOnly: true,
  authorize: (input, ctx) => policyAuthorization('iam:ListPolicyVersions', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const policyArn = requiredString(input, 'PolicyArn');
    requirePolicyArn(policyArn);
    const read = ctx.store.read;
    const policy = await findManagedPolicy(read, ctx.accountId, policyArn);
    if (policy === undefined) throw iamMessages.policyNotFound(policyArn);
    // IAM lists the newest version first.
    const versions = (await policyVersionsOf(read, policy)).reverse();
    const page = pageInMemory(versions, pageRequest(input));
    return {
      Versions: page.items.map((v) => versionShape({ VersionId: v.VersionId, CreateDate: v.CreateDate }, v.VersionId === policy.DefaultVersionId)),
      ...pageFields(page),
    };
  },
};

export const deletePolicyVersion: OperationDef = {
  name: 'DeletePolicyVersion',
  readOnly: false,
  authorize: (input, ctx) => policyAuthorization('iam:DeletePolicyVersion', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const policyArn = requiredString(input, 'PolicyArn');
    const versionId = requiredString(input, 'VersionId');
    await ctx.store.transaction(async (tx) => {
      const policy = await requireChangeablePolicy(tx, ctx, policyArn, 'deleteVersion');
      if (versionId === policy.DefaultVersionId) throw awsErrors.deleteConflict('default policy version');
      if (!(await tx.policyVersions.delete(`${policy.PolicyId}|${versionId}`))) throw awsErrors.noSuchPolicyVersion(policyArn, versionId);
    });
    return {};
  },
};

export const setDefaultPolicyVersion: OperationDef = {
  name: 'SetDefaultPolicyVersion',
  readOnly: false,
  authorize: (input, ctx) => policyAuthorization('iam:SetDefaultPolicyVersion', ctx, requiredString(input, 'PolicyArn')),
  async handler(input, ctx) {
    const policyArn = requiredString(input, 'PolicyArn');
    const versionId = requiredString(input, 'VersionId');
    await ctx.store.transaction(async (tx) => {
      const policy = await requireChangeablePolicy(tx, ctx, policyArn, 'setDefaultVersion');
      if ((await tx.policyVersions.getById(`${policy.PolicyId}|${versionId}`)) === undefined) {
        throw awsErrors.noSuchPolicyVersion(policyArn, versionId);
      }
      await tx.policies.put({ ...policy, DefaultVersionId: versionId, UpdateDate: isoSeconds(ctx.now) });
    });
    return {};
  },
};

export const policyVersionOperations: readonly OperationDef[] = [
  createPolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  deletePolicyVersion,
  setDefaultPolicyVersion,
];
