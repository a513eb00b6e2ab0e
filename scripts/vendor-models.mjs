#!/usr/bin/env node
// Regenerates src/aws/models/<service>.json from the botocore service models installed with
// botocore/boto3: the same operations and shapes, with documentation strings and other
// client-only metadata removed, written as compact JSON. Key order is kept as botocore has it:
// member order is the order AWS writes members in, and the codecs follow it.
//
// Usage: node scripts/vendor-models.mjs [path/to/botocore/data]
// Without an argument the botocore data directory is found with `python3 -c 'import botocore'`.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICES = ['iam', 'sts', 'cloudtrail', 'organizations', 'eks', 'eks-auth'];

/** Keys dropped everywhere: prose and hints that only client generators use. */
const DROPPED_KEYS = new Set(['documentation', 'documentationUrl', 'examples', 'deprecatedMessage', 'deprecatedSince']);

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'src', 'aws', 'models');

function botocoreDataDir() {
  if (process.argv[2]) return process.argv[2];
  const pkg = execFileSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], {
    encoding: 'utf8',
  }).trim();
  return join(pkg, 'data');
}

function botocoreVersion() {
  try {
    return execFileSync('python3', ['-c', 'import botocore; print(botocore.__version__)'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function readModel(dataDir, service) {
  const serviceDir = join(dataDir, service);
  const versions = readdirSync(serviceDir).sort();
  const latest = versions[versions.length - 1];
  const base = join(serviceDir, latest, 'service-2.json');
  if (existsSync(base)) return JSON.parse(readFileSync(base, 'utf8'));
  return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString('utf8'));
}

/** Deep copy without dropped keys, keeping key order. */
function strip(value) {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const key of Object.keys(value)) {
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = strip(value[key]);
  }
  return out;
}

const dataDir = botocoreDataDir();
const version = botocoreVersion();
for (const service of SERVICES) {
  const model = strip(readModel(dataDir, service));
  const file = join(outDir, `${service}.json`);
  writeFileSync(file, `${JSON.stringify(model)}\n`);
  console.log(`${file}: ${Object.keys(model.operations).length} operations, ${Object.keys(model.shapes).length} shapes`);
}
writeFileSync(
  join(outDir, 'NOTICE'),
  [
    'The JSON files in this directory are derived from the AWS service models distributed with',
    `botocore ${version} (https://github.com/boto/botocore), Copyright Amazon.com, Inc. or its affiliates.`,
    'They are licensed under the Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0).',
    'Changes: documentation strings removed, whitespace removed (scripts/vendor-models.mjs).',
    '',
  ].join('\n'),
);
