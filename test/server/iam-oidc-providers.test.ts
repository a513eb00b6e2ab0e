/**
 * IAM OpenID Connect providers through the JS SDK v3: the provider's life (create, get, list,
 * audiences, thumbprints, tags, delete), IAM's recorded errors, and authorization on the provider's
 * ARN with its tags.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  GetAccountSummaryCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListOpenIDConnectProvidersCommand,
  PutUserPolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';

const EKS_ISSUER = 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const THUMB = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
const arnOf = (url: string): string => `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${url.replace('https://', '')}`;

describe('IAM OIDC providers through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  it('creates an EKS cluster\'s provider and reads it back as IAM reports it', async () => {
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: EKS_ISSUER, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [THUMB] }));
    assert.equal(created.OpenIDConnectProviderArn, arnOf(EKS_ISSUER));
    assert.equal(created.Tags, undefined);
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn }));
    // IAM reports the URL without its scheme.
    assert.equal(got.Url, 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE');
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(got.ThumbprintList, [THUMB]);
    assert.deepEqual(got.Tags, []);
    assert.ok(got.CreateDate instanceof Date);
    const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    assert.deepEqual(listed.OpenIDConnectProviderList?.map((p) => p.Arn), [arnOf(EKS_ISSUER)]);
    const summary = await iam.send(new GetAccountSummaryCommand({}));
    assert.equal(summary.SummaryMap?.Providers, 1);
  });

  it('adds and removes audiences idempotently and replaces thumbprints', async () => {
    const url = 'https://token.actions.githubusercontent.com';
    const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ThumbprintList: [THUMB] }))).OpenIDConnectProviderArn!;
    assert.equal(arn, arnOf(url));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'other' }));
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ClientIDList, ['sts.amazonaws.com', 'other']);
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'other' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-there' }));
    const thumbs = ['c'.repeat(40), 'd'.repeat(40)];
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: thumbs }));
    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(got.ThumbprintList, thumbs);
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  });

  it('answers IAM\'s recorded errors', async () => {
    await rejectsWithAws(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'example.org', ThumbprintList: ['a'.repeat(40)] })), {
      code: 'ValidationError',
      message: 'Invalid Open ID Connect Provider URL',
      status: 400,
    });
    const url = 'https://oidc-dup.example.com';
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ThumbprintList: ['a'.repeat(40)] }));
    await rejectsWithAws(iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ThumbprintList: ['a'.repeat(40)] })), {
      code: 'EntityAlreadyExists',
      message: `Provider with url ${url} already exists.`,
      status: 409,
    });
    await rejectsWithAws(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc-thumbs.example.com', ThumbprintList: ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(40)) })),
      { code: 'InvalidInput', message: 'Thumbprint list must contain fewer than 5 entries.', status: 400 },
    );
    await rejectsWithAws(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc-clients.example.com', ThumbprintList: ['a'.repeat(40)], ClientIDList: Array.from({ length: 101 }, (_, i) => String(i)) })),
      { code: 'LimitExceeded', message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100', status: 409 },
    );
    await rejectsWithAws(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://ok.example.com', ThumbprintList: ['b'.repeat(41)], ClientIDList: ['c'.repeat(256)] })),
      {
        code: 'ValidationError',
        message:
          "2 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]",
        status: 400,
      },
    );
    const missing = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/non-existent.example.com`;
    await rejectsWithAws(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing })), {
      code: 'NoSuchEntity',
      message: `OpenIDConnect Provider not found for arn ${missing}`,
      status: 404,
    });
    await rejectsWithAws(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing })), {
      code: 'NoSuchEntity',
      message: `OpenId connect Provider ${missing} cannot be found.`,
      status: 404,
    });
  });

  it('tags a provider, pages its tags, and refuses more than 50', async () => {
    const url = 'https://oidc-tags.example.com';
    const tags = Array.from({ length: 10 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ThumbprintList: ['a'.repeat(40)], Tags: tags }));
    assert.deepEqual(created.Tags, tags);
    const arn = created.OpenIDConnectProviderArn!;
    const first = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, MaxItems: 4 }));
    assert.equal(first.Tags?.length, 4);
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, MaxItems: 4, Marker: first.Marker }));
    const third = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, Marker: second.Marker }));
    assert.equal(third.Tags?.length, 2);
    assert.equal(third.Marker, undefined);
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: tags.slice(2).map((t) => t.Key) }));
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'K00', Value: 'replaced' }] }));
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).Tags, [
      { Key: 'K00', Value: 'replaced' },
      { Key: 'k01', Value: 'v1' },
    ]);
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: Array.from({ length: 48 }, (_, i) => ({ Key: `more${i}`, Value: '' })) }));
    await rejectsWithAws(iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'string', Value: 'string' }] })), {
      code: 'LimitExceeded',
      message: 'The number of tags has reached the maximum limit.',
      status: 409,
    });
  });

  it('authorizes on the provider ARN with its tags', async () => {
    const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://team.example.com', ThumbprintList: ['a'.repeat(40)], Tags: [{ Key: 'team', Value: 'blue' }] })))
      .OpenIDConnectProviderArn!;
    const other = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://other.example.com', ThumbprintList: ['a'.repeat(40)] }))).OpenIDConnectProviderArn!;
    const creds = await createUserWithKey(iam, 'oidc-reader');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'oidc-reader',
        PolicyName: 'blue',
        PolicyDocument: policyDocument({ Effect: 'Allow', Action: 'iam:GetOpenIDConnectProvider', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } }),
      }),
    );
    const client = gh.iamAs(creds);
    assert.equal((await client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).Url, 'team.example.com');
    await rejectsWithAws(client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other })), {
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT_ID}:user/oidc-reader is not authorized to perform: iam:GetOpenIDConnectProvider on resource: ${other} because no identity-based policy allows the iam:GetOpenIDConnectProvider action`,
      status: 403,
    });
  });
});
