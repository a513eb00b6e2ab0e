/**
 * GetAccountAuthorizationDetails output as records: the CLI's decoded documents and the API's
 * URL-encoded ones give the same text, AWS managed policies are left to the data Gatehouse
 * carries, accounts come from the ARNs, and output that lacks what a record needs is refused
 * with a reason instead of loading half an entity.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detailRecords, ImportFormatError, isAuthorizationDetails } from './authorization-details.js';

const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

describe('import: authorization details as records', () => {
  it('reads decoded and URL-encoded documents alike, and names every account', () => {
    const r = detailRecords([
      { RoleDetailList: [{ RoleName: 'a', RoleId: 'AROAAAAAAAAAAAAAAAAA1', Arn: 'arn:aws:iam::111122223333:role/a', AssumeRolePolicyDocument: doc, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }] }] },
      { RoleDetailList: [{ RoleName: 'b', RoleId: 'AROAAAAAAAAAAAAAAAAA2', Arn: 'arn:aws:iam::444455556666:role/x/b', Path: '/x/', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(doc)) }] },
    ]);
    assert.deepEqual([...r.accounts].sort(), ['111122223333', '444455556666']);
    assert.equal(r.roles[0]!.AssumeRolePolicyDocument, JSON.stringify(doc));
    assert.equal(r.roles[1]!.AssumeRolePolicyDocument, JSON.stringify(doc));
    assert.equal(r.inline[0]!.PolicyDocument, JSON.stringify(doc));
    assert.equal(r.roles[1]!.Path, '/x/');
    assert.equal(r.roles[0]!.MaxSessionDuration, 3600);
  });

  it('keeps every version of a customer managed policy and leaves AWS managed policies out', () => {
    const r = detailRecords({
      Policies: [
        { PolicyName: 'mine', PolicyId: 'ANPAAAAAAAAAAAAAAAAA1', Arn: 'arn:aws:iam::111122223333:policy/mine', DefaultVersionId: 'v3', PolicyVersionList: [{ VersionId: 'v3', Document: doc, IsDefaultVersion: true }, { VersionId: 'v1', Document: doc, IsDefaultVersion: false }] },
        { PolicyName: 'ReadOnlyAccess', PolicyId: 'ANPAILL3HVNFSB6DCOWYQ', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', PolicyVersionList: [{ VersionId: 'v1', Document: doc }] },
      ],
    });
    assert.deepEqual(r.policies.map((p) => [p.PolicyName, p.DefaultVersionId, p.LastVersionNumber]), [['mine', 'v3', 3]]);
    assert.deepEqual(r.versions.map((v) => v.VersionId), ['v3', 'v1']);
  });

  it('keeps group memberships by name for later, and boundaries, tags and dates', () => {
    const r = detailRecords({
      UserDetailList: [{ UserName: 'u', UserId: 'AIDAAAAAAAAAAAAAAAAA1', Arn: 'arn:aws:iam::111122223333:user/u', CreateDate: '2024-05-06T07:08:09.123Z', GroupList: ['g'], Tags: [{ Key: 'k', Value: 'v' }], PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' } }],
    });
    assert.deepEqual(r.memberships, [{ accountId: '111122223333', userId: 'AIDAAAAAAAAAAAAAAAAA1', groupName: 'g' }]);
    assert.equal(r.users[0]!.CreateDate, '2024-05-06T07:08:09Z');
    assert.deepEqual(r.users[0]!.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.equal(r.users[0]!.PermissionsBoundary?.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/PowerUserAccess');
  });

  it('refuses what is not authorization details, or lacks what a record needs', () => {
    assert.equal(isAuthorizationDetails({ Users: [] }), false);
    assert.equal(isAuthorizationDetails([{ RoleDetailList: [] }]), true);
    assert.throws(() => detailRecords({ RoleDetailList: [{ RoleName: 'a', Arn: 'arn:aws:iam::111122223333:role/a' }] }), ImportFormatError);
    assert.throws(() => detailRecords({ RoleDetailList: [{ RoleName: 'a', RoleId: 'AROA1', Arn: 'not-an-arn', AssumeRolePolicyDocument: doc }] }), /not an IAM ARN/);
    assert.throws(() => detailRecords({ RoleDetailList: [{ RoleName: 'a', RoleId: 'AROA1', Arn: 'arn:aws:iam::111122223333:role/a', AssumeRolePolicyDocument: '%7Bnot json' }] }), /not JSON/);
    assert.throws(() => detailRecords({ Policies: [{ PolicyName: 'p', PolicyId: 'ANPA1', Arn: 'arn:aws:iam::111122223333:policy/p' }] }), /no PolicyVersionList/);
    assert.throws(() => detailRecords({ UserDetailList: 'nope' }), /must be an array/);
  });
});
