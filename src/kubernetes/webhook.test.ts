import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { AdmissionSnapshot } from './admission-snapshot.js';
import { webhookSettings } from './pod-identity-mutation.js';
import { encodeAdmissionReviewAnswer, handleAdmissionReview } from './webhook.js';

const ROLE = 'arn:aws:iam::123456789012:role/app';

function cluster(accounts: Record<string, string | undefined>, podIdentity: readonly string[] = []): AdmissionSnapshot {
  return {
    settings: webhookSettings({ region: 'eu-west-1', regionalSts: true }),
    serviceAccount: (namespace, name): V1ServiceAccount | undefined => {
      const key = `${namespace}/${name}`;
      if (!(key in accounts)) return undefined;
      const role = accounts[key];
      return { metadata: { name, namespace, annotations: role === undefined ? {} : { 'eks.amazonaws.com/role-arn': role } } };
    },
    hasPodIdentityAssociation: (namespace, name) => podIdentity.includes(`${namespace}/${name}`),
  };
}

function review(o: { apiVersion?: string; uid?: string; namespace?: string; serviceAccount?: string; extra?: Record<string, unknown> }): string {
  return JSON.stringify({
    apiVersion: o.apiVersion ?? 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      ...(o.uid !== undefined ? { uid: o.uid } : {}),
      namespace: o.namespace ?? 'shop',
      operation: 'CREATE',
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { serviceAccountName: o.serviceAccount ?? 'app', containers: [{ name: 'c', image: 'i' }] }, ...o.extra },
    },
  });
}

function patchOf(answer: { response: { patch?: string } }): { op: string; path: string; value: unknown }[] {
  return JSON.parse(Buffer.from(answer.response.patch ?? '', 'base64').toString('utf8')) as { op: string; path: string; value: unknown }[];
}

void describe('the AdmissionReview handler', () => {
  void it('writes every kind of answer exactly as JSON.stringify would', () => {
    const c = cluster({ 'shop/app': ROLE, 'shop/plain': undefined }, ['shop/pi']);
    const bodies = [
      review({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002' }),
      review({ apiVersion: 'admission.k8s.io/v1beta1' }),
      review({ uid: 'quote " backslash \\ and ünïcödé \u2028', serviceAccount: 'plain' }),
      review({ uid: 'u', serviceAccount: 'pi' }),
      review({ uid: 'u', serviceAccount: 'nobody' }),
      '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}',
      '{"apiVersion":7,"kind":"AdmissionReview","request":{"uid":"u","object":[]}}',
      '{"request":{"uid":"u","object":{"spec":"x"}}}',
      'not json',
      '[]',
    ];
    let mutated = 0;
    for (const body of bodies) {
      const answer = handleAdmissionReview(Buffer.from(body), c);
      if (answer.response.patch !== undefined) mutated++;
      assert.equal(encodeAdmissionReviewAnswer(answer), JSON.stringify(answer), body);
    }
    assert.equal(mutated, 3);
  });

  void it('looks the service account up in the request\'s namespace', () => {
    const c = cluster({ 'other/app': ROLE });
    assert.equal(handleAdmissionReview(review({ uid: 'u' }), c).response.patch, undefined);
    const answer = handleAdmissionReview(review({ uid: 'u', namespace: 'other' }), c);
    assert.deepEqual(answer.response.allowed, true);
    const env = (patchOf(answer).find((p) => p.path === '/spec/containers')?.value as { env: { name: string; value: string }[] }[])[0]?.env ?? [];
    assert.deepEqual(env.find((e) => e.name === 'AWS_ROLE_ARN')?.value, ROLE);
  });

  void it('keeps a `__proto__` key of the pod as the data it is, and changes no prototype', () => {
    const c = cluster({ 'shop/app': ROLE });
    const body = review({ uid: 'u' }).replace('"containers":[{"name":"c"', '"containers":[{"__proto__":{"polluted":1},"name":"c"').replace('"metadata":{"name":"p"}', '"metadata":{"__proto__":{"polluted":2},"name":"p"}');
    const answer = handleAdmissionReview(body, c);
    assert.equal(encodeAdmissionReviewAnswer(answer), JSON.stringify(answer));
    const container = (patchOf(answer).find((p) => p.path === '/spec/containers')?.value as Record<string, unknown>[])[0] ?? {};
    // The patch's container carries the key as sent (as a spread copy would have kept it).
    assert.ok(Buffer.from(answer.response.patch ?? '', 'base64').toString('utf8').includes('"__proto__":{"polluted":1}'));
    assert.equal(container.name, 'c');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
