/**
 * The registry of the error catalogue's end-to-end coverage: every ID of
 * `reference/error-catalogue.md` is either produced through a real client against Gatehouse and
 * diagnosed by the doctor in a named test (checked to exist, and to name the entry), or listed as
 * not producible that way with the reason. A new catalogue entry, a renamed or deleted test, or a
 * test that stops naming its entry fails here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from '../../src/doctor/catalogue.js';
import { CHECKLIST_FOR_ENTRY } from '../../src/doctor/entry-checklists.js';

/** The repository root, from `dist/test/interop/` or `test/interop/`. */
const ROOT = ((): string => {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'interop'))) return dir;
    dir = join(dir, '..');
  }
  throw new Error('repository root not found');
})();

const CATALOGUE_MD = ['../shared/reference/error-catalogue.md', '../../shared/reference/error-catalogue.md', 'reference/error-catalogue.md']
  .map((p) => join(ROOT, p))
  .find((p) => existsSync(p));

const EKS = 'test/interop/doctor-catalogue-eks.test.ts';
const MORE = 'test/interop/doctor-catalogue-more.test.ts';
const ACCOUNT = 'test/server/doctor-account.test.ts';
const SERVICE_ACCOUNTS = 'test/interop/service-account-tokens.test.ts';

type Coverage =
  /** The diagnosis of the printed text names this entry. */
  | { readonly kind: 'names'; readonly file: string; readonly test: string }
  /** The client prints entry `via`'s message; the diagnosis names `via` and shows this entry (related, or its cause in the evidence). */
  | { readonly kind: 'via'; readonly via: string; readonly file: string; readonly test: string }
  | { readonly kind: 'not-producible'; readonly reason: string };

