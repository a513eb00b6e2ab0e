import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isoSeconds } from './iso-seconds.js';

void describe('isoSeconds', () => {
  void it('writes UTC to the second, dropping milliseconds, from a Date or epoch milliseconds', () => {
    assert.equal(isoSeconds(new Date('2024-05-01T12:00:00.999Z')), '2024-05-01T12:00:00Z');
    assert.equal(isoSeconds(Date.parse('2024-05-01T12:00:01Z')), '2024-05-01T12:00:01Z');
    assert.equal(isoSeconds(new Date('2024-05-01T12:00:01.000Z')), '2024-05-01T12:00:01Z', 'the same second again');
    assert.equal(isoSeconds(0), '1970-01-01T00:00:00Z');
  });
});
