#!/usr/bin/env node
// Regenerates the AWS managed policies Gatehouse carries (src/services/iam/data/):
//
//   aws-managed-policies.json      the index: one row per policy, [Arn, PolicyId,
//                                  DefaultVersionId, CreateDate, UpdateDate, offset, length],
//                                  sorted by name
//   aws-managed-policies.deflate   each default version's document, compact JSON, compressed
//                                  one by one with raw DEFLATE and concatenated; a row's offset
//                                  and length say where its document lies
//
// so that a server reads only the small index when AWS managed policies are first needed, and a
// document only when that policy is first asked for (about 2 ms for the index, tens of
// microseconds per document, instead of some 50 ms to inflate and parse every document).
//
// Input: the JSONL of the iam-dataset snapshot (one policy per line: PolicyName, Arn,
// DefaultVersionId, CreateDate, UpdateDate, Deprecated, Document), plus the two policies that
// snapshot leaves out (SUPPLEMENT below, from the same dataset). Deprecated policies are left out:
// the snapshot carries neither their ARNs (their paths) nor their update dates, and AWS neither
// lists them nor lets them be attached to anything new.
//
// PolicyIds are not in the data: each is derived from the ARN by `derivedUniqueId` (src/aws/ids.ts,
// imported from the build, so run `npm run build` first) and written into the index, so that no
// server computes them.
//
// Usage: node scripts/vendor-aws-managed-policies.mjs [path/to/aws-managed-policies.jsonl]

import { readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { derivedUniqueId } from '../dist/src/aws/ids.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'src', 'services', 'iam', 'data');
const input = process.argv[2] ?? '/work/shared/reference/aws-managed-policies/aws-managed-policies.jsonl';

/**
 * Policies the snapshot leaves out, from the same dataset's per-policy files
 * (iann0036/iam-dataset aws/managedpolicies/AdministratorAccess.json and PowerUserAccess.json):
 * version, date and document exactly as recorded there.
 */
const SUPPLEMENT = [
  {
    PolicyName: 'AdministratorAccess',
    Arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    DefaultVersionId: 'v1',
    CreateDate: '2015-02-06T18:39:46Z',
    UpdateDate: '2015-02-06T18:39:46Z',
    Deprecated: false,
    Document: { Statement: [{ Action: ['*'], Effect: 'Allow', Resource: '*' }], Version: '2012-10-17' },
  },
  {
    PolicyName: 'PowerUserAccess',
    Arn: 'arn:aws:iam::aws:policy/PowerUserAccess',
    DefaultVersionId: 'v5',
    CreateDate: '2023-07-06T22:04:00Z',
    UpdateDate: '2023-07-06T22:04:00Z',
    Deprecated: false,
    Document: {
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        {
          Action: [
            'iam:CreateServiceLinkedRole',
            'iam:DeleteServiceLinkedRole',
            'iam:ListRoles',
            'organizations:DescribeOrganization',
            'account:ListRegions',
            'account:GetAccountInformation',
          ],
          Effect: 'Allow',
          Resource: '*',
        },
      ],
      Version: '2012-10-17',
    },
  },
];

/** `2026-08-12T23:07:09+00:00` → `2026-08-12T23:07:09Z`, as IAM reports times. */
function utcSeconds(text) {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${text}`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const nameKey = (p) => p.PolicyName.toLowerCase();

const rows = readFileSync(input, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
const byName = new Map();
for (const p of [...rows, ...SUPPLEMENT]) {
  if (p.Deprecated || typeof p.Arn !== 'string') continue;
  if (byName.has(p.PolicyName)) throw new Error(`duplicate policy ${p.PolicyName}`);
  if (!p.Arn.endsWith(`/${p.PolicyName}`)) throw new Error(`ARN ${p.Arn} does not name ${p.PolicyName}`);
  byName.set(p.PolicyName, p);
}
const policies = [...byName.values()].sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : a.PolicyName < b.PolicyName ? -1 : 1));

const chunks = [];
let offset = 0;
const index = [];
for (const p of policies) {
  const compressed = deflateRawSync(Buffer.from(JSON.stringify(p.Document), 'utf8'), { level: 9 });
  index.push([p.Arn, derivedUniqueId('managedPolicy', p.Arn), p.DefaultVersionId, utcSeconds(p.CreateDate), utcSeconds(p.UpdateDate ?? p.CreateDate), offset, compressed.length]);
  chunks.push(compressed);
  offset += compressed.length;
}

writeFileSync(join(outDir, 'aws-managed-policies.deflate'), Buffer.concat(chunks));
writeFileSync(
  join(outDir, 'aws-managed-policies.json'),
  `{"format":2,"policies":[\n${index.map((row) => JSON.stringify(row)).join(',\n')}\n]}\n`,
);
console.log(`${index.length} policies (${rows.length - rows.filter((p) => !p.Deprecated && p.Arn).length} deprecated left out, ${SUPPLEMENT.length} added), documents ${offset} bytes`);
