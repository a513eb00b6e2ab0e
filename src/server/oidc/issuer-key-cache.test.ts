import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ttl } from './issuer-key-cache.js';

void describe('how long an issuer\'s key set is kept', () => {
  void it('follows max-age within a minute and a day, an hour without one', () => {
    assert.equal(ttl(undefined), 3_600_000);
    assert.equal(ttl('public, max-age=600'), 600_000);
    assert.equal(ttl('max-age=5'), 60_000);
    assert.equal(ttl('max-age=999999999'), 86_400_000);
    assert.equal(ttl('no-cache'), 60_000);
    assert.equal(ttl('no-store, max-age=0'), 60_000);
    assert.equal(ttl('private'), 3_600_000);
  });
});
