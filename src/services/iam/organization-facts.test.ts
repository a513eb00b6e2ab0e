import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ORGANIZATION_KEY } from '../../state/entity-kinds.js';
import { organizationOf } from './organization-facts.js';
import { openTestStore, ACCOUNT, type TestStore } from './test-context.js';

const MEMBER = '210987654321';
const LEFT = '333333333333';
const ORG_ID = 'o-a1b2c3d4e5';

void describe('organization facts', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
    await t.store.transaction(async (tx) => {
      await tx.accounts.put({
        Id: ACCOUNT,
        Arn: `arn:aws:organizations::${ACCOUNT}:account/o-gatehouse/${ACCOUNT}`,
        Name: 'management',
        Email: 'root@example.com',
        Status: 'ACTIVE',
        JoinedMethod: 'CREATED',
        JoinedTimestamp: '2024-01-01T00:00:00Z',
      });
    });
  });
  void after(async () => {
    await t.close();
  });

  void it('before an organization is created, the first account stands for a one-account organization', async () => {
    assert.deepEqual(await organizationOf(t.store.read, ACCOUNT), { organizationId: 'o-gatehouse', managementAccountId: ACCOUNT, allFeatures: true, iamTrustedAccess: true });
    assert.equal(await organizationOf(t.store.read, MEMBER), undefined);
  });

  void it('once one exists, reads its record: its ID, management account, feature set, and which accounts belong to it', async () => {
    await t.store.transaction(async (tx) => {
      await tx.organizations.put({
        Id: ORG_ID,
        Arn: `arn:aws:organizations::${ACCOUNT}:organization/${ORG_ID}`,
        FeatureSet: 'CONSOLIDATED_BILLING',
        MasterAccountId: ACCOUNT,
        MasterAccountArn: `arn:aws:organizations::${ACCOUNT}:account/${ORG_ID}/${ACCOUNT}`,
        MasterAccountEmail: 'root@example.com',
        Root: { Id: 'r-ab12', Arn: `arn:aws:organizations::${ACCOUNT}:root/${ORG_ID}/r-ab12`, Name: 'Root', PolicyTypes: [], Tags: [] },
        CreatedTimestamp: '2024-01-02T00:00:00Z',
      });
      const member = { Email: 'm@example.com', Status: 'ACTIVE' as const, JoinedMethod: 'CREATED' as const, JoinedTimestamp: '2024-01-03T00:00:00Z' };
      await tx.accounts.put({ ...member, Id: MEMBER, Arn: `arn:aws:organizations::${ACCOUNT}:account/${ORG_ID}/${MEMBER}`, Name: 'member', ParentId: 'r-ab12' });
      // An account record without a parent (removed from the organization) belongs to none.
      await tx.accounts.put({ ...member, Id: LEFT, Arn: `arn:aws:organizations::${ACCOUNT}:account/${ORG_ID}/${LEFT}`, Name: 'left' });
    });
    assert.equal(ORGANIZATION_KEY, 'organization');
    const facts = { organizationId: ORG_ID, managementAccountId: ACCOUNT, allFeatures: false, iamTrustedAccess: true };
    assert.deepEqual(await organizationOf(t.store.read, ACCOUNT), facts);
    assert.deepEqual(await organizationOf(t.store.read, MEMBER), facts);
    assert.equal(await organizationOf(t.store.read, LEFT), undefined);
  });
});
