import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './condition-fixture.js';
import { inCidr, parseAddress, parseCidr } from './ip-cidr.js';

const inRange = (range: string | string[], ip: string): boolean => check('IpAddress', 'aws:SourceIp', range, { 'aws:SourceIp': ip });

test('IPv4 ranges and single addresses (/32 by default)', () => {
  assert.equal(inRange('203.0.113.0/24', '203.0.113.9'), true);
  assert.equal(inRange('203.0.113.0/24', '203.0.114.9'), false);
  assert.equal(inRange('203.0.113.0', '203.0.113.0'), true);
  assert.equal(inRange('203.0.113.0', '203.0.113.1'), false);
  assert.equal(inRange('0.0.0.0/0', '198.51.100.7'), true);
  assert.equal(inRange('203.0.113.9/24', '203.0.113.200'), true);
  assert.equal(inRange('10.0.0.0/9', '10.127.255.255'), true);
  assert.equal(inRange('10.0.0.0/9', '10.128.0.0'), false);
});

test('IPv6 ranges, :: compression, case-insensitive hex', () => {
  assert.equal(inRange('2001:DB8:1234:5678::/64', '2001:db8:1234:5678:abcd::1'), true);
  assert.equal(inRange('2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1'), false);
  assert.equal(inRange('::1', '0:0:0:0:0:0:0:1'), true);
  assert.equal(inRange('::/0', '2001:db8::'), true);
  assert.equal(inRange('2001:db8::/33', '2001:db8:7fff::1'), true);
  assert.equal(inRange('2001:db8::/33', '2001:db8:8000::1'), false);
});

test('IPv4 and IPv6 never match each other, IPv4-mapped addresses included', () => {
  assert.equal(inRange('0.0.0.0/0', '2001:db8::1'), false);
  assert.equal(inRange('::/0', '192.0.2.1'), false);
  assert.equal(inRange('192.0.2.0/24', '::ffff:192.0.2.1'), false);
  assert.equal(inRange('::ffff:192.0.2.0/120', '::ffff:192.0.2.1'), true);
});

test('mixed IPv4 and IPv6 values are ORed', () => {
  const ranges = ['203.0.113.0/24', '2001:DB8:1234:5678::/64'];
  assert.equal(inRange(ranges, '203.0.113.5'), true);
  assert.equal(inRange(ranges, '2001:db8:1234:5678::5'), true);
  assert.equal(inRange(ranges, '192.0.2.1'), false);
});

test('NotIpAddress holds outside every range, and for a missing key', () => {
  const ranges = ['192.0.2.0/24', '198.51.100.0/24'];
  assert.equal(check('NotIpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '203.0.113.9' }), true);
  assert.equal(check('NotIpAddress', 'aws:SourceIp', ranges, { 'aws:SourceIp': '192.0.2.9' }), false);
  assert.equal(check('NotIpAddress', 'aws:SourceIp', ranges, {}), true);
  assert.equal(check('IpAddress', 'aws:SourceIp', ranges, {}), false);
});

test('malformed addresses and ranges match nothing', () => {
  assert.equal(inRange('203.0.113.0/24', 'not-an-ip'), false);
  assert.equal(inRange('203.0.113.0/33', '203.0.113.1'), false);
  assert.equal(inRange('bogus', 'bogus'), false);
  for (const text of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', ':', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::1', '1:2:3:4:5:6:7:8::', '1:', '::1.2.3']) {
    assert.equal(parseAddress(text, new Uint16Array(8)), undefined, text);
  }
  for (const text of ['1.2.3.4/', '1.2.3.4/-1', '::/129', '1.2.3.4/1/2']) assert.equal(parseCidr(text), undefined, text);
});

test('parsed addresses are 16-bit words', () => {
  const words = new Uint16Array(8);
  assert.equal(parseAddress('2001:db8::8:800:200c:417a', words), 6);
  assert.deepEqual([...words], [0x2001, 0xdb8, 0, 0, 8, 0x800, 0x200c, 0x417a]);
  assert.equal(parseAddress('192.0.2.33', words), 4);
  assert.deepEqual([...words.slice(0, 2)], [0xc000, 0x0221]);
  const cidr = parseCidr('1:2:3:4:5:6:7:8')!;
  assert.equal(cidr.prefix, 128);
  assert.equal(inCidr(cidr, 6, new Uint16Array([1, 2, 3, 4, 5, 6, 7, 8])), true);
});
