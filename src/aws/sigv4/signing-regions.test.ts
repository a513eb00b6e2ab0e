import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedSigningRegion } from './signing-regions.js';

describe('expectedSigningRegion', () => {
  it('requires us-east-1 for the global services and any region for the others', () => {
    assert.equal(expectedSigningRegion('iam'), 'us-east-1');
    assert.equal(expectedSigningRegion('organizations'), 'us-east-1');
    assert.equal(expectedSigningRegion('sts'), undefined);
    assert.equal(expectedSigningRegion('eks'), undefined);
    assert.equal(expectedSigningRegion('toString'), undefined);
  });
});
