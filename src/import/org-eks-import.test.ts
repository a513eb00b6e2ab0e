/**
 * `gatehouse import` of hand-saved AWS CLI outputs (test/fixtures/cli-outputs, shaped exactly as
 * the CLI prints them): each file recognised by its shape, the IDs an output does not name taken
 * from the file's name; the organization and the cluster become the records the services keep,
 * with AWS's IDs; re-importing changes nothing; bad or conflicting input is refused with a message
 * naming the file and the fact, and leaves nothing of the organization or cluster behind.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runImport, type ImportReport } from '../cli/import-command.js';
import { openStore } from '../state/index.js';
import { outputKind } from './cli-outputs.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/cli-outputs/', import.meta.url));
const MEMBER = '111122223333';
const ISSUER = '0123456789ABCDEF0123456789ABCDEF';
const ROLE = `arn:aws:iam::${MEMBER}:role/ops/oncall`;
const temps: string[] = [];

function temp(label: string): string {
  const d = mkdtempSync(join(tmpdir(), `gatehouse-${label}-`));
  temps.push(d);
  return d;
}

/** A copy of the fixtures, with some files replaced, added or left out. */
function fixtures(change: Record<string, object | null> = {}): string {
  const d = temp('outputs');
  for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.json'))) copyFileSync(join(FIXTURES, f), join(d, f));
  for (const [name, content] of Object.entries(change)) {
    if (content === null) rmSync(join(d, name));
    else writeFileSync(join(d, name), JSON.stringify(content));
  }
  return d;
}

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

async function state(dataDir: string) {
  const store = await openStore(undefined, dataDir);
  try {
    const r = store.read;
    const all = <T>(p: Promise<{ items: readonly T[] }>) => p.then((x) => x.items);
    return {
      org: await r.organizations.getById('organization'),
      ous: (await all(r.organizationalUnits.list({ scope: '', maxItems: 1000 }))).map((o) => `${o.Id} ${o.Name} < ${o.ParentId}`).sort(),
      accounts: (await all(r.accounts.list({ scope: '', maxItems: 1000 }))).map((a) => `${a.Id} ${a.Name} < ${a.ParentId ?? '-'}`),
      policies: (await all(r.orgPolicies.list({ scope: '', maxItems: 1000 }))).map((p) => ({ Id: p.Id, Arn: p.Arn, Name: p.Name, Type: p.Type, Content: p.Content })),
      attachments: (await all(r.orgPolicyAttachments.list({ scope: '', maxItems: 1000 }))).map((a) => `${a.PolicyId} > ${a.TargetId}`).sort(),
      clusters: await all(r.eksClusters.list({ scope: MEMBER, maxItems: 1000 })),
      entries: await all(r.eksAccessEntries.list({ scope: MEMBER, maxItems: 1000 })),
      associations: await all(r.eksPodIdentityAssociations.list({ scope: MEMBER, maxItems: 1000 })),
      tags: [
        ...(await all(r.organizationalUnits.list({ scope: '', maxItems: 1000 }))).map((o) => [o.Id, o.Tags]),
        ...(await all(r.accounts.list({ scope: '', maxItems: 1000 }))).map((a) => [a.Id, a.Tags]),
        ...(await all(r.orgPolicies.list({ scope: '', maxItems: 1000 }))).map((p) => [p.Id, p.Tags]),
      ].filter(([, t]) => ((t as unknown[] | undefined) ?? []).length > 0),
      memberKeys: (await all(r.accessKeys.list({ scope: MEMBER, parent: MEMBER }))).length,
    };
  } finally {
    await store.close();
  }
}

