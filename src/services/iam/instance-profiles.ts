/**
 * Instance profiles (id_roles_use_switch-role-ec2_instance-profiles): Create, Get, List, Delete,
 * Add/RemoveRoleToInstanceProfile and ListInstanceProfilesForRole (tags are in tags.ts). A profile
 * holds at most one role (reference_iam-quotas.md, "Roles in an instance profile: 1"), and a role
 * in a profile cannot be deleted (roles.ts).
 *
 * Authorization is on `arn:aws:iam::<account>:instance-profile/<path><name>` with the profile's
 * tags; AddRoleToInstanceProfile also needs iam:PassRole on the role (API reference: "The caller
 * of this operation must be granted the PassRole permission on the IAM role"), with
 * `iam:AssociatedResourceArn` = `arn:aws:ec2:*:<account>:instance/*` as the API reference
 * describes it and `iam:PassedToService` = `ec2.amazonaws.com` (the service that uses instance
 * profiles; not stated by the reference).
 */
import { iamArn, type AccountId } from '../../aws/arn.js';
import { awsErrors } from '../../aws/aws-error.js';
import { newUniqueId } from '../../aws/ids.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { InstanceProfileRecord, RoleRecord, Tag } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { mergeKeys, requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { requireRole } from './entity-lookup.js';
import { isoSeconds } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString, tagList } from './input-fields.js';
import { instanceProfileShape } from './output-shapes.js';
import { listPage, pageFields, pageRequest } from './paging.js';
import { listResource, requireValidPath, ROOT_PATH } from './path-rules.js';
import { requireModifiableRole } from './protected-roles.js';
import { roleTarget, type ResourceTarget } from './resource-targets.js';
import { initialTags } from './tag-rules.js';
import { putUnique } from './unique-insert.js';

const acct = (ctx: OperationContext): AccountId => ctx.accountId as AccountId;

export async function requireInstanceProfile(c: Pick<ReadCollections, 'instanceProfiles'>, accountId: string, name: string): Promise<InstanceProfileRecord> {
  const profile = await c.instanceProfiles.getByName(accountId, name);
  if (profile === undefined) throw iamMessages.noSuchInstanceProfile(name);
  return profile;
}

/** The profile's ARN (with its path) and tags; a missing one is authorized at the root path. */
export async function instanceProfileTarget(ctx: OperationContext, name: string): Promise<ResourceTarget> {
  const profile = await ctx.store.read.instanceProfiles.getByName(ctx.accountId, name);
  return profile === undefined ? { arn: iamArn(acct(ctx), 'instance-profile', name), tags: [] } : { arn: profile.Arn, tags: profile.Tags };
}

async function profileAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  const target = await instanceProfileTarget(ctx, requiredString(input, 'InstanceProfileName'));
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

/** The roles a profile holds (none or one), as records. */
async function rolesOf(c: Pick<ReadCollections, 'roles'>, profile: InstanceProfileRecord): Promise<RoleRecord[]> {
  if (profile.RoleId === undefined) return [];
  const role = await c.roles.getById(profile.RoleId);
  return role === undefined ? [] : [role];
}

async function profilesShape(c: Pick<ReadCollections, 'roles'>, profiles: readonly InstanceProfileRecord[]): Promise<WireRecord[]> {
  const out: WireRecord[] = [];
  for (const p of profiles) out.push(instanceProfileShape(p, await rolesOf(c, p), 'list'));
  return out;
}

/** A role's instance profiles as GetAccountAuthorizationDetails lists them in RoleDetailList. */
export async function roleInstanceProfiles(c: ReadCollections, role: RoleRecord): Promise<readonly WireRecord[]> {
  const profiles = await c.instanceProfiles.list({ scope: role.AccountId, ref: role.RoleId, maxItems: 1000 });
  return profilesShape(c, profiles.items);
}

const profileName = (input: WireRecord): string => requiredString(input, 'InstanceProfileName');

export const createInstanceProfile: OperationDef = {
  name: 'CreateInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) => ({
    action: 'iam:CreateInstanceProfile',
    resource: iamArn(acct(ctx), 'instance-profile', profileName(input), optionalString(input, 'Path') ?? ROOT_PATH),
    keys: requestTagKeys(tagList(input)),
  }),
  async handler(input, ctx) {
    const name = profileName(input);
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    requireValidPath(path);
    const record: InstanceProfileRecord = {
      AccountId: ctx.accountId,
      Path: path,
      InstanceProfileName: name,
      InstanceProfileId: newUniqueId('instanceProfile', acct(ctx)),
      Arn: iamArn(acct(ctx), 'instance-profile', name, path),
      CreateDate: isoSeconds(ctx.now),
      Tags: initialTags(tagList(input)),
    };
    await ctx.store.transaction((tx) => putUnique(tx.instanceProfiles, record, () => iamMessages.instanceProfileExists(name)));
    return { InstanceProfile: instanceProfileShape(record, [], 'created') };
  },
};

