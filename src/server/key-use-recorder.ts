/**
 * Records when each access key was last used (for GetAccessKeyLastUsed): remembered per request in
 * memory and written in one transaction per interval, so requests never wait for it. IAM reports
 * the time, service and region of the last use.
 */
import type { Store } from '../state/store.js';
import { isoSeconds } from '../aws/iso-seconds.js';

interface Use {
  readonly when: Date;
  readonly service: string;
  readonly region: string;
}

export class KeyUseRecorder {
  readonly #store: Store;
  readonly #intervalMs: number;
  #pending = new Map<string, Use>();
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(store: Store, intervalMs = 1000) {
    this.#store = store;
    this.#intervalMs = intervalMs;
  }

  record(accessKeyId: string, when: Date, service: string, region: string): void {
    this.#pending.set(accessKeyId, { when, service, region });
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), this.#intervalMs);
      this.#timer.unref();
    }
  }

  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#pending;
    if (batch.size === 0) return this.#writing;
    this.#pending = new Map();
    this.#writing = this.#writing.then(() =>
      this.#store
        .transaction(async (tx) => {
          for (const [id, use] of batch) {
            const date = isoSeconds(use.when);
            const key = await tx.accessKeys.getById(id);
            if (key === undefined || (key.LastUsed !== undefined && key.LastUsed.LastUsedDate >= date && key.LastUsed.ServiceName === use.service)) continue;
            await tx.accessKeys.put({ ...key, LastUsed: { LastUsedDate: date, ServiceName: use.service, Region: use.region } });
          }
        }, { durable: false })
        .catch((err: unknown) => process.emitWarning(`access key last-used not recorded: ${String(err)}`)),
    );
    return this.#writing;
  }
}