describe('import of hand-saved Organizations and EKS outputs', () => {
  after(() => {
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  it('loads the organization tree, the SCP with its targets, and the cluster with its access entry, with AWS\'s IDs', async () => {
    const data = temp('data');
    const { report, output } = await runImport([fixtures()], { data, region: 'us-east-1', json: true });
    const counts = (r: ImportReport) => [r.organization, r.root, r.organizationalUnits, r.organizationAccounts, r.organizationPolicies, r.organizationPolicyAttachments, r.organizationTags, r.clusters, r.accessEntries, r.associatedAccessPolicies, r.podIdentityAssociations];
    assert.deepEqual(counts(report), ['o-a1b2c3d4e5', 'r-a1b2', 2, 2, 1, 6, 4, 1, 1, 1, 1]);
    assert.deepEqual(report.accountsCreated, [{ accountId: MEMBER, profile: `gatehouse-${MEMBER}` }]);
    assert.deepEqual(report.skipped, []);
    assert.equal((JSON.parse(output) as ImportReport).organization, 'o-a1b2c3d4e5');
    const s = await state(data);
    assert.equal(s.org?.Arn, 'arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5');
    assert.deepEqual(s.org?.Root.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
    assert.deepEqual(s.ous, ['ou-a1b2-11111111 Workloads < r-a1b2', 'ou-a1b2-22222222 Prod < ou-a1b2-11111111']);
    assert.deepEqual(s.accounts, ['111122223333 payments-prod < ou-a1b2-22222222', '123456789012 management < r-a1b2']);
    const described = (fixture('describe-policy-p-deny1234.json').Policy as { Content: string; PolicySummary: { Arn: string } });
    assert.deepEqual(s.policies, [{ Id: 'p-deny1234', Arn: described.PolicySummary.Arn, Name: 'guardrails', Type: 'SERVICE_CONTROL_POLICY', Content: described.Content }]);
    assert.deepEqual(s.attachments, ['p-FullAWSAccess > 111122223333', 'p-FullAWSAccess > 123456789012', 'p-FullAWSAccess > ou-a1b2-11111111', 'p-FullAWSAccess > ou-a1b2-22222222', 'p-FullAWSAccess > r-a1b2', 'p-deny1234 > ou-a1b2-22222222']);
    assert.equal(s.memberKeys, 1);
    const [cluster] = s.clusters;
    assert.deepEqual(
      { name: cluster?.name, region: cluster?.region, arn: cluster?.arn, issuerId: cluster?.issuerId, mode: cluster?.authenticationMode, role: cluster?.roleArn, version: cluster?.version, tags: cluster?.tags, createdAt: cluster?.createdAt },
      { name: 'payments', region: 'eu-west-1', arn: `arn:aws:eks:eu-west-1:${MEMBER}:cluster/payments`, issuerId: ISSUER, mode: 'API', role: `arn:aws:iam::${MEMBER}:role/eks-cluster-role`, version: '1.30', tags: { team: 'payments' }, createdAt: '2024-05-06T07:08:09.123Z' },
    );
    const [entry] = s.entries;
    assert.equal(entry?.principalArn, ROLE);
    assert.equal(entry?.clusterId, ISSUER);
    assert.equal(entry?.username, `arn:aws:sts::${MEMBER}:assumed-role/oncall/{{SessionName}}`);
    assert.deepEqual(entry?.kubernetesGroups, ['oncall']);
    assert.deepEqual(entry?.associatedAccessPolicies.map((p) => [p.policyArn, p.accessScope]), [['arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', { type: 'namespace', namespaces: ['payments', 'default'] }]]);
    // Tags in the order listed; the Pod Identity association with its own ID, on the cluster's issuer.
    assert.deepEqual(s.tags, [
      ['ou-a1b2-22222222', [{ Key: 'environment', Value: 'production' }, { Key: 'cost-center', Value: '4410' }]],
      ['111122223333', [{ Key: 'owner', Value: 'payments-team' }]],
      ['p-deny1234', [{ Key: 'guardrail', Value: 'iam' }]],
    ]);
    const saved = fixture('describe-pod-identity-association.json').association as Record<string, unknown>;
    assert.deepEqual(s.associations, [{ ...saved, accountId: MEMBER, region: 'eu-west-1', clusterId: ISSUER, createdAt: '2024-05-07T10:11:12.345Z', modifiedAt: '2024-05-07T10:11:12.345Z' }]);
  });

  it('re-importing the same outputs changes nothing and makes no new credentials', async () => {
    const data = temp('data');
    const dir = fixtures();
    await runImport([dir], { data, region: 'us-east-1', json: true });
    const first = await state(data);
    const { report } = await runImport([dir], { data, region: 'us-east-1', json: true });
    assert.deepEqual(report.accountsCreated, []);
    const second = await state(data);
    assert.deepEqual(second, first);
  });

  it('loads a cluster without an organization; its account, new to Gatehouse, gets root credentials', async () => {
    const data = temp('data');
    const only = temp('eks-only');
    for (const f of ['describe-cluster.json', 'list-access-entries.json', 'describe-access-entry.json', 'list-associated-access-policies.json']) copyFileSync(join(FIXTURES, f), join(only, f));
    const { report } = await runImport([only], { data, region: 'us-east-1', json: true });
    assert.deepEqual([report.organization, report.clusters, report.accessEntries, report.accountsCreated], [null, 1, 1, [{ accountId: MEMBER, profile: `gatehouse-${MEMBER}` }]]);
    const s = await state(data);
    assert.deepEqual([s.org, s.clusters.length, s.entries.length, s.memberKeys], [undefined, 1, 1, 1]);
    assert.match(readFileSync(join(data, 'credentials'), 'utf8'), new RegExp(`\\[gatehouse-${MEMBER}\\]`));
  });

  it('loads an organization managed by another account into a Gatehouse serving that account (--account-id)', async () => {
    const data = temp('data');
    const dir = fixtures();
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replaceAll('123456789012', '999988887777'));
    const { report } = await runImport([dir], { data, region: 'us-east-1', accountId: '999988887777', json: true });
    assert.equal(report.organization, 'o-a1b2c3d4e5');
    // The management account's root credentials are `gatehouse serve --account-id 999988887777`'s to make.
    assert.deepEqual(report.accountsCreated, [{ accountId: MEMBER, profile: `gatehouse-${MEMBER}` }]);
    const s = await state(data);
    assert.equal(s.org?.MasterAccountId, '999988887777');
    assert.deepEqual(s.accounts, ['111122223333 payments-prod < ou-a1b2-22222222', '999988887777 management < r-a1b2']);
  });

  it('leaves out what it cannot load faithfully, and says so', async () => {
    const data = temp('data');
    const { report } = await runImport([fixtures({ 'describe-policy-p-deny1234.json': null, 'accounts-ou-a1b2-22222222.json': null })], { data, region: 'us-east-1', json: true });
    assert.deepEqual(report.skipped, [
      'account 111122223333: no list-accounts-for-parent output lists it, so it was placed under the root',
      'policy p-deny1234 (guardrails): no describe-policy output, so no document; not loaded, nor its attachments',
      'tags of p-deny1234: the policy is not loaded',
    ]);
    assert.equal(report.organizationPolicies, 0);
  });

  it('tells Organizations\' ListPolicies from the IAM export\'s Policies by their members', () => {
    assert.equal(outputKind(fixture('list-policies-scp.json')), 'list-policies');
    assert.equal(outputKind({ Policies: [{ PolicyName: 'p', PolicyId: 'ANPA', Arn: 'arn:aws:iam::1:policy/p', PolicyVersionList: [] }] }), undefined);
    assert.equal(outputKind({ UserDetailList: [], Policies: [] }), undefined);
  });

  it('tells Organizations\' ListTagsForResource from IAM\'s and EKS\'s tag listings, and recognises Pod Identity outputs', () => {
    assert.equal(outputKind(fixture('tags-p-deny1234.json')), 'list-tags-for-resource');
    assert.equal(outputKind({ Tags: [] }), 'list-tags-for-resource');
    // `aws iam list-role-tags` prints IsTruncated beside the tags; `aws eks list-tags-for-resource` a map.
    assert.equal(outputKind({ Tags: [{ Key: 'k', Value: 'v' }], IsTruncated: false }), undefined);
    assert.equal(outputKind({ tags: { k: 'v' } }), undefined);
    assert.equal(outputKind(fixture('describe-pod-identity-association.json')), 'describe-pod-identity-association');
    assert.equal(outputKind(fixture('list-pod-identity-associations.json')), 'list-pod-identity-associations');
  });

  it('refuses a bundle call that does not say what it was asked about, or an IAM export filed under another service', async () => {
    const dir = temp('bundle');
    const bundle = (calls: object[]): string => {
      const f = join(dir, `b-${calls.length}-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(f, JSON.stringify({ gatehouseCollection: 1, collectedAt: '2026-01-01T00:00:00Z', calls, gaps: [] }));
      return f;
    };
    await assert.rejects(
      runImport([bundle([{ service: 'organizations', command: 'list-tags-for-resource', input: {}, output: { Tags: [] } }])], { data: temp('data'), region: 'us-east-1' }),
      /calls\[0\] \(list-tags-for-resource\): the input has no ResourceId/,
    );
    await assert.rejects(
      runImport([bundle([{ service: 'eks', command: 'get-account-authorization-details', input: {}, output: { UserDetailList: [] } }])], { data: temp('data'), region: 'us-east-1' }),
      /calls\[0\] \(get-account-authorization-details\): get-account-authorization-details is an IAM call, not "eks"/,
    );
  });

  it('stops before any IAM file when the Organizations or EKS outputs are refused, whatever the order of the files', async () => {
    const data = temp('data');
    const gaad = join(temp('gaad'), 'gaad.json');
    writeFileSync(gaad, JSON.stringify({ UserDetailList: [{ Path: '/', UserName: 'ann', UserId: 'AIDAEXAMPLEANN000001', Arn: 'arn:aws:iam::123456789012:user/ann', CreateDate: '2025-01-02T03:04:05Z', GroupList: [], AttachedManagedPolicies: [], UserPolicyList: [], Tags: [] }], GroupDetailList: [], RoleDetailList: [], Policies: [] }));
    const bad = fixtures({ 'describe-cluster.json': null });
    await assert.rejects(runImport([gaad, bad], { data, region: 'us-east-1' }), /give its describe-cluster output too/);
    const store = await openStore(undefined, data);
    try {
      assert.equal(await store.read.users.getByName('123456789012', 'ann'), undefined);
    } finally {
      await store.close();
    }
    const { report } = await runImport([gaad, fixtures()], { data, region: 'us-east-1', json: true });
    assert.deepEqual([report.users, report.organization, report.clusters], [1, 'o-a1b2c3d4e5', 1]);
  });

  const refused: readonly (readonly [string, Record<string, object | null>, RegExp])[] = [
    ['an output whose parent the file name does not carry', { 'ous-r-a1b2.json': null, 'children.json': fixture('ous-r-a1b2.json') }, /children\.json: list-organizational-units-for-parent output does not name its parent; put the parent's ID/],
    ['an OU that does not lead up to the root', { 'ous-r-a1b2.json': null }, /OU ou-a1b2-22222222 does not lead up to root r-a1b2 within 5 levels: a list-organizational-units-for-parent output of a level above it is missing/],
    ['an SCP Organizations would not accept', { 'describe-policy-p-deny1234.json': { Policy: { PolicySummary: (fixture('describe-policy-p-deny1234.json').Policy as { PolicySummary: object }).PolicySummary, Content: '{"Statement":' } } }, /policy p-deny1234 \(guardrails\): Organizations would not accept its document as a SERVICE_CONTROL_POLICY/],
    [
      'an organization managed by another account',
      { 'describe-organization.json': { Organization: { ...(fixture('describe-organization.json').Organization as object), MasterAccountId: '999999999999' } } },
      /organization o-a1b2c3d4e5 is managed by account 999999999999, and this Gatehouse serves 123456789012 as its management account: import with --account-id 999999999999/,
    ],
    ['an access entry of a cluster no output describes', { 'describe-cluster.json': null }, /the access entry of arn:aws:iam::111122223333:role\/ops\/oncall names cluster payments in eu-west-1 of 111122223333: give its describe-cluster output too/],
    ['a cluster whose issuer is not an EKS issuer', { 'describe-cluster.json': { cluster: { ...(fixture('describe-cluster.json').cluster as object), identity: { oidc: { issuer: 'https://example.com/id/x' } } } } }, /describe-cluster\.json: cluster payments: identity\.oidc\.issuer "https:\/\/example\.com\/id\/x" is not an EKS issuer URL/],
    ['two outputs that disagree', { 'more-accounts-ou-a1b2-11111111.json': fixture('accounts-ou-a1b2-22222222.json') }, /the parent of account 111122223333 differs between .* and .*: import outputs of one moment/],
    ['a file that is no output it reads', { 'notes.json': { Users: [] } }, /notes\.json: not GetAccountAuthorizationDetails output .*, nor an Organizations or EKS output gatehouse import reads, nor a gatehouse collect bundle/],
    ['tags whose resource the file name does not carry', { 'tags-p-deny1234.json': null, 'policy-tags.json': fixture('tags-p-deny1234.json') }, /policy-tags\.json: list-tags-for-resource output does not name its resource; put the root's, OU's, account's or policy's ID in the file name/],
    ['a tag without a key', { 'tags-111122223333.json': { Tags: [{ Value: 'x' }] } }, /tags-111122223333\.json: Tags\[0\] has no Key of 1 to 128 characters/],
    [
      'a Pod Identity association of a cluster no output describes',
      { 'describe-cluster.json': null, 'describe-access-entry.json': null, 'list-associated-access-policies.json': null },
      /describe-pod-identity-association\.json: the Pod Identity association a-3kf9x2mq7wz1b8c4d names cluster payments in eu-west-1 of 111122223333: give its describe-cluster output too/,
    ],
    [
      'a Pod Identity association whose ID is not its ARN\'s',
      { 'describe-pod-identity-association.json': { association: { ...(fixture('describe-pod-identity-association.json').association as object), associationId: 'a-000000000000000000' } } },
      /describe-pod-identity-association\.json: association a-000000000000000000 has the ARN of a-3kf9x2mq7wz1b8c4d/,
    ],
    [
      'two associations for one service account',
      { 'other-association.json': { association: { ...(fixture('describe-pod-identity-association.json').association as object), associationId: 'a-000000000000000000', associationArn: 'arn:aws:eks:eu-west-1:111122223333:podidentityassociation/payments/a-000000000000000000' } } },
      /associations a-000000000000000000 and a-3kf9x2mq7wz1b8c4d are both for payments\/ledger on cluster payments: import outputs of one moment/,
    ],
    ['a date that is no date', { 'describe-access-entry.json': { accessEntry: { ...(fixture('describe-access-entry.json').accessEntry as object), createdAt: 'yesterday' } } }, /describe-access-entry\.json createdAt: not a date: "yesterday"/],
  ];
  for (const [what, change, message] of refused) {
    it(`refuses ${what}, and loads nothing of the organization or the cluster`, async () => {
      const data = temp('data');
      await assert.rejects(runImport([fixtures(change)], { data, region: 'us-east-1' }), message);
      const s = await state(data);
      assert.deepEqual([s.org, s.ous, s.policies, s.attachments, s.clusters, s.entries, s.associations, s.tags, s.memberKeys], [undefined, [], [], [], [], [], [], [], 0]);
    });
  }
});
