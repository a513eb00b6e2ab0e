/**
 * Tags of users, roles, customer managed policies, instance profiles, OIDC and SAML providers,
 * virtual MFA devices and server certificates: Tag/Untag/List {User,Role,Policy,InstanceProfile,
 * OpenIDConnectProvider,SAMLProvider,MFADevice,ServerCertificate}Tags
 * (access_tags.md). Tag* supply `aws:RequestTag/<key>` and `aws:TagKeys`, Untag* `aws:TagKeys`,
 * all of them the resource's current tags as `aws:ResourceTag/<key>`.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { Tag } from '../../state/records.js';
import type { OperationContext, OperationDef } from '../operation.js';
import { mergeKeys, requestTagKeys, resourceTagKeys, tagKeysKey } from './condition-keys.js';
import { findCustomerPolicy, findManagedPolicy, requireOwnPolicyArn, requirePolicyArn, requireRole, requireUser } from './entity-lookup.js';
import { iamMessages } from './iam-messages.js';
import { requiredString, stringList, tagList } from './input-fields.js';
import { tagsShape } from './output-shapes.js';
import { pageFields, pageInMemory, pageRequest } from './paging.js';
import { policyTarget, roleTarget, userTarget, type ResourceTarget } from './resource-targets.js';
import { mergeTags, removeTags } from './tag-rules.js';
import { instanceProfileTags, instanceProfileTarget } from './instance-profiles.js';
import { oidcProviderTags, oidcProviderTarget } from './oidc-providers.js';
import { samlProviderTags, samlProviderTarget } from './saml-providers.js';
import { requireServerCertificate, serverCertificateTarget } from './server-certificates.js';
import { mfaDeviceTarget, requireMfaDevice } from './virtual-mfa-devices.js';

interface Taggable {
  readonly title: 'User' | 'Role' | 'Policy' | 'InstanceProfile' | 'OpenIDConnectProvider' | 'SAMLProvider' | 'MFADevice' | 'ServerCertificate';
  readonly nameMember: 'UserName' | 'RoleName' | 'PolicyArn' | 'InstanceProfileName' | 'OpenIDConnectProviderArn' | 'SAMLProviderArn' | 'SerialNumber' | 'ServerCertificateName';
  target(ctx: OperationContext, name: string): Promise<ResourceTarget>;
  /** The current tags, from committed state. */
  read(ctx: OperationContext, name: string): Promise<readonly Tag[]>;
  /** Replaces the tags with `change(current)` in one transaction. */
  update(ctx: OperationContext, name: string, change: (tags: readonly Tag[]) => readonly Tag[]): Promise<void>;
}

async function requirePolicy(c: Parameters<typeof findCustomerPolicy>[0], accountId: string, policyArn: string) {
  requireOwnPolicyArn(policyArn, accountId, 'tag');
  const policy = await findCustomerPolicy(c, accountId, policyArn);
  if (policy === undefined) throw iamMessages.policyNotFound(policyArn);
  return policy;
}

