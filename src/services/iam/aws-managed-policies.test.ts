import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { derivedUniqueId } from '../../aws/ids.js';
import { parsePolicy } from '../../policy/index.js';
import { awsManagedPolicies, awsManagedPolicy, isAwsManagedArn, isAwsManagedPolicy } from './aws-managed-policies.js';

/** The dataset the data was generated from, when this machine has it. */
const REFERENCE = '/work/shared/reference/aws-managed-policies/aws-managed-policies.jsonl';

interface ReferencePolicy {
  readonly PolicyName: string;
  readonly Arn: string | null;
  readonly DefaultVersionId: string;
  readonly Deprecated: boolean;
  readonly Document: unknown;
}

/** The policies the EKS user guide names. */
const EKS_GUIDE_POLICIES: readonly (readonly [string, string])[] = [
  ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy', 'v10'],
  ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'v3'],
  ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy', 'v6'],
  ['arn:aws:iam::aws:policy/aws-service-role/AmazonEKSServiceRolePolicy', 'v27'],
  ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'v188'],
  ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'v3'],
];

void describe('AWS managed policies as data', () => {
  const catalogue = awsManagedPolicies();

  void it('holds every current AWS managed policy once, by name, as the customer policy record shape', () => {
    assert.ok(catalogue.policies.length >= 1500, `${catalogue.policies.length} policies`);
    const names = catalogue.policies.map((p) => p.PolicyName);
    assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
    assert.deepEqual(names, [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    for (const p of catalogue.policies) {
      assert.ok(isAwsManagedPolicy(p) && isAwsManagedArn(p.Arn));
      assert.equal(p.Arn, `arn:aws:iam::aws:policy${p.Path}${p.PolicyName}`);
      assert.match(p.DefaultVersionId, /^v[1-9]\d*$/);
      assert.match(p.CreateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(p.IsAttachable, true);
      assert.deepEqual(p.Tags, []);
    }
  });

  void it('gives each policy the ANPA ID derived from its ARN, unique and stable', () => {
    const ids = new Set<string>();
    for (const p of catalogue.policies) {
      assert.equal(p.PolicyId, derivedUniqueId('managedPolicy', p.Arn));
      assert.match(p.PolicyId, /^ANPA[A-Z2-7]{17}$/);
      ids.add(p.PolicyId);
    }
    assert.equal(ids.size, catalogue.policies.length);
  });

  void it('carries the policies the EKS guide names, with their paths and versions', () => {
    for (const [arn, version] of EKS_GUIDE_POLICIES) {
      const p = awsManagedPolicy(arn);
      assert.ok(p !== undefined, arn);
      assert.equal(p.DefaultVersionId, version, arn);
      const v = catalogue.defaultVersion(arn);
      assert.equal(v?.VersionId, version);
      assert.equal(v?.PolicyId, p.PolicyId);
    }
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/AmazonEKSServiceRolePolicy'), undefined, 'the ARN carries the path');
    assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
    assert.equal(awsManagedPolicy('arn:aws:iam::123456789012:policy/ReadOnlyAccess'), undefined);
  });

  void it('keeps AdministratorAccess and PowerUserAccess, which the snapshot leaves out', () => {
    const admin = catalogue.defaultVersion('arn:aws:iam::aws:policy/AdministratorAccess');
    assert.deepEqual(JSON.parse(admin?.Document ?? ''), { Statement: [{ Action: ['*'], Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' });
    const power = JSON.parse(catalogue.defaultVersion('arn:aws:iam::aws:policy/PowerUserAccess')?.Document ?? '') as { Statement: { NotAction?: string[] }[] };
    assert.deepEqual(power.Statement[0]?.NotAction, ['iam:*', 'organizations:*', 'account:*']);
  });

  void it('matches the dataset it was generated from, document for document', { skip: existsSync(REFERENCE) ? false : `${REFERENCE} is not on this machine` }, () => {
    const reference = readFileSync(REFERENCE, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as ReferencePolicy)
      .filter((p) => !p.Deprecated && p.Arn !== null);
    for (const r of reference) {
      const arn = r.Arn ?? '';
      const p = awsManagedPolicy(arn);
      assert.ok(p !== undefined, arn);
      assert.equal(p.PolicyName, r.PolicyName);
      assert.equal(p.DefaultVersionId, r.DefaultVersionId);
      assert.deepEqual(JSON.parse(catalogue.defaultVersion(arn)?.Document ?? ''), r.Document, arn);
    }
    assert.equal(catalogue.policies.length, reference.length + 2);
  });

  void it('compiles every document as an identity policy and as a permissions boundary', () => {
    const failures: string[] = [];
    for (const p of catalogue.policies) {
      const document = catalogue.defaultVersion(p.Arn)?.Document ?? '';
      for (const kind of ['identity', 'boundary'] as const) {
        const parsed = parsePolicy(document, kind, p.Arn);
        if (!parsed.ok) failures.push(`${p.PolicyName} (${kind}): ${parsed.error.message}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
