/**
 * Terraform's AWS provider against Gatehouse: one configuration of roles with trust policies (a
 * service and an OIDC web-identity trust), customer and AWS managed policy attachments, inline role
 * policies, an OIDC provider, an instance profile and a user with a policy attachment is applied,
 * read back through the SDK, re-planned (an empty plan: every read after write returns what was
 * written, in the shapes the provider compares), re-planned after a change made outside Terraform
 * (the drift is seen), and destroyed (nothing left behind). The provider starts with
 * GetCallerIdentity, so the account ID in the outputs comes from STS.
 *
 * Needs the Terraform CLI and the provider in a filesystem mirror (no network): the test says what
 * is missing and skips where either is absent. `TERRAFORM` and `TF_PLUGIN_MIRROR` override the
 * places searched.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  GetInstanceProfileCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListOpenIDConnectProvidersCommand,
  ListPoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { ACCOUNT_ID, cleanEnv, startFixture, tempDataDir, type GatehouseFixture } from '../support/gatehouse-fixture.js';

function findTerraform(): string | undefined {
  const candidates = [process.env.TERRAFORM, '/usr/local/bin/terraform', '/usr/bin/terraform', ...(process.env.PATH ?? '').split(':').filter((d) => d !== '').map((d) => join(d, 'terraform'))];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** A filesystem mirror holds `registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/`. */
function hasAwsProvider(mirror: string): boolean {
  const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(dir)) return false;
  const platform = `linux_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  return readdirSync(dir).some((version) => existsSync(join(dir, version, platform)));
}

function findMirror(): string | undefined {
  const home = homedir();
  const candidates = [
    process.env.TF_PLUGIN_MIRROR,
    '/opt/tf-plugins',
    '/opt/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
    join(home, '.terraform.d', 'plugins'),
    join(home, '.local', 'share', 'terraform', 'plugins'),
  ];
  return candidates.find((p): p is string => p !== undefined && p !== '' && hasAwsProvider(p));
}

const terraform = findTerraform();
const mirror = findMirror();
const skip =
  process.env.GATEHOUSE_SKIP_TERRAFORM !== undefined && process.env.GATEHOUSE_SKIP_TERRAFORM !== ''
    ? `GATEHOUSE_SKIP_TERRAFORM is set (${process.env.GATEHOUSE_SKIP_TERRAFORM})`
    : terraform === undefined
    ? 'the Terraform CLI is not installed on this machine (set TERRAFORM to its path)'
    : mirror === undefined
      ? 'no filesystem mirror with the hashicorp/aws provider found (/opt/tf-plugins and the usual plugin directories; set TF_PLUGIN_MIRROR)'
      : false;

/** Roles, policies, an OIDC provider, an instance profile and a user, as a Terraform user writes them. */
const CONFIGURATION = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "endpoint" { type = string }

provider "aws" {
  region                      = "us-east-1"
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_credentials_validation = false
  skip_requesting_account_id  = false
  endpoints {
    iam = var.endpoint
    sts = var.endpoint
  }
}

data "aws_caller_identity" "me" {}
data "aws_partition" "current" {}

data "aws_iam_policy_document" "ec2_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name                 = "tf-app"
  path                 = "/apps/"
  description          = "Application role"
  assume_role_policy   = data.aws_iam_policy_document.ec2_trust.json
  max_session_duration = 7200
  tags                 = { team = "platform", env = "test" }
}

resource "aws_iam_policy" "read" {
  name        = "tf-read"
  path        = "/tf/"
  description = "Read access"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = "*" }]
  })
  tags = { team = "platform" }
}

resource "aws_iam_role_policy_attachment" "app_read" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.read.arn
}

resource "aws_iam_role_policy_attachment" "app_managed" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "app_inline" {
  name = "inline-logs"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }]
  })
}

resource "aws_iam_instance_profile" "app" {
  name = "tf-app-profile"
  role = aws_iam_role.app.name
  tags = { team = "platform" }
}

resource "aws_iam_openid_connect_provider" "ci" {
  url             = "https://token.actions.example.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
  tags            = { purpose = "ci" }
}

data "aws_iam_policy_document" "ci_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.ci.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.example.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.example.com:sub"
      values   = ["repo:example/*"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "tf-ci"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

resource "aws_iam_role_policy" "ci_deploy" {
  name = "deploy"
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = aws_iam_role.app.arn }]
  })
}

resource "aws_iam_user" "deployer" {
  name = "tf-deployer"
  path = "/ci/"
  tags = { owner = "ci" }
}

resource "aws_iam_user_policy_attachment" "deployer_read" {
  user       = aws_iam_user.deployer.name
  policy_arn = aws_iam_policy.read.arn
}

output "account_id" { value = data.aws_caller_identity.me.account_id }
output "caller_arn" { value = data.aws_caller_identity.me.arn }
output "role_arn" { value = aws_iam_role.app.arn }
output "role_unique_id" { value = aws_iam_role.app.unique_id }
output "oidc_arn" { value = aws_iam_openid_connect_provider.ci.arn }
output "profile_arn" { value = aws_iam_instance_profile.app.arn }
output "policy_arn" { value = aws_iam_policy.read.arn }
`;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

