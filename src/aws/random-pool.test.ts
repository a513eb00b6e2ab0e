import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pooledRandomBytes } from './random-pool.js';

describe('pooledRandomBytes', () => {
  it('hands out each byte once, across blocks, and values that differ', () => {
    const seen = new Set<string>();
    const held: Buffer[] = [];
    for (let i = 0; i < 2000; i++) {
      const b = pooledRandomBytes(12);
      assert.equal(b.length, 12);
      seen.add(b.toString('hex'));
      held.push(b);
    }
    assert.equal(seen.size, 2000, 'no 12-byte value repeats');
    // Buffers handed out earlier keep their bytes after the block is replaced.
    assert.deepEqual(new Set(held.map((b) => b.toString('hex'))), seen);
  });

  it('serves larger requests directly', () => {
    const b = pooledRandomBytes(1000);
    assert.equal(b.length, 1000);
    assert.notDeepEqual(b, Buffer.alloc(1000));
  });
});
