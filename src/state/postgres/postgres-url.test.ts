import assert from 'node:assert/strict';
import { test } from 'node:test';
import { numberPlaceholders } from './postgres-runner.js';
import { parsePostgresUrl } from './postgres-url.js';

void test('the schema parameter is taken out of the URL', () => {
  const target = parsePostgresUrl('postgres://u@127.0.0.1:5432/db?schema=gh_test&sslmode=disable');
  assert.equal(target.schema, 'gh_test');
  assert.equal(target.connectionString, 'postgres://u@127.0.0.1:5432/db?sslmode=disable');
});

void test('the default schema is gatehouse; an explicit option wins over the URL', () => {
  assert.equal(parsePostgresUrl('postgres://127.0.0.1/db').schema, 'gatehouse');
  assert.equal(parsePostgresUrl('postgres://127.0.0.1/db?schema=a', 'b').schema, 'b');
});

void test('schema names that are not plain lower-case identifiers are refused', () => {
  for (const bad of ['Upper', 'semi;colon', '1digit', 'x'.repeat(41), '"quoted"']) {
    assert.throws(() => parsePostgresUrl(`postgres://127.0.0.1/db?schema=${encodeURIComponent(bad)}`), RangeError, bad);
  }
});

void test('placeholders are numbered in order', () => {
  assert.equal(numberPlaceholders('SELECT a FROM t WHERE b = ? AND c = ? LIMIT ?'), 'SELECT a FROM t WHERE b = $1 AND c = $2 LIMIT $3');
});
