import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MAX_UNSERVED, UNSERVED_REASONS, cliCommandName, iamCoverage, renderIamCoverage } from './coverage.js';

/** docs/iam-coverage.md, found from dist/src/services/iam/ or src/services/iam/. */
function committedTable(): string {
  for (const rel of ['../../../../docs/iam-coverage.md', '../../../docs/iam-coverage.md']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new Error('docs/iam-coverage.md is missing: run npm run coverage:iam');
}

describe('IAM coverage table', () => {
  it('covers the model: every served operation is in it, at most 10 are unserved and each has a reason', () => {
    const c = iamCoverage();
    assert.equal(c.operations.length, 176);
    assert.deepEqual(c.unknown, []);
    assert.equal(c.served.length + c.unserved.length, c.operations.length);
    assert.ok(c.unserved.length <= MAX_UNSERVED, `${c.unserved.length} unserved: ${c.unserved.join(', ')}`);
    assert.deepEqual(Object.keys(UNSERVED_REASONS).sort(), [...c.unserved].sort(), 'reasons must name exactly the unserved operations');
    for (const op of c.unserved) assert.ok((UNSERVED_REASONS[op] ?? '').length > 40, `${op} needs a real reason`);
  });

  it('is committed as generated: docs/iam-coverage.md matches the model and the served table (npm run coverage:iam)', () => {
    assert.equal(committedTable(), renderIamCoverage(), 'docs/iam-coverage.md is out of date: run npm run coverage:iam and commit it');
  });

  it('names each operation by the AWS CLI command botocore derives from it', () => {
    assert.equal(cliCommandName('GetMFADevice'), 'get-mfa-device');
    assert.equal(cliCommandName('ListSSHPublicKeys'), 'list-ssh-public-keys');
    assert.equal(cliCommandName('CreateOpenIDConnectProvider'), 'create-open-id-connect-provider');
    assert.equal(cliCommandName('ListSAMLProviderTags'), 'list-saml-provider-tags');
    assert.equal(cliCommandName('GetAccountAuthorizationDetails'), 'get-account-authorization-details');
    assert.equal(cliCommandName('EnableMFADevice'), 'enable-mfa-device');
  });
});
