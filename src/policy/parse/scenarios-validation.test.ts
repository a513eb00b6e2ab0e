/**
 * Runs every validation scenario (a file under test/scenarios with a `kind`) through
 * validatePolicy and checks its expected answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY_KINDS, type Json, type PolicyKind } from '../types.js';
import { validatePolicy } from './validate-policy.js';

const DIR = fileURLToPath(new URL('../../../../test/scenarios/', import.meta.url));

interface ValidationScenario {
  readonly name: string;
  readonly proves: { readonly page: string; readonly section: string };
  readonly kind: PolicyKind;
  readonly document: string | Json;
  readonly expect: { readonly valid: true } | { readonly error: string; readonly message: string };
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const path = join(dir, e);
      return statSync(path).isDirectory() ? files(path) : e.endsWith('.json') ? [path] : [];
    });
}

function asScenario(data: unknown): ValidationScenario | undefined {
  if (data === null || typeof data !== 'object' || !('kind' in data)) return undefined;
  return data as ValidationScenario;
}

const scenarios = files(DIR).flatMap((path) => {
  const s = asScenario(JSON.parse(readFileSync(path, 'utf8')));
  return s === undefined ? [] : [{ file: relative(DIR, path), s }];
});

void test('there are validation scenarios for the element pages', () => {
  assert.ok(scenarios.length >= 70, `${scenarios.length} validation scenarios`);
});

for (const { file, s } of scenarios) {
  void test(`${file}: ${s.name}`, () => {
    assert.ok(POLICY_KINDS.includes(s.kind), `kind ${String(s.kind)}`);
    assert.ok(file.startsWith(s.proves.page.replace(/\.md$/, '') + '/'), 'the folder names the page it proves');
    assert.ok(s.proves.section.length > 0);
    const result = validatePolicy(s.document, s.kind);
    if ('valid' in s.expect) {
      assert.ok(result.ok, result.ok ? '' : `refused: ${result.error.message}`);
    } else {
      assert.equal(result.ok, false, 'expected a refusal');
      if (!result.ok) {
        assert.equal(result.error.code, s.expect.error);
        assert.equal(result.error.message, s.expect.message);
      }
    }
  });
}
