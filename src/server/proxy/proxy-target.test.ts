import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteTarget, connectTarget, isAbsoluteForm } from './proxy-target.js';
import { isAwsHost } from './aws-hosts.js';

void describe('proxy targets', () => {
  void it('reads a CONNECT authority: host and port, both required', () => {
    assert.deepEqual(connectTarget('IAM.amazonaws.com:443'), { host: 'iam.amazonaws.com', port: 443, ip: false });
    assert.deepEqual(connectTarget('[::1]:8443'), { host: '::1', port: 8443, ip: true });
    assert.deepEqual(connectTarget('10.1.2.3:22'), { host: '10.1.2.3', port: 22, ip: true });
    for (const bad of ['iam.amazonaws.com', 'iam.amazonaws.com:', ':443', 'iam.amazonaws.com:0', 'iam.amazonaws.com:65536', 'iam.amazonaws.com:99999', 'iam.amazonaws.com:-1', 'iam.amazonaws.com:443x', 'user@iam.amazonaws.com:443', 'http://iam.amazonaws.com:443', '/path', 'a b:443', '::1:443', '[::1:443', '[zz::1]:443', 'iam.amazonaws.com:443/x', '']) {
      assert.equal(connectTarget(bad), undefined, bad);
    }
  });

  void it('reads an absolute-form target, keeping the path and query exactly as sent', () => {
    assert.deepEqual(absoluteTarget('http://iam.amazonaws.com/?Action=GetUser&Version=2010-05-08'), { host: 'iam.amazonaws.com', port: 80, ip: false, pathAndQuery: '/?Action=GetUser&Version=2010-05-08' });
    assert.deepEqual(absoluteTarget('http://iam.amazonaws.com'), { host: 'iam.amazonaws.com', port: 80, ip: false, pathAndQuery: '/' });
    assert.deepEqual(absoluteTarget('HTTP://127.0.0.1:4599?x=%2F'), { host: '127.0.0.1', port: 4599, ip: true, pathAndQuery: '/?x=%2F' });
    assert.deepEqual(absoluteTarget('http://iam.amazonaws.com/a/../b%20c'), { host: 'iam.amazonaws.com', port: 80, ip: false, pathAndQuery: '/a/../b%20c' });
    for (const bad of ['https://iam.amazonaws.com/', 'http://user:pw@iam.amazonaws.com/', 'http:///x', 'http://iam.amazonaws.com:0/', '/x', 'ftp://a.b/']) {
      assert.equal(absoluteTarget(bad), undefined, bad);
    }
    assert.equal(isAbsoluteForm('https://iam.amazonaws.com/'), true);
    assert.equal(isAbsoluteForm('/?Action=GetUser'), false);
  });

  void it('knows AWS host names by the partitions\' DNS suffixes', () => {
    for (const host of ['iam.amazonaws.com', 'sts.us-west-2.amazonaws.com', 'sts.cn-north-1.amazonaws.com.cn', 'sts.us-east-1.api.aws', 'iam.eusc-de-east-1.amazonaws.eu', 'my.bucket.s3.amazonaws.com']) {
      assert.equal(isAwsHost(host), true, host);
    }
    for (const host of ['amazonaws.com', 'evilamazonaws.com', 'amazonaws.com.evil.org', 'example.com', '127.0.0.1', 'api.aws']) {
      assert.equal(isAwsHost(host), false, host);
    }
  });
});