export const getInstanceProfile: OperationDef = {
  name: 'GetInstanceProfile',
  readOnly: true,
  authorize: (input, ctx) => profileAuthorization('iam:GetInstanceProfile', input, ctx),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const profile = await requireInstanceProfile(read, ctx.accountId, profileName(input));
    return { InstanceProfile: instanceProfileShape(profile, await rolesOf(read, profile), 'full') };
  },
};

export const listInstanceProfiles: OperationDef = {
  name: 'ListInstanceProfiles',
  readOnly: true,
  authorize: (input, ctx) => ({
    action: 'iam:ListInstanceProfiles',
    resource: listResource(ctx.accountId, 'instance-profile', optionalString(input, 'PathPrefix')),
  }),
  async handler(input, ctx) {
    const pathPrefix = optionalString(input, 'PathPrefix');
    const read = ctx.store.read;
    const page = await listPage(() =>
      read.instanceProfiles.list({ scope: ctx.accountId, ...pageRequest(input), ...(pathPrefix === undefined ? {} : { pathPrefix }) }),
    );
    return { InstanceProfiles: await profilesShape(read, page.items), ...pageFields(page) };
  },
};

export const deleteInstanceProfile: OperationDef = {
  name: 'DeleteInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) => profileAuthorization('iam:DeleteInstanceProfile', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const profile = await requireInstanceProfile(tx, ctx.accountId, profileName(input));
      if (profile.RoleId !== undefined) throw awsErrors.deleteConflict('instance profile roles');
      await tx.instanceProfiles.delete(profile.InstanceProfileId);
    });
    return {};
  },
};

export const addRoleToInstanceProfile: OperationDef = {
  name: 'AddRoleToInstanceProfile',
  readOnly: false,
  async authorize(input, ctx) {
    const profile = await profileAuthorization('iam:AddRoleToInstanceProfile', input, ctx);
    const role = await roleTarget(ctx, requiredString(input, 'RoleName'));
    return [
      profile,
      {
        action: 'iam:PassRole',
        resource: role.arn,
        keys: mergeKeys(resourceTagKeys(role.tags), {
          'iam:PassedToService': 'ec2.amazonaws.com',
          'iam:AssociatedResourceArn': `arn:aws:ec2:*:${ctx.accountId}:instance/*`,
        }),
      },
    ];
  },
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const profile = await requireInstanceProfile(tx, ctx.accountId, profileName(input));
      const role = requireModifiableRole(await requireRole(tx, ctx.accountId, requiredString(input, 'RoleName')));
      // A profile that holds a role (even this one) is full. AWS's answer for adding the role the
      // profile already holds is not known; the quota error is given.
      if (profile.RoleId !== undefined) throw iamMessages.instanceProfileFull();
      await tx.instanceProfiles.put({ ...profile, RoleId: role.RoleId });
    });
    return {};
  },
};

export const removeRoleFromInstanceProfile: OperationDef = {
  name: 'RemoveRoleFromInstanceProfile',
  readOnly: false,
  authorize: (input, ctx) => profileAuthorization('iam:RemoveRoleFromInstanceProfile', input, ctx),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const profile = await requireInstanceProfile(tx, ctx.accountId, profileName(input));
      const role = requireModifiableRole(await requireRole(tx, ctx.accountId, requiredString(input, 'RoleName')));
      if (profile.RoleId !== role.RoleId) throw iamMessages.roleNotInInstanceProfile(role.RoleName, profile.InstanceProfileName);
      const { RoleId: _removed, ...rest } = profile;
      await tx.instanceProfiles.put(rest);
    });
    return {};
  },
};

export const listInstanceProfilesForRole: OperationDef = {
  name: 'ListInstanceProfilesForRole',
  readOnly: true,
  async authorize(input, ctx) {
    const target = await roleTarget(ctx, requiredString(input, 'RoleName'));
    return { action: 'iam:ListInstanceProfilesForRole', resource: target.arn, keys: resourceTagKeys(target.tags) };
  },
  async handler(input, ctx) {
    const read = ctx.store.read;
    const role = await requireRole(read, ctx.accountId, requiredString(input, 'RoleName'));
    const page = await listPage(() => read.instanceProfiles.list({ scope: ctx.accountId, ref: role.RoleId, ...pageRequest(input) }));
    return { InstanceProfiles: await profilesShape(read, page.items), ...pageFields(page) };
  },
};

export const instanceProfileOperations: readonly OperationDef[] = [
  createInstanceProfile,
  getInstanceProfile,
  listInstanceProfiles,
  deleteInstanceProfile,
  addRoleToInstanceProfile,
  removeRoleFromInstanceProfile,
  listInstanceProfilesForRole,
];

/** For tags.ts: a profile's tags, read and replaced by name. */
export const instanceProfileTags = {
  read: async (ctx: OperationContext, name: string): Promise<readonly Tag[]> => (await requireInstanceProfile(ctx.store.read, ctx.accountId, name)).Tags,
  update: (ctx: OperationContext, name: string, change: (tags: readonly Tag[]) => readonly Tag[]): Promise<void> =>
    ctx.store.transaction(async (tx) => {
      const profile = await requireInstanceProfile(tx, ctx.accountId, name);
      await tx.instanceProfiles.put({ ...profile, Tags: change(profile.Tags) });
    }),
};
