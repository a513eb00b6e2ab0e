#!/usr/bin/env node
// Writes docs/iam-coverage.md: every operation of the vendored IAM model, served or not, with the
// reason for each unserved one. Run after a build (`npm run coverage:iam` builds first); a test
// fails when the committed file differs from what this writes.

import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { iamCoverage, renderIamCoverage, MAX_UNSERVED } = await import(join(root, 'dist', 'src', 'services', 'iam', 'coverage.js'));
const coverage = iamCoverage();
writeFileSync(join(root, 'docs', 'iam-coverage.md'), renderIamCoverage(coverage));
console.log(`docs/iam-coverage.md: ${coverage.served.length} of ${coverage.operations.length} IAM operations served, ${coverage.unserved.length} not (at most ${MAX_UNSERVED})`);
if (coverage.unserved.length > MAX_UNSERVED || coverage.unknown.length > 0) process.exitCode = 1;
