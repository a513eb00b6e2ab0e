/**
 * `aws eks …` with the AWS CLI v1 (`aws` on PATH) and v2 (`/usr/bin/aws`) against a `gatehouse
 * serve` child, and kubectl with the kubeconfig an unmodified `aws eks update-kubeconfig` writes:
 * clusters and their OIDC issuer, authentication modes, access entries and access policies, pod
 * identity associations, tags; EKS's errors as the CLI prints them (error catalogue E01, E03);
 * `kubectl auth whoami` through `aws eks get-token`, and kubectl's "You must be logged in to the
 * server (Unauthorized)" for a principal the cluster does not map (S02); a principal mapped by an
 * aws-auth ConfigMap applied with `gatehouse k8s apply`, and `kubectl auth can-i` decided by an
 * access entry's AmazonEKSViewPolicy; update-cluster-config's updates read back with describe-update
 * and list-updates.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_ID, CLI_MAIN, cleanEnv, spawnServer, stopServer, tempDataDir, type ServerProcess } from '../support/gatehouse-fixture.js';
import { runAwsCli } from '../support/aws-cli-driver.js';

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = `${dir}/${name}`;
    if (dir !== '' && p !== '/usr/bin/aws' && existsSync(p)) return p;
  }
  return undefined;
}

const CLIENTS: readonly { readonly label: string; readonly bin: string | undefined }[] = [
  { label: 'AWS CLI v1', bin: findOnPath('aws') },
  { label: 'AWS CLI v2', bin: existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined },
];
const KUBECTL = existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : findOnPath('kubectl');

const EKS_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const EKS_ALL_NO_PASSROLE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'eks:*', Resource: '*' }] });
const DESCRIBE_ONLY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: '*' }] });

function run(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((ok) => {
    execFile(bin, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1;
      ok({ code, stdout, stderr });
    });
  });
}

for (const client of CLIENTS) {
  describe(`${client.label}: aws eks`, { skip: client.bin === undefined ? `${client.label} is not installed on this machine (CI installs it)` : false }, () => {
    let server: ServerProcess;
    let dataDir: string;
    let credentialsFile: string;
    const p = client.label.endsWith('v2') ? 'v2' : 'v1';
    before(async () => {
      dataDir = tempDataDir(`eks-cli-${p}`);
      server = await spawnServer({ dataDir });
      credentialsFile = join(dataDir, 'test-credentials');
      writeFileSync(credentialsFile, readFileSync(server.credentialsFile, 'utf8'));
    });
    after(async () => {
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    });

    function env(profile: string): NodeJS.ProcessEnv {
      return cleanEnv({ AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_PAGER: '', AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_PROFILE: profile });
    }

    async function aws(args: readonly string[], profile = 'gatehouse'): Promise<CliResult> {
      // Debian's awscli 2.9 predates AWS_ENDPOINT_URL (CLI 2.13), so the endpoint is passed as a flag.
      return runAwsCli(client.bin!, [...args, '--endpoint-url', server.url, '--output', 'json'], env(profile));
    }

    async function ok<T>(args: readonly string[], profile?: string): Promise<T> {
      const r = await aws(args, profile);
      assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}`);
      return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as T;
    }

    async function fails(args: readonly string[], printed: string, profile?: string): Promise<void> {
      const r = await aws(args, profile);
      assert.notEqual(r.code, 0, `aws ${args.join(' ')} succeeded`);
      assert.equal(r.stderr.trim(), printed);
    }

    async function userProfile(name: string, policy: string): Promise<void> {
      await ok(['iam', 'create-user', '--user-name', name]);
      await ok(['iam', 'put-user-policy', '--user-name', name, '--policy-name', 'p', '--policy-document', policy]);
      const key = await ok<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(['iam', 'create-access-key', '--user-name', name]);
      writeFileSync(credentialsFile, `${readFileSync(credentialsFile, 'utf8')}\n[${name}]\naws_access_key_id = ${key.AccessKey.AccessKeyId}\naws_secret_access_key = ${key.AccessKey.SecretAccessKey}\n`);
    }

    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/eks-cluster`;
    let issuer: string;

    it('creates a cluster ACTIVE at once, with an OIDC issuer in AWS form, Gatehouse CA and an HTTPS endpoint', async () => {
      await ok(['iam', 'create-role', '--role-name', 'eks-cluster', '--assume-role-policy-document', EKS_TRUST]);
      await ok(['iam', 'create-role', '--role-name', 'not-for-eks', '--assume-role-policy-document', EKS_TRUST.replace('eks.amazonaws.com', 'ec2.amazonaws.com')]);
      const created = await ok<{ cluster: { name: string; arn: string; status: string } }>(['eks', 'create-cluster', '--name', 'c1', '--role-arn', roleArn, '--resources-vpc-config', 'subnetIds=subnet-1,subnet-2']);
      assert.equal(created.cluster.arn, `arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/c1`);
      assert.equal(created.cluster.status, 'ACTIVE');
      const described = await ok<{ cluster: { identity: { oidc: { issuer: string } }; endpoint: string; certificateAuthority: { data: string }; roleArn: string } }>(['eks', 'describe-cluster', '--name', 'c1']);
      issuer = described.cluster.identity.oidc.issuer;
      assert.match(issuer, /^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
      assert.equal(described.cluster.endpoint, `${server.url.replace('http:', 'https:')}/_gatehouse/eks/clusters/${issuer.slice(-32)}`);
      assert.equal(Buffer.from(described.cluster.certificateAuthority.data, 'base64').toString('utf8'), readFileSync(join(dataDir, 'ca.pem'), 'utf8'));
      await fails(['eks', 'create-cluster', '--name', 'c1', '--role-arn', roleArn, '--resources-vpc-config', 'subnetIds=subnet-1'], 'An error occurred (ResourceInUseException) when calling the CreateCluster operation: Cluster already exists with name: c1');
    });

    it('refuses a cluster role that does not exist or does not trust EKS, as EKS words it', async () => {
      for (const role of [`arn:aws:iam::${ACCOUNT_ID}:role/missing`, `arn:aws:iam::${ACCOUNT_ID}:role/not-for-eks`]) {
        await fails(
          ['eks', 'create-cluster', '--name', 'c2', '--role-arn', role, '--resources-vpc-config', 'subnetIds=subnet-1'],
          `An error occurred (InvalidParameterException) when calling the CreateCluster operation: Role with arn: ${role}, could not be assumed because it does not exist or the trusted entity is not correct`,
        );
      }
      await fails(['eks', 'describe-cluster', '--name', 'c2'], 'An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: c2.');
    });

    it('E01: a user without eks:DescribeCluster gets the guide\'s AccessDeniedException text', async () => {
      await userProfile('user_name', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'eks:ListClusters', Resource: '*' }] }));
      await fails(
        ['eks', 'describe-cluster', '--name', 'my-cluster'],
        `An error occurred (AccessDeniedException) when calling the DescribeCluster operation: User: arn:aws:iam::${ACCOUNT_ID}:user/user_name is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/my-cluster`,
        'user_name',
      );
    });

    it('E03: CreateCluster passes the role to EKS: without iam:PassRole the user is told so', async () => {
      await userProfile('marymajor', EKS_ALL_NO_PASSROLE);
      await fails(
        ['eks', 'create-cluster', '--name', 'c3', '--role-arn', roleArn, '--resources-vpc-config', 'subnetIds=subnet-1'],
        `An error occurred (AccessDeniedException) when calling the CreateCluster operation: User: arn:aws:iam::${ACCOUNT_ID}:user/marymajor is not authorized to perform: iam:PassRole`,
        'marymajor',
      );
    });

    it('lists clusters in pages', async () => {
      await ok(['eks', 'create-cluster', '--name', 'c0', '--role-arn', roleArn, '--resources-vpc-config', 'subnetIds=subnet-1']);
      const first = await ok<{ clusters: string[]; nextToken?: string }>(['eks', 'list-clusters', '--max-results', '1', '--no-paginate']);
      assert.deepEqual(first.clusters, ['c0']);
      assert.ok(first.nextToken !== undefined);
      const all = await ok<{ clusters: string[] }>(['eks', 'list-clusters']);
      assert.deepEqual(all.clusters, ['c0', 'c1']);
    });

    it('moves the authentication mode one step at a time, one way, with EKS\'s messages', async () => {
      if (p === 'v2') return; // CLI 2.9's model predates access entries and accessConfig.
      await fails(['eks', 'list-access-entries', '--cluster-name', 'c1'], "An error occurred (InvalidRequestException) when calling the ListAccessEntries operation: The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.");
      await fails(['eks', 'update-cluster-config', '--name', 'c1', '--access-config', 'authenticationMode=API'], 'An error occurred (InvalidParameterException) when calling the UpdateClusterConfig operation: Unsupported authentication mode update from CONFIG_MAP to API');
      await ok(['eks', 'update-cluster-config', '--name', 'c1', '--access-config', 'authenticationMode=API_AND_CONFIG_MAP']);
      await fails(['eks', 'update-cluster-config', '--name', 'c1', '--access-config', 'authenticationMode=CONFIG_MAP'], 'An error occurred (InvalidParameterException) when calling the UpdateClusterConfig operation: Unsupported authentication mode update from API_AND_CONFIG_MAP to CONFIG_MAP');
      const d = await ok<{ cluster: { accessConfig: { authenticationMode: string } } }>(['eks', 'describe-cluster', '--name', 'c1']);
      assert.equal(d.cluster.accessConfig.authenticationMode, 'API_AND_CONFIG_MAP');
    });

    it('kubectl auth whoami works for the cluster creator through aws eks get-token, and a principal the cluster does not map is Unauthorized', { skip: KUBECTL === undefined ? 'kubectl is not installed' : false }, async () => {
      const kubeconfig = join(dataDir, `kubeconfig-${p}`);
      const written = await run(client.bin!, ['eks', 'update-kubeconfig', '--name', 'c1', '--kubeconfig', kubeconfig, '--endpoint-url', server.url], env('gatehouse'));
      assert.equal(written.code, 0, written.stderr);
      // The exec plugin runs `aws eks get-token` (the first `aws` on PATH) with the profile update-kubeconfig wrote.
      const whoami = await run(KUBECTL!, ['--kubeconfig', kubeconfig, 'auth', 'whoami', '-o', 'json'], env('gatehouse'));
      assert.equal(whoami.code, 0, whoami.stderr);
      const review = JSON.parse(whoami.stdout) as { status: { userInfo: { username: string; groups: string[]; extra: Record<string, string[]> } } };
      assert.equal(review.status.userInfo.username, `arn:aws:iam::${ACCOUNT_ID}:root`);
      assert.ok(review.status.userInfo.groups.includes('system:masters'));
      assert.deepEqual(review.status.userInfo.extra.canonicalArn, [`arn:aws:iam::${ACCOUNT_ID}:root`]);
      await userProfile('viewer', DESCRIBE_ONLY);
      const env2 = { ...env('viewer'), AWS_PROFILE: 'viewer' };
      const kubeconfig2 = join(dataDir, `kubeconfig-viewer-${p}`);
      const r = await run(client.bin!, ['eks', 'update-kubeconfig', '--name', 'c1', '--kubeconfig', kubeconfig2, '--endpoint-url', server.url], env2);
      assert.equal(r.code, 0, r.stderr);
      const denied = await run(KUBECTL!, ['--kubeconfig', kubeconfig2, 'auth', 'whoami'], env2);
      assert.notEqual(denied.code, 0);
      assert.equal(denied.stderr.trim(), 'error: You must be logged in to the server (Unauthorized)');
    });

    it('kubectl through the real chain: auth whoami mapped by an aws-auth ConfigMap applied with gatehouse k8s apply, auth can-i decided by an access entry with AmazonEKSViewPolicy', { skip: KUBECTL === undefined ? 'kubectl is not installed' : false }, async () => {
      const kube = async (profile: string, args: readonly string[]): Promise<CliResult> => {
        const kubeconfig = join(dataDir, `kubeconfig-${profile}-${p}`);
        if (!existsSync(kubeconfig)) {
          const w = await run(client.bin!, ['eks', 'update-kubeconfig', '--name', 'c1', '--kubeconfig', kubeconfig, '--endpoint-url', server.url], env(profile));
          assert.equal(w.code, 0, w.stderr);
        }
        return run(KUBECTL!, ['--kubeconfig', kubeconfig, ...args], env(profile));
      };
      await userProfile('mapped', DESCRIBE_ONLY);
      const before = await kube('mapped', ['auth', 'whoami']);
      assert.equal(before.stderr.trim(), 'error: You must be logged in to the server (Unauthorized)');
      const manifest = join(dataDir, `aws-auth-${p}.yaml`);
      writeFileSync(
        manifest,
        `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapUsers: |
    - userarn: arn:aws:iam::${ACCOUNT_ID}:user/mapped
      username: mapped-user
      groups: [readers]
`,
      );
      const applied = await run(process.execPath, [CLI_MAIN, 'k8s', 'apply', '--cluster', 'c1', '-f', manifest, '--endpoint', server.url, '--data', dataDir], cleanEnv());
      assert.equal(applied.code, 0, applied.stderr);
      // Only the EKS service's clusters have objects.
      const nowhere = await run(process.execPath, [CLI_MAIN, 'k8s', 'apply', '--cluster', 'no-such-cluster', '-f', manifest, '--endpoint', server.url, '--data', dataDir], cleanEnv());
      assert.notEqual(nowhere.code, 0);
      assert.equal(nowhere.stderr, 'gatehouse: No cluster found for name: no-such-cluster.\n');
      const whoami = await kube('mapped', ['auth', 'whoami', '-o', 'json']);
      assert.equal(whoami.code, 0, whoami.stderr);
      const review = JSON.parse(whoami.stdout) as { status: { userInfo: { username: string; groups: string[] } } };
      assert.equal(review.status.userInfo.username, 'mapped-user');
      assert.deepEqual(review.status.userInfo.groups, ['readers', 'system:authenticated']);
      // No RBAC binds the group: authenticated, but not allowed.
      const noRbac = await kube('mapped', ['auth', 'can-i', 'list', 'pods', '-n', 'default']);
      assert.equal(noRbac.stdout.trim(), 'no');

      if (p === 'v2') return; // CLI 2.9's model predates access entries.
      await userProfile('entry-viewer', DESCRIBE_ONLY);
      const principal = `arn:aws:iam::${ACCOUNT_ID}:user/entry-viewer`;
      await ok(['eks', 'create-access-entry', '--cluster-name', 'c1', '--principal-arn', principal]);
      await ok(['eks', 'associate-access-policy', '--cluster-name', 'c1', '--principal-arn', principal, '--policy-arn', 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', '--access-scope', 'type=namespace,namespaces=default']);
      const pods = await kube('entry-viewer', ['auth', 'can-i', 'list', 'pods', '-n', 'default']);
      assert.equal(pods.code, 0, pods.stderr);
      assert.equal(pods.stdout.trim(), 'yes');
      // The view policy leaves secrets out, and its scope is the namespace.
      const secrets = await kube('entry-viewer', ['auth', 'can-i', 'list', 'secrets', '-n', 'default']);
      assert.equal(secrets.stdout.trim(), 'no');
      assert.notEqual(secrets.code, 0);
      const elsewhere = await kube('entry-viewer', ['auth', 'can-i', 'list', 'pods', '-n', 'kube-system']);
      assert.equal(elsewhere.stdout.trim(), 'no');
      const who = await kube('entry-viewer', ['auth', 'whoami', '-o', 'json']);
      assert.equal(who.code, 0, who.stderr);
      assert.equal((JSON.parse(who.stdout) as { status: { userInfo: { username: string } } }).status.userInfo.username, principal);
    });

    it('update-cluster-config keeps its update: describe-update and list-updates show it in AWS\'s shape, with EKS\'s refusals and authorization', async () => {
      interface Update { id: string; status: string; type: string; params: { type: string; value: string }[]; createdAt: string | number; errors: unknown[] }
      await ok(['eks', 'create-cluster', '--name', 'u1', '--role-arn', roleArn, '--resources-vpc-config', 'subnetIds=subnet-1']);
      assert.deepEqual(await ok(['eks', 'list-updates', '--name', 'u1']), { updateIds: [] });
      const logging = '{"clusterLogging":[{"types":["api","audit"],"enabled":true}]}';
      const made = (await ok<{ update: Update }>(['eks', 'update-cluster-config', '--name', 'u1', '--logging', logging])).update;
      assert.match(made.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.deepEqual({ ...made, createdAt: undefined }, { id: made.id, status: 'Successful', type: 'LoggingUpdate', params: [{ type: 'ClusterLogging', value: logging }], createdAt: undefined, errors: [] });
      assert.deepEqual((await ok<{ update: Update }>(['eks', 'describe-update', '--name', 'u1', '--update-id', made.id])).update, made);
      const described = await ok<{ cluster: { logging: { clusterLogging: unknown[] } } }>(['eks', 'describe-cluster', '--name', 'u1']);
      assert.deepEqual(described.cluster.logging.clusterLogging, [
        { types: ['api', 'audit'], enabled: true },
        { types: ['authenticator', 'controllerManager', 'scheduler'], enabled: false },
      ]);
      await fails(['eks', 'update-cluster-config', '--name', 'u1', '--logging', logging], 'An error occurred (InvalidParameterException) when calling the UpdateClusterConfig operation: No changes needed for the logging config provided');
      // The AWS CLI's own example: endpoint access, public then private.
      const endpoint = (await ok<{ update: Update }>(['eks', 'update-cluster-config', '--name', 'u1', '--resources-vpc-config', 'endpointPublicAccess=false,endpointPrivateAccess=true'])).update;
      assert.equal(endpoint.type, 'EndpointAccessUpdate');
      assert.deepEqual(endpoint.params, [
        { type: 'EndpointPublicAccess', value: 'false' },
        { type: 'EndpointPrivateAccess', value: 'true' },
      ]);
      const vpc = await ok<{ cluster: { resourcesVpcConfig: { endpointPublicAccess: boolean; endpointPrivateAccess: boolean } } }>(['eks', 'describe-cluster', '--name', 'u1']);
      assert.deepEqual([vpc.cluster.resourcesVpcConfig.endpointPublicAccess, vpc.cluster.resourcesVpcConfig.endpointPrivateAccess], [false, true]);
      await fails(
        ['eks', 'update-cluster-config', '--name', 'u1', '--resources-vpc-config', 'endpointPublicAccess=true', '--logging', '{"clusterLogging":[{"types":["scheduler"],"enabled":true}]}'],
        'An error occurred (InvalidParameterException) when calling the UpdateClusterConfig operation: Only one type of update can be allowed.',
      );
      const ids = [made.id, endpoint.id];
      if (p === 'v1') {
        // CLI 2.9's model predates accessConfig.
        const access = (await ok<{ update: Update }>(['eks', 'update-cluster-config', '--name', 'u1', '--access-config', 'authenticationMode=API_AND_CONFIG_MAP'])).update;
        assert.deepEqual([access.type, access.params], ['AccessConfigUpdate', [{ type: 'AuthenticationMode', value: 'API_AND_CONFIG_MAP' }]]);
        ids.push(access.id);
      }
      assert.deepEqual((await ok<{ updateIds: string[] }>(['eks', 'list-updates', '--name', 'u1'])).updateIds, [...ids].sort());
      const page = await ok<{ updateIds: string[]; nextToken?: string }>(['eks', 'list-updates', '--name', 'u1', '--max-results', '1', '--no-paginate']);
      assert.deepEqual(page.updateIds, [[...ids].sort()[0]]);
      assert.ok(page.nextToken !== undefined);
      // An update of another cluster, an unknown ID, a node group, a cluster that does not exist.
      const elsewhere = (await ok<{ update: Update }>(['eks', 'update-cluster-config', '--name', 'c0', '--logging', logging])).update;
      await fails(['eks', 'describe-update', '--name', 'u1', '--update-id', elsewhere.id], `An error occurred (ResourceNotFoundException) when calling the DescribeUpdate operation: No update found for ID: ${elsewhere.id}`);
      await fails(['eks', 'describe-update', '--name', 'u1', '--update-id', 'not-an-update'], 'An error occurred (ResourceNotFoundException) when calling the DescribeUpdate operation: No update found for ID: not-an-update');
      await fails(['eks', 'describe-update', '--name', 'u1', '--update-id', made.id, '--nodegroup-name', 'ng-1'], 'An error occurred (ResourceNotFoundException) when calling the DescribeUpdate operation: No node group found for name: ng-1.');
      await fails(['eks', 'list-updates', '--name', 'nope'], 'An error occurred (ResourceNotFoundException) when calling the ListUpdates operation: No cluster found for name: nope.');
      // Authorized on the cluster ARN.
      await userProfile('update-reader', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['eks:ListUpdates', 'eks:DescribeUpdate'], Resource: `arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/u1` }] }));
      assert.equal((await ok<{ updateIds: string[] }>(['eks', 'list-updates', '--name', 'u1'], 'update-reader')).updateIds.length, ids.length);
      assert.equal((await ok<{ update: Update }>(['eks', 'describe-update', '--name', 'u1', '--update-id', made.id], 'update-reader')).update.id, made.id);
      await fails(
        ['eks', 'describe-update', '--name', 'c0', '--update-id', elsewhere.id],
        `An error occurred (AccessDeniedException) when calling the DescribeUpdate operation: User: arn:aws:iam::${ACCOUNT_ID}:user/update-reader is not authorized to perform: eks:DescribeUpdate on resource: arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/c0`,
        'update-reader',
      );
      await fails(
        ['eks', 'list-updates', '--name', 'c0'],
        `An error occurred (AccessDeniedException) when calling the ListUpdates operation: User: arn:aws:iam::${ACCOUNT_ID}:user/update-reader is not authorized to perform: eks:ListUpdates on resource: arn:aws:eks:us-east-1:${ACCOUNT_ID}:cluster/c0`,
        'update-reader',
      );
    });
  });
}