describe('Terraform AWS provider against Gatehouse', { skip, timeout: 600_000 }, () => {
  let gh: GatehouseFixture;
  let work: string;
  let env: NodeJS.ProcessEnv;

  /** Runs terraform in the configuration's directory (asynchronously: the server answers in this process). */
  function tf(args: readonly string[]): Promise<Run> {
    return new Promise((ok, fail) => {
      const child = spawn(terraform!, [...args], { cwd: join(work, 'config'), env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
      child.once('error', fail);
      child.once('close', (code) => {
        clearTimeout(timer);
        ok({ code, stdout, stderr });
      });
    });
  }

  function vars(): string[] {
    return ['-input=false', '-no-color', '-var', `endpoint=${gh.url}`];
  }

  async function ok(args: readonly string[]): Promise<Run> {
    const r = await tf(args);
    assert.equal(r.code, 0, `terraform ${args.join(' ')} exited with ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r;
  }

  before(async () => {
    gh = await startFixture();
    work = tempDataDir('terraform');
    mkdirSync(join(work, 'config'));
    mkdirSync(join(work, 'home'));
    writeFileSync(join(work, 'config', 'main.tf'), CONFIGURATION);
    // The provider comes from the mirror only: a run never reaches the public registry.
    writeFileSync(
      join(work, 'terraform.rc'),
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
    );
    env = cleanEnv({
      HOME: join(work, 'home'),
      TF_CLI_CONFIG_FILE: join(work, 'terraform.rc'),
      TF_IN_AUTOMATION: '1',
      CHECKPOINT_DISABLE: '1',
      AWS_SHARED_CREDENTIALS_FILE: gh.server.credentialsFile,
      AWS_PROFILE: 'gatehouse',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const name of Object.keys(env)) if (name.startsWith('TF_') && !['TF_CLI_CONFIG_FILE', 'TF_IN_AUTOMATION'].includes(name)) delete env[name];
    await ok(['init', '-input=false', '-no-color']);
  });

  after(async () => {
    await gh?.close();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  let outputs: Record<string, string>;

  /** The trail's events since `since` that Gatehouse answered with an error: `<event> <code>: <message>`. */
  async function errorsSince(since: Date): Promise<string[]> {
    const out: string[] = [];
    for await (const page of paginateLookupEvents({ client: gh.cloudtrail }, { StartTime: since })) {
      for (const e of page.Events ?? []) {
        const record = JSON.parse(e.CloudTrailEvent ?? '{}') as { eventName?: string; errorCode?: string; errorMessage?: string };
        if (record.errorCode !== undefined) out.push(`${record.eventName} ${record.errorCode}: ${record.errorMessage ?? ''}`);
      }
    }
    return out;
  }

  it('applies the configuration with no request refused or retried, and what it made reads back through the SDK as written', async () => {
    const started = new Date(Date.now() - 1000);
    await ok(['apply', '-auto-approve', ...vars()]);
    // Nothing the provider sent was answered with an error it had to retry or wait out.
    assert.deepEqual(await errorsSince(started), []);
    const out = await ok(['output', '-json', '-no-color']);
    outputs = Object.fromEntries(Object.entries(JSON.parse(out.stdout) as Record<string, { value: string }>).map(([k, v]) => [k, v.value]));
    assert.equal(outputs.account_id, ACCOUNT_ID);
    assert.equal(outputs.caller_arn, `arn:aws:iam::${ACCOUNT_ID}:root`);
    assert.equal(outputs.role_arn, `arn:aws:iam::${ACCOUNT_ID}:role/apps/tf-app`);
    assert.match(outputs.role_unique_id!, /^AROA[A-Z0-9]{17}$/);
    assert.equal(outputs.oidc_arn, `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/token.actions.example.com`);
    assert.equal(outputs.profile_arn, `arn:aws:iam::${ACCOUNT_ID}:instance-profile/tf-app-profile`);
    assert.equal(outputs.policy_arn, `arn:aws:iam::${ACCOUNT_ID}:policy/tf/tf-read`);

    const role = (await gh.iam.send(new GetRoleCommand({ RoleName: 'tf-app' }))).Role!;
    assert.equal(role.MaxSessionDuration, 7200);
    assert.equal(role.Description, 'Application role');
    assert.deepEqual(
      (role.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).sort(),
      ['env=test', 'team=platform'],
    );
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)) as { Statement: { Principal: unknown; Action: unknown }[] };
    assert.deepEqual(trust.Statement[0]!.Principal, { Service: 'ec2.amazonaws.com' });
    const attached = await gh.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'tf-app' }));
    assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn).sort(), [outputs.policy_arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess'].sort());
    const inline = await gh.iam.send(new GetRolePolicyCommand({ RoleName: 'tf-app', PolicyName: 'inline-logs' }));
    assert.match(decodeURIComponent(inline.PolicyDocument!), /logs:PutLogEvents/);
    const profile = await gh.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tf-app-profile' }));
    assert.deepEqual(profile.InstanceProfile?.Roles?.map((r) => r.RoleName), ['tf-app']);
    const oidc = await gh.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: outputs.oidc_arn }));
    assert.deepEqual(oidc.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(oidc.ThumbprintList, ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280']);
    const ciTrust = JSON.parse(decodeURIComponent((await gh.iam.send(new GetRoleCommand({ RoleName: 'tf-ci' }))).Role!.AssumeRolePolicyDocument!)) as {
      Statement: { Principal: unknown; Condition: unknown }[];
    };
    assert.deepEqual(ciTrust.Statement[0]!.Principal, { Federated: outputs.oidc_arn });
    const userPolicies = await gh.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'tf-deployer' }));
    assert.deepEqual(userPolicies.AttachedPolicies?.map((p) => p.PolicyArn), [outputs.policy_arn]);
  });

  it('re-plans to an empty plan: every read after write matches the configuration', async () => {
    const r = await tf(['plan', '-detailed-exitcode', ...vars()]);
    assert.equal(r.code, 0, `expected an empty plan (exit 0), got exit ${r.code}:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /No changes\. Your infrastructure matches the configuration\./);
  });

  it('sees a change made outside Terraform as drift to repair', async () => {
    await gh.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'tf-app',
        PolicyName: 'inline-logs',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] }),
      }),
    );
    const r = await tf(['plan', '-detailed-exitcode', ...vars()]);
    assert.equal(r.code, 2, `expected a plan with changes (exit 2), got exit ${r.code}:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /aws_iam_role_policy\.app_inline will be updated in-place/);
    assert.match(r.stdout, /Plan: 0 to add, 1 to change, 0 to destroy\./);
  });

  it('destroys everything it made', async () => {
    const r = await ok(['destroy', '-auto-approve', ...vars()]);
    assert.match(r.stdout, /Destroy complete! Resources: 11 destroyed\./);
    const roles = await gh.iam.send(new ListRolesCommand({}));
    assert.deepEqual(roles.Roles?.filter((x) => x.RoleName!.startsWith('tf-')), []);
    const users = await gh.iam.send(new ListUsersCommand({}));
    assert.deepEqual(users.Users?.filter((x) => x.UserName!.startsWith('tf-')), []);
    const policies = await gh.iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.deepEqual(policies.Policies, []);
    const providers = await gh.iam.send(new ListOpenIDConnectProvidersCommand({}));
    assert.deepEqual(providers.OpenIDConnectProviderList, []);
  });
});
