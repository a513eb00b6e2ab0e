/**
 * kubectl's output when its exec credential plugin (the AWS CLI's `aws eks get-token --role`)
 * fails on AssumeRole: recognised as S01, with the denial's own entry as related, the CLI's
 * message read without kubectl's wrapping, and the relayed lines (printed once per attempt, all of
 * one length) not taken for a terminal's hard wrap. The texts are what kubectl 1.32 printed with
 * the AWS CLI v1 and v2 against Gatehouse (test/interop/kubectl-token-denied.test.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recognise } from './recognise.js';
import { oneLine } from './pasted-text.js';

const DENIAL =
  'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::123456789012:user/viewer is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/kube-admin because no identity-based policy allows the sts:AssumeRole action';
const WHOAMI = `\n${DENIAL}\n\n${DENIAL}\nUnable to connect to the server: getting credentials: exec: executable aws failed with exit code 255\n`;
const GET_PODS = `\n${DENIAL.replace('user/viewer', 'user/assumer').replace('identity-based', 'role trust')}\nE1202 16:32:12.360635   29484 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"https://127.0.0.1:33445/_gatehouse/eks/clusters/7910606DCDF5578882474576BB94B640/api?timeout=32s\\": getting credentials: exec: executable aws failed with exit code 254"\nUnable to connect to the server: getting credentials: exec: executable aws failed with exit code 254\n`;

void describe('kubectl with a failing exec credential plugin', () => {
  void it('S01 with the denial inside as related (E21: no identity-based policy allows sts:AssumeRole)', () => {
    const r = recognise(WHOAMI);
    assert.ok(r.recognised);
    assert.equal(r.entry.id, 'S01');
    assert.deepEqual(r.related, ['S02', 'E21']);
    assert.equal(r.fields.message, DENIAL.replace(/^.*operation: /, ''));
    assert.equal(r.fields.action, 'sts:AssumeRole');
  });

  void it('S01 with E19 when the role trust policy does not allow, through kubectl\'s klog lines', () => {
    const r = recognise(GET_PODS);
    assert.ok(r.recognised);
    assert.equal(r.entry.id, 'S01');
    assert.deepEqual(r.related, ['S02', 'E19']);
    assert.equal(r.fields.principal, 'arn:aws:iam::123456789012:user/assumer');
  });

  void it('aws-iam-authenticator\'s own wording stays S01, with nothing read into it', () => {
    const r = recognise('could not get token: AccessDenied: Access denied\n\tstatus code: 403, request id: 5c9a');
    assert.ok(r.recognised);
    assert.equal(r.entry.id, 'S01');
    assert.deepEqual(r.related, ['S02']);
  });

  void it('an exec plugin failing for another reason is not S01', () => {
    const r = recognise('Unable to connect to the server: getting credentials: exec: executable aws not found');
    assert.ok(!r.recognised || r.entry.id !== 'S01');
  });

  void it('a line repeated verbatim is not a hard wrap: the lines are joined with a space', () => {
    const line = 'x'.repeat(50);
    assert.equal(oneLine(`${line}\n${line}\nnext`), `${line} ${line} next`);
    // Two different lines of one length still are.
    assert.equal(oneLine(`${'a'.repeat(50)}\n${'b'.repeat(50)}\nc`), `${'a'.repeat(50)}${'b'.repeat(50)}c`);
  });
});
