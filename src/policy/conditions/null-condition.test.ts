import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './condition-fixture.js';

test('Null true: the key is absent', () => {
  assert.equal(check('Null', 'aws:TokenIssueTime', 'true', {}), true);
  assert.equal(check('Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }), false);
});

test('Null false: the key is present, even with an empty string', () => {
  assert.equal(check('Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' }), true);
  assert.equal(check('Null', 'aws:RequestTag/x', 'false', { 'aws:RequestTag/x': '' }), true);
  assert.equal(check('Null', 'aws:TokenIssueTime', 'false', {}), false);
});

test('a multivalued key with no values is null', () => {
  assert.equal(check('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] }), true);
  assert.equal(check('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': [] }), false);
  assert.equal(check('Null', 'aws:TagKeys', 'false', { 'aws:TagKeys': ['a'] }), true);
});

test('Null values are read case-insensitively, ORed, and others match nothing', () => {
  assert.equal(check('Null', 'aws:TokenIssueTime', 'TRUE', {}), true);
  assert.equal(check('Null', 'aws:TokenIssueTime', ['true', 'false'], {}), true);
  assert.equal(check('Null', 'aws:TokenIssueTime', ['true', 'false'], { 'aws:TokenIssueTime': 'x' }), true);
  assert.equal(check('Null', 'aws:TokenIssueTime', 'maybe', {}), false);
  assert.equal(check('Null', 'aws:TokenIssueTime', '${aws:x}', {}), false);
});

test('the key name is matched case-insensitively', () => {
  assert.equal(check('Null', 'AWS:tokenissuetime', 'false', { 'aws:TokenIssueTime': 'x' }), true);
});
