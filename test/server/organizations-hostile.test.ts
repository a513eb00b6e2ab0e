/**
 * Hostile input to Organizations: IDs of the wrong form, enums and ranges out of bounds, forged
 * NextTokens, and raw awsJson bodies that are not JSON, have the wrong types or hide hostile policy
 * documents. Every answer is AWS's 4xx (InvalidInputException with its Reason,
 * SerializationException, MalformedPolicyDocumentException), never a 5xx, and the organization is
 * intact afterwards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachPolicyCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  TagResourceCommand,
  type ChildType,
  type OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { rejectsWithAws } from '../support/aws-assertions.js';
import { rawRequest, signedRawPost, type RawResponse } from '../support/raw-http.js';

const TARGET = 'AWSOrganizationsV20161128';

describe('Organizations: hostile input', () => {
  let gh: GatehouseFixture;
  let org: OrganizationsClient;
  let rootId: string;

  before(async () => {
    gh = await startFixture();
    org = gh.organizations;
    await org.send(new CreateOrganizationCommand({}));
    rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  });
  after(() => gh.close());

  async function invalidInput(send: Promise<unknown>, reason: string, message: string): Promise<void> {
    const err = await rejectsWithAws(send, { code: 'InvalidInputException', message, status: 400 });
    assert.equal((err as { Reason?: string }).Reason, reason);
  }

  it('answers IDs of the wrong form with InvalidInputException and the Reason naming the rule', async () => {
    await invalidInput(org.send(new DescribePolicyCommand({ PolicyId: 'p-!!' })), 'INVALID_SYNTAX_POLICY_ID', 'You specified an invalid policy ID.');
    await invalidInput(org.send(new DescribePolicyCommand({ PolicyId: "p-' OR 1=1 --" })), 'INVALID_SYNTAX_POLICY_ID', 'You specified an invalid policy ID.');
    await invalidInput(
      org.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: '../../etc/passwd' })),
      'INVALID_PATTERN_TARGET_ID',
      "You specified a policy target ID that doesn't match the required pattern.",
    );
    await invalidInput(org.send(new DescribeAccountCommand({ AccountId: '12345' })), 'INVALID_PATTERN', "You provided a value that doesn't match the required pattern.");
    // Too long and of the wrong form: the pattern is the rule named (the model checks it first).
    await invalidInput(org.send(new DescribeAccountCommand({ AccountId: '1234567890123' })), 'INVALID_PATTERN', "You provided a value that doesn't match the required pattern.");
    // A root is no child.
    await invalidInput(org.send(new ListParentsCommand({ ChildId: rootId })), 'INVALID_PATTERN', "You provided a value that doesn't match the required pattern.");
    await invalidInput(org.send(new TagResourceCommand({ ResourceId: 'o-abcdefghij', Tags: [] })), 'INVALID_PATTERN', "You provided a value that doesn't match the required pattern.");
  });

  it('answers enums and ranges out of bounds, and forged NextTokens', async () => {
    await invalidInput(org.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'BLEE' as ChildType })), 'INVALID_ENUM', 'You specified an invalid value.');
    await invalidInput(org.send(new ListPoliciesCommand({ Filter: 'MOTO' as PolicyType })), 'INVALID_ENUM', 'You specified an invalid value.');
    await invalidInput(org.send(new ListAccountsCommand({ MaxResults: 21 })), 'MAX_VALUE_EXCEEDED', 'You provided a numeric parameter that has a larger value than allowed.');
    await invalidInput(org.send(new ListAccountsCommand({ MaxResults: 0 })), 'MIN_VALUE_EXCEEDED', 'You provided a numeric parameter that has a smaller value than allowed.');
    for (const token of ['garbage', Buffer.from('offset:-1').toString('base64url'), Buffer.from('offset:99999999999').toString('base64url'), '\u0000']) {
      await invalidInput(org.send(new ListAccountsCommand({ NextToken: token })), 'INVALID_NEXT_TOKEN', 'Get the value for the NextToken parameter from the response to a previous call of the operation.');
    }
    await invalidInput(org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'x'.repeat(129) })), 'MAX_LENGTH_EXCEEDED', 'You provided a string parameter that is longer than allowed.');
  });

  it('pages with MaxResults and NextToken to the end', async () => {
    for (let i = 0; i < 5; i++) await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: `page-${i}` }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId, MaxResults: 2, NextToken: token }));
      assert.ok((page.OrganizationalUnits ?? []).length <= 2);
      seen.push(...(page.OrganizationalUnits ?? []).map((o) => o.Name!));
      token = page.NextToken;
    } while (token !== undefined);
    assert.deepEqual(seen, ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  });

  it('refuses hostile policy documents with MalformedPolicyDocumentException, never a 5xx', async () => {
    const documents: readonly string[] = [
      '',
      ' ',
      'null',
      '[]',
      '"a string"',
      '{"Version":"2012-10-17","Statement":[]}',
      '{"Version":"2012-10-17","Statement":null}',
      '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"},"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}',
      '{"__proto__":{"Effect":"Deny"},"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","__proto__":{}}]}',
      `{"Version":"2012-10-17","Statement":[${'['.repeat(2000)}${']'.repeat(2000)}]}`,
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*\u0000","Resource":"*"}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:x":{"nested":true}}}}]}',
      '{"Version":"1999-01-01","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}',
    ];
    for (const content of documents) {
      const send = org.send(new CreatePolicyCommand({ Name: 'hostile', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: content }));
      let caught: unknown;
      try {
        await send;
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof Error, `accepted ${JSON.stringify(content).slice(0, 80)}`);
      const status = (caught as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      assert.ok(status >= 400 && status < 500, `status ${status} for ${JSON.stringify(content).slice(0, 80)}`);
      assert.match(caught.name, /^(MalformedPolicyDocumentException|InvalidInputException)$/, `${caught.name} for ${JSON.stringify(content).slice(0, 80)}`);
    }
  });

  async function raw(operation: string, body: string): Promise<RawResponse> {
    const signed = await signedRawPost(gh.url, body, {
      credentials: gh.root,
      service: 'organizations',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${operation}` },
    });
    return rawRequest(gh.url, signed);
  }

  function typeOf(res: RawResponse): string {
    assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx, got ${res.status}: ${res.body.slice(0, 300)}`);
    return String((JSON.parse(res.body) as { __type?: string }).__type);
  }

  it('answers raw bodies that are not JSON, or of the wrong types, with AWS\'s 4xx', async () => {
    assert.equal(typeOf(await raw('DescribeAccount', '{')), 'SerializationException');
    assert.equal(typeOf(await raw('DescribeAccount', '{"AccountId": 123456789012}')), 'SerializationException');
    assert.equal(typeOf(await raw('DescribeAccount', '[]')), 'SerializationException');
    assert.equal(typeOf(await raw('ListAccounts', '{"MaxResults": "5"}')), 'SerializationException');
    assert.equal(typeOf(await raw('ListAccounts', '{"MaxResults": 1.5}')), 'SerializationException');
    assert.equal(typeOf(await raw('CreatePolicy', '{"Name":"n","Description":"","Type":"SERVICE_CONTROL_POLICY","Content":{"Version":"2012-10-17"}}')), 'SerializationException');
    assert.equal(typeOf(await raw('DescribeAccount', '{}')), 'InvalidInputException');
    assert.equal(typeOf(await raw('NoSuchOperation', '{}')), 'UnknownOperationException');
    const deep = await raw('DescribeAccount', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
    assert.ok(deep.status >= 400 && deep.status < 500, `status ${deep.status}`);
    const bigContent = JSON.stringify({ Name: 'big', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: 'x'.repeat(2 * 1024 * 1024) });
    assert.match(typeOf(await raw('CreatePolicy', bigContent)), /^(MalformedPolicyDocumentException|ConstraintViolationException)$/);
  });

  it('is still up and has lost nothing', async () => {
    assert.equal((await org.send(new DescribeOrganizationCommand({}))).Organization?.MasterAccountId, '123456789012');
    assert.equal(((await org.send(new ListRootsCommand({}))).Roots ?? [])[0]?.Id, rootId);
  });
});
