/**
 * Refuses a transaction started inside another on the same store: with one writer at a time, the
 * inner one would wait forever for the outer one.
 *
 * The guard follows the transaction body through its awaits with AsyncLocalStorage, which on this
 * Node.js line installs a hook on every promise the process creates while it is enabled. It is
 * therefore enabled only while a transaction of this store is running: between transactions (all
 * of a read-only load) no promise pays for it, and no context can be inside a transaction then.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionMisuseError } from './store-errors.js';

export class NestingGuard {
  private readonly inside = new AsyncLocalStorage<true>();
  private running = 0;

  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOutside();
    this.running += 1;
    try {
      return await this.inside.run(true, fn);
    } finally {
      this.running -= 1;
      if (this.running === 0) this.inside.disable();
    }
  }

  /** Throws when called from inside a transaction body of this store. */
  assertOutside(): void {
    if (this.running > 0 && this.inside.getStore() === true) {
      throw new TransactionMisuseError('a transaction cannot be started inside another transaction of the same store');
    }
  }
}
