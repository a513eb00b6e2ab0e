import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Caller } from '../operation.js';
import { awsError, call, context, openTestStore, NOW, type TestStore } from './test-context.js';

const OTHER = '210987654321';
const rootOf = (accountId: string): Caller => ({ principal: { type: 'root', arn: `arn:aws:iam::${accountId}:root`, accountId }, accountId, userId: accountId, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', tags: {} });

void describe('account aliases across accounts', () => {
  let t: TestStore;
  void before(async () => {
    t = await openTestStore();
  });
  void after(async () => {
    await t.close();
  });

  void it('refuses an alias another account holds, and frees it when that account changes its alias', async () => {
    const mine = context(t.store);
    const theirs = { ...context(t.store, rootOf(OTHER), NOW), accountId: OTHER };
    await call(mine, 'CreateAccountAlias', { AccountAlias: 'shared-name' });
    await assert.rejects(call(theirs, 'CreateAccountAlias', { AccountAlias: 'shared-name' }), awsError('EntityAlreadyExists', 'The account alias shared-name already exists.'));
    assert.deepEqual((await call(theirs, 'ListAccountAliases')).AccountAliases, []);
    await call(mine, 'CreateAccountAlias', { AccountAlias: 'new-name' });
    await call(theirs, 'CreateAccountAlias', { AccountAlias: 'shared-name' });
    assert.deepEqual((await call(theirs, 'ListAccountAliases')).AccountAliases, ['shared-name']);
    assert.deepEqual((await call(mine, 'ListAccountAliases')).AccountAliases, ['new-name']);
  });
});
