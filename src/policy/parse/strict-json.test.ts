import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStrictJson } from './strict-json.js';

void test('parses what JSON.parse parses, to the same value', () => {
  for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u0041\\n"]} ', '"s"', '0']) {
    const r = parseStrictJson(text);
    assert.ok(r.ok);
    assert.deepEqual(r.value, JSON.parse(text));
  }
});

void test('refuses duplicate keys, trailing text and malformed JSON', () => {
  for (const text of ['{"a":1,"a":2}', '{"x":{"b":1,"b":1}}', '{} {}', '{"a":1,}', "{'a':1}", '{"a":01}', '[1 2]', '', '{"a":"\u0001"}', 'nul']) {
    assert.equal(parseStrictJson(text).ok, false, text);
  }
});

void test('says where the problem is', () => {
  const r = parseStrictJson('{"Statement":1,"Statement":2}');
  assert.ok(!r.ok);
  assert.match(r.problem, /duplicate key "Statement"/);
  assert.equal(r.offset, 15);
});

void test('keeps a key named __proto__ as data', () => {
  const r = parseStrictJson('{"__proto__":{"x":1}}');
  assert.ok(r.ok);
  assert.deepEqual(Object.keys(r.value as object), ['__proto__']);
});

void test('refuses documents nested thousands of levels deep instead of exhausting the stack', () => {
  const deep = parseStrictJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  assert.equal(deep.ok, false);
  if (!deep.ok) assert.match(deep.problem, /nested deeper than 256 levels/);
  assert.equal(parseStrictJson(`${'['.repeat(200)}${']'.repeat(200)}`).ok, true);
});
