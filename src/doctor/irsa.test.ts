import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AccountReader } from './account-reader.js';
import { runIrsaChecklist, sdkKey, sdkSupported, WELL_FORMED_ROLE_ARN } from './irsa.js';
import { canonicalPrincipal, withoutRolePath } from './aws-auth.js';

void describe('doctor irsa: the SDK minimum versions of the EKS guide', () => {
  void it('compares versions per SDK, each Node major line with its own minimum', () => {
    assert.equal(sdkSupported('boto3', '1.9.220'), true);
    assert.equal(sdkSupported('boto3', '1.9.219'), false);
    assert.equal(sdkSupported('boto3', '1.34.0'), true);
    assert.equal(sdkSupported('node', '2.524.0'), false);
    assert.equal(sdkSupported('node', '2.525.0'), true);
    assert.equal(sdkSupported('node', '3.26.9'), false);
    assert.equal(sdkSupported('node', 'v3.600.0'), true);
    assert.equal(sdkSupported('dotnet', '3.3.659.0'), false);
    assert.equal(sdkSupported('dotnet', '3.7.0'), true);
    assert.equal(sdkSupported('aws-cli', '1.16.231'), false);
    assert.equal(sdkSupported('go', 'latest'), undefined);
  });

  void it('accepts the usual names of the SDKs', () => {
    assert.equal(sdkKey('Python'), 'boto3');
    assert.equal(sdkKey('aws-sdk-js-v3'), 'node');
    assert.equal(sdkKey('.NET'), 'dotnet');
    assert.equal(sdkKey('cobol'), undefined);
  });

  void it('knows a well-formed role ARN from the troubleshooting page\'s malformed one', () => {
    assert.ok(WELL_FORMED_ROLE_ARN.test('arn:aws:iam::123456789012:role/ops/deployer'));
    assert.ok(!WELL_FORMED_ROLE_ARN.test('arn:aws:iam::::1234567890:role/example'));
    assert.ok(!WELL_FORMED_ROLE_ARN.test('arn:aws:iam::123456789012:user/example'));
  });
});

void describe('doctor aws-auth: ARNs as the authenticator compares them', () => {
  void it('drops a role path and turns a session into its role', () => {
    assert.equal(withoutRolePath('arn:aws:iam::123456789012:role/a/b/deployer'), 'arn:aws:iam::123456789012:role/deployer');
    assert.equal(withoutRolePath('arn:aws:iam::123456789012:user/ops/alice'), 'arn:aws:iam::123456789012:user/ops/alice');
    assert.equal(canonicalPrincipal('arn:aws:sts::123456789012:assumed-role/deployer/run-1'), 'arn:aws:iam::123456789012:role/deployer');
  });
});

void describe('doctor irsa against a real account without cluster access', () => {
  void it('reports the Kubernetes steps as gaps naming the kubectl command, and a denied call as a gap', async () => {
    const reader = new AccountReader((service, operation) => {
      if (operation === 'DescribeCluster') return Promise.resolve({ cluster: { identity: { oidc: { issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' } }, version: '1.31' } });
      const err = Object.assign(new Error(`User is not authorized to perform: ${service}:${operation}`), { name: 'AccessDenied' });
      return Promise.reject(err);
    });
    const r = await runIrsaChecklist(
      { cluster: 'prod', namespace: 'shop', serviceAccount: 'app' },
      { reader, kube: undefined, target: 'aws', issuerThumbprint: () => Promise.reject(new Error('not reached')) },
    );
    const status = Object.fromEntries(r.steps.map((s) => [s.id, s.status]));
    assert.equal(status['cluster-issuer'], 'pass');
    assert.equal(status['oidc-provider'], 'gap');
    assert.equal(status['service-account'], 'gap');
    assert.match(r.steps.find((s) => s.id === 'service-account')!.detail, /kubectl get serviceaccount app -n shop -o yaml/);
    assert.match(r.steps.find((s) => s.id === 'webhook-configuration')!.detail, /kubectl get mutatingwebhookconfiguration pod-identity-webhook/);
    assert.equal(r.ok, true, 'gaps are not failures');
    assert.ok(reader.calls.every((c) => /^(Get|List|Describe)/.test(c.operation)));
  });
});