const TAGGABLES: readonly Taggable[] = [
  {
    title: 'User',
    nameMember: 'UserName',
    target: userTarget,
    read: async (ctx, name) => (await requireUser(ctx.store.read, ctx.accountId, name)).Tags,
    update: (ctx, name, change) =>
      ctx.store.transaction(async (tx) => {
        const user = await requireUser(tx, ctx.accountId, name);
        await tx.users.put({ ...user, Tags: change(user.Tags) });
      }),
  },
  {
    title: 'Role',
    nameMember: 'RoleName',
    target: roleTarget,
    read: async (ctx, name) => (await requireRole(ctx.store.read, ctx.accountId, name)).Tags,
    update: (ctx, name, change) =>
      ctx.store.transaction(async (tx) => {
        const role = await requireRole(tx, ctx.accountId, name);
        await tx.roles.put({ ...role, Tags: change(role.Tags) });
      }),
  },
  {
    title: 'Policy',
    nameMember: 'PolicyArn',
    target: policyTarget,
    // Listing reads AWS managed policies too (they carry no tags); AWS's reply for them is not
    // confirmed by a recording.
    read: async (ctx, arn) => {
      requirePolicyArn(arn);
      const policy = await findManagedPolicy(ctx.store.read, ctx.accountId, arn);
      if (policy === undefined) throw iamMessages.policyNotFound(arn);
      return policy.Tags;
    },
    update: (ctx, arn, change) =>
      ctx.store.transaction(async (tx) => {
        const policy = await requirePolicy(tx, ctx.accountId, arn);
        await tx.policies.put({ ...policy, Tags: change(policy.Tags) });
      }),
  },
  { title: 'InstanceProfile', nameMember: 'InstanceProfileName', target: instanceProfileTarget, ...instanceProfileTags },
  { title: 'OpenIDConnectProvider', nameMember: 'OpenIDConnectProviderArn', target: oidcProviderTarget, ...oidcProviderTags },
  { title: 'SAMLProvider', nameMember: 'SAMLProviderArn', target: samlProviderTarget, ...samlProviderTags },
  {
    title: 'MFADevice',
    nameMember: 'SerialNumber',
    target: mfaDeviceTarget,
    read: async (ctx, serial) => (await requireMfaDevice(ctx.store.read, ctx.accountId, serial)).Tags,
    update: (ctx, serial, change) =>
      ctx.store.transaction(async (tx) => {
        const device = await requireMfaDevice(tx, ctx.accountId, serial);
        await tx.virtualMfaDevices.put({ ...device, Tags: change(device.Tags) });
      }),
  },
  {
    title: 'ServerCertificate',
    nameMember: 'ServerCertificateName',
    target: serverCertificateTarget,
    read: async (ctx, name) => (await requireServerCertificate(ctx.store.read, ctx.accountId, name)).Tags,
    update: (ctx, name, change) =>
      ctx.store.transaction(async (tx) => {
        const cert = await requireServerCertificate(tx, ctx.accountId, name);
        await tx.serverCertificates.put({ ...cert, Tags: change(cert.Tags) });
      }),
  },
];

function tagOperations(t: Taggable): OperationDef[] {
  const name = (input: WireRecord): string => requiredString(input, t.nameMember);
  const tag: OperationDef = {
    name: `Tag${t.title}`,
    readOnly: false,
    async authorize(input, ctx) {
      const target = await t.target(ctx, name(input));
      return { action: `iam:Tag${t.title}`, resource: target.arn, keys: mergeKeys(resourceTagKeys(target.tags), requestTagKeys(tagList(input))) };
    },
    async handler(input, ctx) {
      const added = tagList(input) ?? [];
      await t.update(ctx, name(input), (current) => mergeTags(current, added, t.title === 'Policy' ? 'policy' : 'other'));
      return {};
    },
  };
  const untag: OperationDef = {
    name: `Untag${t.title}`,
    readOnly: false,
    async authorize(input, ctx) {
      const target = await t.target(ctx, name(input));
      return {
        action: `iam:Untag${t.title}`,
        resource: target.arn,
        keys: mergeKeys(resourceTagKeys(target.tags), tagKeysKey(stringList(input, 'TagKeys') ?? [])),
      };
    },
    async handler(input, ctx) {
      const keys = stringList(input, 'TagKeys') ?? [];
      await t.update(ctx, name(input), (current) => removeTags(current, keys));
      return {};
    },
  };
  const list: OperationDef = {
    name: `List${t.title}Tags`,
    readOnly: true,
    async authorize(input, ctx) {
      const target = await t.target(ctx, name(input));
      return { action: `iam:List${t.title}Tags`, resource: target.arn, keys: resourceTagKeys(target.tags) };
    },
    async handler(input, ctx) {
      const page = pageInMemory(await t.read(ctx, name(input)), pageRequest(input));
      return { Tags: tagsShape(page.items), ...pageFields(page) };
    },
  };
  return [tag, untag, list];
}

export const tagOperationDefs: readonly OperationDef[] = TAGGABLES.flatMap(tagOperations);
