import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AsyncMutex } from './async-mutex.js';

void test('holders never overlap and are served in arrival order', async () => {
  const mutex = new AsyncMutex();
  const log: string[] = [];
  let inside = 0;
  const tasks = [0, 1, 2, 3, 4].map((i) =>
    mutex.run(async () => {
      inside += 1;
      assert.equal(inside, 1);
      log.push(`start ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 5 - i));
      log.push(`end ${i}`);
      inside -= 1;
      return i;
    }),
  );
  assert.deepEqual(await Promise.all(tasks), [0, 1, 2, 3, 4]);
  assert.deepEqual(log, [0, 1, 2, 3, 4].flatMap((i) => [`start ${i}`, `end ${i}`]));
});

void test('a holder that throws releases the mutex', async () => {
  const mutex = new AsyncMutex();
  await assert.rejects(
    mutex.run(() => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(await mutex.run(() => Promise.resolve('next')), 'next');
});
