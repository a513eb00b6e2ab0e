import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dnsName, ipAddress, subjectNames } from './subject-names.js';

void describe('subject names', () => {
  void it('reads DNS names in lowercase without the trailing dot, and wildcards only where a certificate may have them', () => {
    const strict = { wildcard: false, underscore: false };
    assert.equal(dnsName('STS.us-West-2.AmazonAWS.com.', strict), 'sts.us-west-2.amazonaws.com');
    assert.equal(dnsName('*.amazonaws.com', strict), undefined);
    assert.equal(dnsName('*.amazonaws.com', { wildcard: true, underscore: false }), '*.amazonaws.com');
    assert.equal(dnsName('*.com', { wildcard: true, underscore: false }), undefined);
    assert.equal(dnsName('my_host.corp', strict), undefined);
    assert.equal(dnsName('my_host.corp', { wildcard: false, underscore: true }), 'my_host.corp');
    for (const bad of ['', '.', 'a..b', '-a.b', 'a-.b', 'a.123', `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, 'a b', 'a/b', 'é.com']) {
      assert.equal(dnsName(bad, strict), undefined, bad);
    }
  });

  void it('reads IPv4 and IPv6 addresses, brackets or not', () => {
    assert.equal(ipAddress('127.0.0.1'), '127.0.0.1');
    assert.equal(ipAddress('[::1]'), '::1');
    assert.equal(ipAddress('FE80::1'), 'fe80::1');
    assert.equal(ipAddress('256.0.0.1'), undefined);
    assert.equal(ipAddress('example.com'), undefined);
  });

  void it('lists each name once, in order, and throws a RangeError naming the first bad one', () => {
    assert.deepEqual(subjectNames(['a.com', '10.0.0.1', 'A.com', '[::1]']), [
      { kind: 'dns', value: 'a.com' },
      { kind: 'ip', value: '10.0.0.1' },
      { kind: 'ip', value: '::1' },
    ]);
    assert.throws(() => subjectNames([]), /at least one host name/);
    assert.throws(() => subjectNames(['a.com', 'bad name']), /not a host name or IP address: "bad name"/);
  });
});
