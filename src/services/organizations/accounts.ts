/**
 * Accounts: CreateAccount with DescribeCreateAccountStatus and ListCreateAccountStatus,
 * DescribeAccount, ListAccounts, ListAccountsForParent, MoveAccount, RemoveAccountFromOrganization.
 *
 * CreateAccount is asynchronous in AWS: it answers IN_PROGRESS, and clients poll
 * DescribeCreateAccountStatus until SUCCEEDED or FAILED (the CLI's and the SDKs' documented use,
 * Terraform's waiter). Gatehouse answers the same IN_PROGRESS and has finished by the time the
 * first poll arrives: the account, its root credentials and its access role exist, and the status
 * reads SUCCEEDED with the account ID. An e-mail address already in use ends FAILED with
 * EMAIL_ALREADY_EXISTS, as in AWS. Each new account's root credentials are handed to
 * `saveRootCredentials` once stored (the server writes them to its credentials file).
 *
 * An account removed from the organization becomes a standalone account: it leaves the
 * organization's records and keeps its IAM entities and credentials.
 */
import { isoSeconds } from '../../aws/iso-seconds.js';
import { newAccountId } from '../../aws/ids.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { AccountRecord, CreateAccountStatusRecord } from '../../state/records.js';
import type { WriteCollections } from '../../state/store.js';
import { requestTagKeys } from '../iam/condition-keys.js';
import { optionalString, requiredString, stringList, tagList } from '../iam/input-fields.js';
import type { OperationDef } from '../operation.js';
import { targetAuthorization } from './org-authorization.js';
import { orgErrors } from './org-errors.js';
import { arnsOf, newCreateAccountRequestId } from './org-ids.js';
import { orgOperation, requireAccess } from './org-operation.js';
import { nextTokenField, orgPage } from './org-paging.js';
import { accountShape, createAccountStatusShape } from './org-shapes.js';
import { mergeOrgTags } from './org-tags.js';
import { attachDefaultPolicies, childAccounts, detachEverything, everyRecord, findMemberAccount, organizationAccounts, parentExists } from './org-tree.js';
import { DEFAULT_ACCESS_ROLE, setUpMemberAccount, type RootCredentials } from './member-account.js';

/** Receives each new member account's root credentials once the account is stored. */
export type SaveRootCredentials = (accountId: string, credentials: RootCredentials) => void;

const accountId = (input: WireRecord): string => requiredString(input, 'AccountId');

/** A 12-digit ID no account Gatehouse holds, or has held, uses. */
async function unusedAccountId(tx: WriteCollections): Promise<string> {
  for (;;) {
    const id = newAccountId();
    if ((await tx.accounts.getById(id)) === undefined && (await tx.accessKeys.count({ scope: id })) === 0) return id;
  }
}

export function createAccountOperation(saveRootCredentials: SaveRootCredentials): OperationDef {
  return orgOperation({
    name: 'CreateAccount',
    readOnly: false,
    access: 'management',
    authorize: (input) => ({ action: 'organizations:CreateAccount', resource: '*', keys: requestTagKeys(tagList(input)) }),
    async handler(input, ctx) {
      const email = requiredString(input, 'Email');
      const name = requiredString(input, 'AccountName');
      const roleName = optionalString(input, 'RoleName') ?? DEFAULT_ACCESS_ROLE;
      if (roleName.startsWith('AWSServiceRoleFor')) throw orgErrors.invalidInput('INVALID_ROLE_NAME');
      const tags = mergeOrgTags([], tagList(input) ?? []);
      const requested = isoSeconds(ctx.now);
      const outcome = await ctx.store.transaction(async (tx) => {
        const org = await requireAccess(tx, ctx, 'management');
        const base = { Id: newCreateAccountRequestId(), AccountName: name, RequestedTimestamp: requested } as const;
        const taken = (await everyRecord(tx.accounts)).some((a) => a.Email.toLowerCase() === email.toLowerCase());
        if (taken) {
          const failed: CreateAccountStatusRecord = { ...base, State: 'FAILED', CompletedTimestamp: requested, FailureReason: 'EMAIL_ALREADY_EXISTS' };
          await tx.createAccountStatuses.put(failed);
          return { status: failed, credentials: undefined };
        }
        const id = await unusedAccountId(tx);
        const account: AccountRecord = {
          Id: id,
          Arn: arnsOf(org).account(id),
          Name: name,
          Email: email,
          Status: 'ACTIVE',
          JoinedMethod: 'CREATED',
          JoinedTimestamp: requested,
          ParentId: org.Root.Id,
          Tags: tags,
        };
        await tx.accounts.put(account);
        await attachDefaultPolicies(tx, org, id);
        const credentials = await setUpMemberAccount(tx, { accountId: id, managementAccountId: org.MasterAccountId, roleName, now: ctx.now });
        const succeeded: CreateAccountStatusRecord = { ...base, State: 'SUCCEEDED', CompletedTimestamp: requested, AccountId: id };
        await tx.createAccountStatuses.put(succeeded);
        return { status: succeeded, credentials: { accountId: id, credentials } };
      });
      if (outcome.credentials !== undefined) saveRootCredentials(outcome.credentials.accountId, outcome.credentials.credentials);
      const { Id, AccountName, RequestedTimestamp } = outcome.status;
      return { CreateAccountStatus: createAccountStatusShape({ Id, AccountName, RequestedTimestamp, State: 'IN_PROGRESS' }) };
    },
  });
}

