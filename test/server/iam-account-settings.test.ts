/**
 * Account-level IAM operations through the JS SDK v3: the account alias (one per account, unique
 * across accounts), the STS global endpoint token version and GetAccountSummary, the
 * organization's centralized root access features, and outbound web identity federation.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAccountAliasCommand,
  DeleteAccountAliasCommand,
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  DisableOutboundWebIdentityFederationCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetAccountSummaryCommand,
  GetOutboundWebIdentityFederationInfoCommand,
  ListAccountAliasesCommand,
  ListOrganizationsFeaturesCommand,
  PutUserPolicyCommand,
  SetSecurityTokenServicePreferencesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

describe('account-level IAM operations through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('keeps one alias per account, replacing it, and refuses an alias already held', async () => {
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['example-corp']);
    await rejectsWithAws(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' })), {
      code: 'EntityAlreadyExists',
      message: 'The account alias example-corp already exists.',
      status: 409,
    });
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp-2' }));
    const listed = await iam.send(new ListAccountAliasesCommand({}));
    assert.deepEqual(listed.AccountAliases, ['example-corp-2']);
    assert.equal(listed.IsTruncated, false);
    await rejectsWithAws(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp' })), { code: 'NoSuchEntity', message: /example-corp/, status: 404 });
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp-2' }));
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
  });

  it('checks the alias against the model\'s pattern', async () => {
    for (const alias of ['-starts', 'ends-', 'two--dashes', 'UPPER', 'under_score']) {
      await rejectsWithAws(iam.send(new CreateAccountAliasCommand({ AccountAlias: alias })), {
        code: 'ValidationError',
        message: `1 validation error detected: Value at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`,
        status: 400,
      });
    }
    await rejectsWithAws(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'ab' })), { code: 'ValidationError', message: /length greater than or equal to 3/, status: 400 });
  });

  it('stores the global endpoint token version and reports it in the account summary', async () => {
    assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.GlobalEndpointTokenVersion, 1);
    await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
    assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.GlobalEndpointTokenVersion, 2);
    await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v1Token' }));
    assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.GlobalEndpointTokenVersion, 1);
    await rejectsWithAws(iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v3Token' as 'v1Token' })), {
      code: 'ValidationError',
      message: "1 validation error detected: Value at 'globalEndpointTokenVersion' failed to satisfy constraint: Member must satisfy enum value set",
      status: 400,
    });
  });

  it('enables and disables the organization\'s centralized root access features from the management account', async () => {
    const org = (await iam.send(new ListOrganizationsFeaturesCommand({}))).OrganizationId;
    assert.match(org ?? '', /^o-/);
    assert.deepEqual((await iam.send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures, []);
    assert.deepEqual((await iam.send(new EnableOrganizationsRootSessionsCommand({}))).EnabledFeatures, ['RootSessions']);
    const both = await iam.send(new EnableOrganizationsRootCredentialsManagementCommand({}));
    assert.deepEqual(both.EnabledFeatures, ['RootCredentialsManagement', 'RootSessions']);
    assert.equal(both.OrganizationId, org);
    assert.deepEqual((await iam.send(new EnableOrganizationsRootCredentialsManagementCommand({}))).EnabledFeatures, ['RootCredentialsManagement', 'RootSessions']);
    assert.deepEqual((await iam.send(new DisableOrganizationsRootSessionsCommand({}))).EnabledFeatures, ['RootCredentialsManagement']);
    assert.deepEqual((await iam.send(new DisableOrganizationsRootCredentialsManagementCommand({}))).EnabledFeatures, []);
    assert.deepEqual((await iam.send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures, []);
  });

  it('issues the account\'s outbound federation issuer once and answers FeatureEnabled / FeatureDisabled', async () => {
    await rejectsWithAws(iam.send(new GetOutboundWebIdentityFederationInfoCommand({})), { code: 'FeatureDisabled', message: /disabled/, status: 404 });
    const issuer = (await iam.send(new EnableOutboundWebIdentityFederationCommand({}))).IssuerIdentifier ?? '';
    assert.match(issuer, /^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
    await rejectsWithAws(iam.send(new EnableOutboundWebIdentityFederationCommand({})), { code: 'FeatureEnabled', message: /already enabled/, status: 409 });
    assert.deepEqual(await iam.send(new GetOutboundWebIdentityFederationInfoCommand({})).then((r) => [r.IssuerIdentifier, r.JwtVendingEnabled]), [issuer, true]);
    await iam.send(new DisableOutboundWebIdentityFederationCommand({}));
    await rejectsWithAws(iam.send(new DisableOutboundWebIdentityFederationCommand({})), { code: 'FeatureDisabled', message: /already disabled/, status: 404 });
    assert.deepEqual(await iam.send(new GetOutboundWebIdentityFederationInfoCommand({})).then((r) => [r.IssuerIdentifier, r.JwtVendingEnabled]), [issuer, false]);
    assert.equal((await iam.send(new EnableOutboundWebIdentityFederationCommand({}))).IssuerIdentifier, issuer);
  });

  it('authorizes the account operations on "*" with their own actions', async () => {
    const creds = await createUserWithKey(iam, 'account-admin');
    await iam.send(new PutUserPolicyCommand({ UserName: 'account-admin', PolicyName: 'p', PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:ListAccountAliases', Resource: '*' }) }));
    const client = gh.iamAs(creds);
    assert.deepEqual((await client.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    await rejectsWithAws(client.send(new CreateAccountAliasCommand({ AccountAlias: 'mine' })), {
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT_ID}:user/account-admin is not authorized to perform: iam:CreateAccountAlias on resource: * because no identity-based policy allows the iam:CreateAccountAlias action`,
      status: 403,
    });
  });
});
