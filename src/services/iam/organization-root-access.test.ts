import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Caller } from '../operation.js';
import { call, context, openTestStore, ACCOUNT, NOW, type TestStore } from './test-context.js';
import { requireRootAccessManager } from './organization-root-access.js';

const MEMBER = '210987654321';
const STANDALONE = '333333333333';

function rootOf(accountId: string): Caller {
  return { principal: { type: 'root', arn: `arn:aws:iam::${accountId}:root`, accountId }, accountId, userId: accountId, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', tags: {} };
}

void describe('centralized root access features', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
    await t.store.transaction(async (tx) => {
      for (const id of [ACCOUNT, MEMBER]) {
        await tx.accounts.put({
          Id: id,
          Arn: `arn:aws:organizations::${ACCOUNT}:account/o-exampleorgid/${id}`,
          Name: id === ACCOUNT ? 'management' : 'member',
          Email: `${id}@example.com`,
          Status: 'ACTIVE',
          JoinedMethod: 'CREATED',
          JoinedTimestamp: '2024-01-01T00:00:00Z',
        });
      }
    });
  });
  void after(async () => {
    await t.close();
  });

  const asAccount = (accountId: string) => ({ ...context(t.store, rootOf(accountId), NOW), accountId });

  void it('answers the management account with the organization and its features', async () => {
    const out = await call(asAccount(ACCOUNT), 'EnableOrganizationsRootCredentialsManagement');
    assert.deepEqual(out, { OrganizationId: 'o-exampleorgid', EnabledFeatures: ['RootCredentialsManagement'] });
  });

  void it('refuses a member account: Enable with CallerIsNotManagementAccount, the others with AccountNotManagementOrDelegatedAdministrator', async () => {
    await assert.rejects(call(asAccount(MEMBER), 'EnableOrganizationsRootSessions'), { code: 'CallerIsNotManagementAccountException' });
    await assert.rejects(call(asAccount(MEMBER), 'ListOrganizationsFeatures'), { code: 'AccountNotManagementOrDelegatedAdministratorException' });
    await assert.rejects(call(asAccount(MEMBER), 'DisableOrganizationsRootCredentialsManagement'), { code: 'AccountNotManagementOrDelegatedAdministratorException' });
  });

  void it('refuses an account in no organization with OrganizationNotFoundException (HTTP 400)', async () => {
    await assert.rejects(call(asAccount(STANDALONE), 'ListOrganizationsFeatures'), (e: unknown) => {
      const err = e as { code: string; httpStatus: number; message: string };
      assert.equal(err.code, 'OrganizationNotFoundException');
      assert.equal(err.httpStatus, 400);
      assert.equal(err.message, 'The request was rejected because no organization is associated with your account.');
      return true;
    });
  });

  void it('checks the organization\'s feature set and IAM\'s trusted access before the caller', () => {
    const org = { organizationId: 'o-exampleorgid', managementAccountId: ACCOUNT, allFeatures: true, iamTrustedAccess: true };
    assert.throws(() => requireRootAccessManager({ ...org, allFeatures: false }, MEMBER, 'management'), { code: 'OrganizationNotInAllFeaturesModeException' });
    assert.throws(() => requireRootAccessManager({ ...org, iamTrustedAccess: false }, MEMBER, 'management'), { code: 'ServiceAccessNotEnabledException' });
    assert.equal(requireRootAccessManager(org, ACCOUNT, 'management'), org);
  });
});
