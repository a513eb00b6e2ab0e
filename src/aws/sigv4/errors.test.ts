/** The table's messages reproduce AWS's recorded replies, character for character. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIGV4_ERROR_STATUS, SIGV4_REASONS, sigv4Error } from './errors.js';

describe('sigv4Error', () => {
  it('carries the code and HTTP status of its reason', () => {
    for (const reason of Object.keys(SIGV4_REASONS) as Array<keyof typeof SIGV4_REASONS>) {
      const { code } = SIGV4_REASONS[reason];
      assert.ok(SIGV4_ERROR_STATUS[code] === 400 || SIGV4_ERROR_STATUS[code] === 403, reason);
    }
    const error = sigv4Error('unknown-access-key', {}, { accessKeyId: 'AKIAEXAMPLE' });
    assert.deepEqual(error, {
      ok: false,
      reason: 'unknown-access-key',
      code: 'InvalidClientTokenId',
      httpStatus: 403,
      message: 'The security token included in the request is invalid',
      accessKeyId: 'AKIAEXAMPLE',
    });
  });

  it('writes the missing Authorization parameters as SES did (brendanhay/amazonka#316)', () => {
    const error = sigv4Error('header-parameters-missing', {
      missing: ['Signature', 'SignedHeaders'],
      dateMissing: false,
      header: 'AWS4-HMAC-SHA256 Credential=ABCDEF',
    });
    assert.equal(error.code, 'IncompleteSignature');
    assert.equal(error.httpStatus, 400);
    assert.equal(
      error.message,
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF",
    );
  });

  it('writes a piece without an equal sign as CloudFormation did (aws/aws-sdk-go#289)', () => {
    const header =
      'AWS4-HMAC-SHA256 Credential=AKIAXXXXXXXXXX /20150620/us-east-1/cloudformation/aws4_request, SignedHeaders=host;x-amz-date, Signature=240c93ba3610c73bde4e52dd5a93dd61a80b3ba2871208d7365c9cc7032d5c6f';
    assert.equal(
      sigv4Error('header-pair-malformed', { piece: '/20150620/us-east-1/cloudformation/aws4_request', header }).message,
      `'/20150620/us-east-1/cloudformation/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
    );
  });

  it('writes an expired signature as STS did (aws/aws-cli#6676)', () => {
    const error = sigv4Error('signature-expired', {
      requestTime: '20220127T001427Z',
      earliest: '20220127T014428Z',
      now: '20220127T015928Z',
      skewMinutes: 15,
    });
    assert.equal(error.code, 'SignatureDoesNotMatch');
    assert.equal(error.httpStatus, 403);
    assert.equal(error.message, 'Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)');
  });

  it('writes every scope problem in one message, in the recorded order', () => {
    const message = sigv4Error('credential-scope-mismatch', {
      problems: [
        { element: 'region', actual: 'c' },
        { element: 'service', expected: 'dynamodb' },
        { element: 'terminator', actual: 'e' },
        { element: 'date', actual: 'b', expected: '20130609', amzDate: '20130609T095204Z' },
      ],
    }).message;
    assert.equal(
      message,
      "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'dynamodb'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20130609', from '20130609T095204Z'. ",
    );
  });

  it('writes the query-string parameters AWS requires, then asks to re-examine them', () => {
    assert.equal(
      sigv4Error('query-parameters-missing', { missing: ['X-Amz-Signature', 'X-Amz-Date'] }).message,
      "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
  });
});