const COVERAGE: Readonly<Record<string, Coverage>> = {
  E01: { kind: 'names', file: EKS, test: "E01: ${client.label}'s AccessDeniedException for DescribeCluster names E01; the engine finds no identity-based Allow for eks:DescribeCluster" },
  E01b: { kind: 'via', via: 'E01', file: EKS, test: "E01b: the older revision's concrete-region form (us-west-2) is the same entry, and the cause is the same missing Allow" },
  E02: { kind: 'not-producible', reason: 'EKS console text (cluster Compute/Resources tabs); Gatehouse has no console.' },
  E03: { kind: 'names', file: EKS, test: "E03: CreateCluster passes the cluster role to EKS; without iam:PassRole the CLI prints the seed's text, and the engine finds no Allow for it" },
  E04: { kind: 'names', file: ACCOUNT, test: 'E04: STS signed for the wrong region at the global endpoint' },
  E05: { kind: 'names', file: EKS, test: 'E05: a malformed role ARN in the annotation; the checklist names the annotation' },
  E06: { kind: 'names', file: EKS, test: 'E06 (and F02): no IAM OIDC provider for the issuer; the doctor reads the providers and finds none for it' },
  E07: { kind: 'names', file: EKS, test: "E07: the provider's audiences lack sts.amazonaws.com; the doctor reads its client IDs" },
  E08: { kind: 'names', file: EKS, test: "E08: the provider's thumbprint is not the issuer's root certificate; the checklist compares it with the certificate presented" },
  E09: { kind: 'names', file: EKS, test: "E09: the trust policy's sub names another service account; the checklist shows the failing condition" },
  E10: { kind: 'names', file: ACCOUNT, test: "E10: an SCP denies a member account's user; from the member account SCPs cannot be read, a gap" },
  E11: { kind: 'not-producible', reason: 'Requests reach Gatehouse directly, never through a VPC endpoint: no surface attaches a VPC endpoint policy (the engine evaluates one, src/policy/evaluate.ts, but nothing feeds it).' },
  E12: { kind: 'not-producible', reason: 'As E11: no request comes through a VPC endpoint, so no VPC endpoint policy denies.' },
  E13: { kind: 'names', file: ACCOUNT, test: 'E13 and E14: a permissions boundary that does not allow, or denies' },
  E14: { kind: 'names', file: ACCOUNT, test: 'E13 and E14: a permissions boundary that does not allow, or denies' },
  E15: { kind: 'names', file: ACCOUNT, test: 'E15 and E16: session policies limit a role session; the doctor says it cannot read them back' },
  E16: { kind: 'names', file: ACCOUNT, test: 'E15 and E16: session policies limit a role session; the doctor says it cannot read them back' },
  E17: {
    kind: 'not-producible',
    reason: "No service Gatehouse serves checks a request against a resource-based policy other than a role's trust policy, which AWS words as the role trust policy (E19/E20); the simulator's ResourcePolicy gives decisions, not error text.",
  },
  E18: { kind: 'not-producible', reason: 'As E17: no resource-based policy other than role trust policies is enforced.' },
  E19: { kind: 'names', file: ACCOUNT, test: 'E19 and F08: AssumeRole refused by the trust policy; an MFA condition is shown as what almost applied' },
  E20: { kind: 'names', file: ACCOUNT, test: 'E20: an explicit deny in the role trust policy' },
  E21: { kind: 'names', file: ACCOUNT, test: 'E21: no identity-based policy allows — the engine agrees and names the fix' },
  E22: { kind: 'names', file: ACCOUNT, test: 'E22: an explicit deny in an identity-based policy — the deciding statement is named' },
  E23: { kind: 'not-producible', reason: 'Needs a request through a VPC endpoint (see E11), denied transitively by an SCP.' },
  E24: {
    kind: 'not-producible',
    reason: 'IAM, STS, Organizations and EKS word an SCP denial as E10 ("with an explicit deny in a service control policy"), and so does Gatehouse; the fragment comes from other services (e.g. S3\'s "Access Denied due to…"), which Gatehouse does not emulate.',
  },
  E25: { kind: 'not-producible', reason: 'Console text for a fictional service (widgets:GetWidget); Gatehouse has no console.' },
  E26: { kind: 'names', file: ACCOUNT, test: 'E26: the self-manage policy refuses deleting a device without MFA; a leftover unassigned virtual MFA device is found' },
  E27: { kind: 'names', file: MORE, test: "E27: boto3's uncaught ClientError for iam:PassRole of the Auto Scaling service-linked role from an assumed-role session" },
  E28: { kind: 'not-producible', reason: 'Console Switch Role page text; Gatehouse has no console.' },
  E29: { kind: 'not-producible', reason: 'Printed by CodeBuild updating its service-role policy; Gatehouse does not emulate CodeBuild.' },
  E30: { kind: 'not-producible', reason: 'A DNS lookup (NXDOMAIN) of the OIDC issuer from inside a VPC with the EKS VPC endpoint; Gatehouse emulates neither DNS nor VPCs.' },
  F01: { kind: 'names', file: EKS, test: 'F01: a role mapped in aws-auth with a path never matches; the doctor names the path and the ARN without it' },
  F02: { kind: 'via', via: 'E06', file: EKS, test: 'E06 (and F02): no IAM OIDC provider for the issuer; the doctor reads the providers and finds none for it' },
  F03: { kind: 'via', via: 'E09', file: EKS, test: "F03 (via E09's text): a trust policy whose Federated principal is another provider; the doctor finds the provider missing" },
  F04: { kind: 'names', file: EKS, test: 'F04: the pod names a service account that does not exist' },
  F05: { kind: 'names', file: EKS, test: 'F05: the webhook configuration deleted: the pod gets no token and the CLI no credentials; the checklist finds the configuration gone' },
  F06: {
    kind: 'not-producible',
    reason: "Every client installed (AWS CLI v1 and v2, boto3, the JS SDK v3) supports web identity token files, so none falls back to another identity; the check is doctor irsa's sdk-version step (test/server/doctor-irsa.test.ts, \"an SDK older than the EKS guide's minimum\").",
  },
  F07: { kind: 'names', file: ACCOUNT, test: 'F07: a session longer than the role allows; the doctor reads its maximum' },
  F08: { kind: 'via', via: 'E19', file: ACCOUNT, test: 'E19 and F08: AssumeRole refused by the trust policy; an MFA condition is shown as what almost applied' },
  F09: { kind: 'via', via: 'E15', file: MORE, test: "F09 (E15's text): the role allows the action but the session policy does not; the engine allows it without the session policy, which no API reads back" },
  F10: { kind: 'names', file: ACCOUNT, test: 'F10 and S04: an expired session token, a wrong secret, an unknown key' },
  F11: {
    kind: 'not-producible',
    reason: 'Needs one request carrying several condition keys whose names differ only by case; the only caller-chosen key names in the operations Gatehouse serves are tag keys, and IAM refuses two that differ only by case ("Duplicate tag keys found. Please note that Tag keys are case insensitive."), as Gatehouse does.',
  },
  F12: { kind: 'via', via: 'E13', file: MORE, test: "F12 (E13's text): identity-based policies allow, the permissions boundary does not" },
  F13: { kind: 'via', via: 'E21', file: MORE, test: "F13 (E21's text): ${aws:username} in a policy without the 2012-10-17 Version is matched literally; the doctor names the policy" },
  F14: { kind: 'via', via: 'E21', file: MORE, test: 'a policy granted just now still denies; the doctor reads the account as it stands now, where the engine allows, and says so' },
  F15: { kind: 'names', file: ACCOUNT, test: "F15: a third access key; the doctor counts the user's keys" },
  S01: { kind: 'names', file: 'test/interop/kubectl-token-denied.test.ts', test: "no identity-based policy allows sts:AssumeRole: kubectl relays the CLI's AccessDenied, and the doctor names S01 (E21 inside)" },
  S02: { kind: 'names', file: EKS, test: 'S02: a user the cluster does not map is Unauthorized; the checklist finds no access entry or aws-auth entry for it' },
  S03: {
    kind: 'not-producible',
    reason: 'kubectl 1.32 (the one installed) prints "error: You must be logged in to the server (the server has asked for the client to provide credentials)" for `kubectl get svc` by an unmapped principal, the S02 form; the "doesn\'t have a resource type" wording is older kubectl\'s.',
  },
  S04: { kind: 'names', file: ACCOUNT, test: 'F10 and S04: an expired session token, a wrong secret, an unknown key' },
  S05: { kind: 'names', file: SERVICE_ACCOUNTS, test: 'S05: the Kubernetes JavaScript client in the pod gets 401 after 90 days, and the doctor names S05 from its error' },
  S06: { kind: 'names', file: EKS, test: 'S06: the aws-auth ConfigMap was never applied; the checklist finds it missing' },
  S07: { kind: 'not-producible', reason: 'Console policy summary text; Gatehouse has no console.' },
  S08: { kind: 'not-producible', reason: 'Console policy summary text; Gatehouse has no console.' },
  S09: { kind: 'not-producible', reason: 'Console policy summary text; Gatehouse has no console.' },
  S10: { kind: 'not-producible', reason: 'Console JSON policy editor text (Access Analyzer validation); Gatehouse has no console.' },
};

