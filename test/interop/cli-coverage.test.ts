/**
 * Keeps the coverage goal true: every IAM operation Gatehouse serves is driven through the AWS CLI
 * by some interop suite (a command written `'iam', '<command>'` in test/interop/), and the suites
 * drive no IAM command the model does not have.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cliCommandName, iamCoverage } from '../../src/services/iam/coverage.js';

/** The interop suites' sources (this file runs from dist/test/interop/). */
const SOURCES = fileURLToPath(new URL('../../../test/interop/', import.meta.url));

function cliCommandsDriven(): Map<string, string[]> {
  const driven = new Map<string, string[]>();
  for (const file of readdirSync(SOURCES).filter((f) => f.endsWith('.test.ts'))) {
    const text = readFileSync(join(SOURCES, file), 'utf8');
    for (const m of text.matchAll(/\[\s*'iam',\s*'([a-z0-9-]+)'/g)) {
      const command = m[1] ?? '';
      driven.set(command, [...new Set([...(driven.get(command) ?? []), file])]);
    }
  }
  return driven;
}

describe('AWS CLI interop coverage', () => {
  it('drives every served IAM operation through the AWS CLI in some interop suite', () => {
    const driven = cliCommandsDriven();
    const { served } = iamCoverage();
    const missing = served.filter((op) => !driven.has(cliCommandName(op)));
    assert.deepEqual(missing, [], `served IAM operations no interop suite runs with the AWS CLI: ${missing.join(', ')}`);
    assert.ok(served.length >= 166);
  });

  it('drives only commands of the IAM model', () => {
    const known = new Set(iamCoverage().operations.map(cliCommandName));
    const unknown = [...cliCommandsDriven().keys()].filter((c) => !known.has(c));
    assert.deepEqual(unknown, []);
  });
});
