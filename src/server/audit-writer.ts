/**
 * Appends audit events in batches: requests never wait for the trail, and one store transaction
 * carries every event of a short interval. `flush()` writes what is pending (on shutdown, and
 * before answering a trail query so the caller sees its own requests).
 */
import type { Store } from '../state/store.js';
import type { AuditEventRecord } from '../state/records.js';

export class AuditWriter {
  readonly #store: Store;
  readonly #intervalMs: number;
  #pending: AuditEventRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(store: Store, intervalMs = 50) {
    this.#store = store;
    this.#intervalMs = intervalMs;
  }

  append(event: AuditEventRecord): void {
    this.#pending.push(event);
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), this.#intervalMs);
      this.#timer.unref();
    }
    if (this.#pending.length >= 500) void this.flush();
  }

  /** Writes every pending event; resolves when they are durable. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length > 0) {
      this.#writing = this.#writing.then(() =>
        this.#store.appendAuditEvents(batch).catch((err: unknown) => {
          process.emitWarning(`audit trail: ${batch.length} events not written: ${String(err)}`);
        }),
      );
    }
    return this.#writing;
  }
}
