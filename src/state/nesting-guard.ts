/**
 * Refuses a transaction started inside another on the same store: with one writer at a time, the
 * inner one would wait forever for the outer one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionMisuseError } from './store-errors.js';

export class NestingGuard {
  private readonly inside = new AsyncLocalStorage<true>();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOutside();
    return this.inside.run(true, fn);
  }

  /** Throws when called from inside a transaction body of this store. */
  assertOutside(): void {
    if (this.inside.getStore() === true) {
      throw new TransactionMisuseError('a transaction cannot be started inside another transaction of the same store');
    }
  }
}