export const describeCreateAccountStatus = orgOperation({
  name: 'DescribeCreateAccountStatus',
  readOnly: true,
  access: 'management',
  authorize: () => ({ action: 'organizations:DescribeCreateAccountStatus', resource: '*' }),
  async handler(input, ctx) {
    const status = await ctx.store.read.createAccountStatuses.getById(requiredString(input, 'CreateAccountRequestId'));
    if (status === undefined) throw orgErrors.createAccountStatusNotFound();
    return { CreateAccountStatus: createAccountStatusShape(status) };
  },
});

export const listCreateAccountStatus = orgOperation({
  name: 'ListCreateAccountStatus',
  readOnly: true,
  access: 'management',
  authorize: () => ({ action: 'organizations:ListCreateAccountStatus', resource: '*' }),
  async handler(input, ctx) {
    const states = stringList(input, 'States');
    const all = await everyRecord(ctx.store.read.createAccountStatuses);
    const page = orgPage(states === undefined || states.length === 0 ? all : all.filter((s) => states.includes(s.State)), input);
    return { CreateAccountStatuses: page.items.map(createAccountStatusShape), ...nextTokenField(page) };
  },
});

export const describeAccount = orgOperation({
  name: 'DescribeAccount',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:DescribeAccount', ctx, scope, accountId(input)),
  async handler(input, ctx, { arns }) {
    const account = await findMemberAccount(ctx.store.read, accountId(input));
    if (account === undefined) throw orgErrors.accountNotFound();
    return { Account: accountShape(account, arns) };
  },
});

export const listAccounts = orgOperation({
  name: 'ListAccounts',
  readOnly: true,
  access: 'management',
  authorize: () => ({ action: 'organizations:ListAccounts', resource: '*' }),
  async handler(input, ctx, { arns }) {
    const page = orgPage(await organizationAccounts(ctx.store.read), input);
    return { Accounts: page.items.map((a) => accountShape(a, arns)), ...nextTokenField(page) };
  },
});

export const listAccountsForParent = orgOperation({
  name: 'ListAccountsForParent',
  readOnly: true,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:ListAccountsForParent', ctx, scope, requiredString(input, 'ParentId')),
  async handler(input, ctx, { org, arns }) {
    const parentId = requiredString(input, 'ParentId');
    if (!(await parentExists(ctx.store.read, org, parentId))) throw orgErrors.parentNotFound();
    const page = orgPage(await childAccounts(ctx.store.read, parentId), input);
    return { Accounts: page.items.map((a) => accountShape(a, arns)), ...nextTokenField(page) };
  },
});

export const moveAccount = orgOperation({
  name: 'MoveAccount',
  readOnly: false,
  access: 'management',
  // The reference lists the account and both parents; each is authorized.
  authorize: async (input, ctx, scope) => [
    await targetAuthorization('organizations:MoveAccount', ctx, scope, accountId(input)),
    await targetAuthorization('organizations:MoveAccount', ctx, scope, requiredString(input, 'SourceParentId')),
    await targetAuthorization('organizations:MoveAccount', ctx, scope, requiredString(input, 'DestinationParentId')),
  ],
  async handler(input, ctx) {
    const source = requiredString(input, 'SourceParentId');
    const destination = requiredString(input, 'DestinationParentId');
    await ctx.store.transaction(async (tx) => {
      const org = await requireAccess(tx, ctx, 'management');
      const account = await findMemberAccount(tx, accountId(input));
      if (account === undefined) throw orgErrors.accountNotFound();
      if (!(await parentExists(tx, org, source))) throw orgErrors.sourceParentNotFound();
      if (!(await parentExists(tx, org, destination))) throw orgErrors.destinationParentNotFound();
      // AWS's answer for an account that is not under the source parent is not known; the
      // account is reported not found there.
      if (account.ParentId !== source) throw orgErrors.accountNotFound();
      if (source === destination) throw orgErrors.duplicateAccount();
      await tx.accounts.put({ ...account, ParentId: destination });
    });
    return {};
  },
});

export const removeAccountFromOrganization = orgOperation({
  name: 'RemoveAccountFromOrganization',
  readOnly: false,
  access: 'management',
  authorize: (input, ctx, scope) => targetAuthorization('organizations:RemoveAccountFromOrganization', ctx, scope, accountId(input)),
  async handler(input, ctx) {
    await ctx.store.transaction(async (tx) => {
      const org = await requireAccess(tx, ctx, 'management');
      const id = accountId(input);
      if (id === org.MasterAccountId) throw orgErrors.managementCannotLeave();
      const account = await findMemberAccount(tx, id);
      if (account === undefined) throw orgErrors.accountNotFound();
      await detachEverything(tx, id);
      await tx.accounts.delete(id);
    });
    return {};
  },
});

export function accountOperations(saveRootCredentials: SaveRootCredentials): readonly OperationDef[] {
  return [
    createAccountOperation(saveRootCredentials),
    describeCreateAccountStatus,
    listCreateAccountStatus,
    describeAccount,
    listAccounts,
    listAccountsForParent,
    moveAccount,
    removeAccountFromOrganization,
  ];
}