/** Entries whose real-client test is added with work under way; each must move into COVERAGE. */
const PENDING: Readonly<Record<string, string>> = {
};

/** The IDs of the catalogue's tables, in order. */
function catalogueIds(markdown: string): string[] {
  return [...markdown.matchAll(/^\| ((?:E|F|S)\d{2}b?) \|/gm)].map((m) => m[1]!);
}

/** The titles of the `it(…)` calls of a test file, with their bodies (up to the next `it(`). */
function tests(file: string): Map<string, string> {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const found = [...source.matchAll(/\bit\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)];
  const out = new Map<string, string>();
  found.forEach((m, i) => {
    const title = m[2]!.replace(/\\(['"`\\])/g, '$1');
    out.set(title, source.slice(m.index, found[i + 1]?.index ?? source.length));
  });
  return out;
}

void describe('every error-catalogue entry is produced through a real client and diagnosed, or says why not', () => {
  // The specification lives beside the repository (shared/reference); src/doctor/catalogue.ts is its copy as data.
  void it('reads the catalogue: its IDs are the doctor\'s', { skip: CATALOGUE_MD === undefined ? 'reference/error-catalogue.md is not beside the repository' : false }, () => {
    const ids = catalogueIds(readFileSync(CATALOGUE_MD!, 'utf8'));
    assert.ok(ids.length >= 50, `only ${ids.length} IDs read`);
    assert.deepEqual(ids, CATALOGUE.map((e) => e.id));
  });

  void it('each ID is covered, not producible with a reason, or pending — exactly one', () => {
    for (const e of CATALOGUE) {
      const listed = [COVERAGE[e.id] !== undefined, PENDING[e.id] !== undefined].filter(Boolean).length;
      assert.equal(listed, 1, `${e.id}: listed ${listed} times`);
    }
    for (const id of [...Object.keys(COVERAGE), ...Object.keys(PENDING)]) assert.ok(CATALOGUE.some((e) => e.id === id), `${id} is not a catalogue entry`);
    for (const [id, c] of Object.entries(COVERAGE)) if (c.kind === 'not-producible') assert.ok(c.reason.length > 30, `${id}: give the reason`);
    // The cluster-side entries whose checklist the doctor runs are catalogue entries.
    for (const id of Object.keys(CHECKLIST_FOR_ENTRY)) assert.ok(CATALOGUE.some((e) => e.id === id), `${id} is not a catalogue entry`);
  });

  void it('each named test exists and names its entry (or, for a symptom, the entry it is seen through and the symptom)', () => {
    const files = new Map<string, Map<string, string>>();
    for (const [id, c] of Object.entries(COVERAGE)) {
      if (c.kind === 'not-producible') continue;
      if (!files.has(c.file)) files.set(c.file, tests(c.file));
      const body = files.get(c.file)!.get(c.test);
      assert.ok(body !== undefined, `${id}: no test "${c.test}" in ${c.file}`);
      const named = c.kind === 'names' ? id : c.via;
      assert.match(body, new RegExp(`catalogueId, '${named}'`), `${id}: the test does not assert that the diagnosis names ${named}`);
      if (c.kind === 'via') assert.ok(body.includes(id), `${id}: the test through ${c.via} does not check ${id}`);
      assert.match(body, /doctor(?:Of)?\(|runDoctor\(|CLI_MAIN, 'doctor'/, `${id}: the test does not run the doctor`);
    }
  });
});
