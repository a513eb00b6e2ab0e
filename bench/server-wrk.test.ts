import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrkScript } from './server-wrk.js';
import { signedIamCall } from './server-requests.js';

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

test('the wrk script carries the signed request, minus the headers wrk sets itself', () => {
  const r = signedIamCall('http://127.0.0.1:4599', creds, 'GetUser', { UserName: 'bench-reader' });
  const script = wrkScript(r);
  assert.match(script, /^wrk\.method = \[==\[POST\]==\]$/m);
  assert.match(script, /^wrk\.body = \[==\[Action=GetUser&Version=2010-05-08&UserName=bench-reader\]==\]$/m);
  assert.ok(script.includes(`wrk.headers[ [==[authorization]==] ] = [==[${r.headers.authorization}]==]`));
  assert.ok(script.includes('wrk.headers[ [==[x-amz-date]==] ]'));
  assert.ok(!script.includes('[==[host]==]'), 'wrk derives Host from the URL');
  assert.ok(!script.includes('[==[content-length]==]'), 'wrk derives Content-Length from the body');
  // `[[` would open a Lua long string; the key must be spaced off from the index bracket.
  assert.ok(!script.includes('wrk.headers[['));
});

test('text that would close the Lua long string is refused rather than mangled', () => {
  const r = { method: 'POST' as const, url: 'http://127.0.0.1:1/', headers: {}, body: 'a]==]b' };
  assert.throws(() => wrkScript(r), /Lua long string/);
});

test('signed IAM calls sign host, date and content type, and declare the body length', () => {
  const r = signedIamCall('http://127.0.0.1:4599', creds, 'CreateUser', { UserName: 'a b' });
  assert.equal(r.body, 'Action=CreateUser&Version=2010-05-08&UserName=a+b');
  assert.equal(r.headers['content-length'], String(r.body.length));
  assert.equal(r.headers.host, '127.0.0.1:4599');
  assert.match(r.headers.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/iam\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
});
