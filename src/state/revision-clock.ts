/** The last known revision of a store and the listeners waiting for it to advance. */
import type { Revision } from './store.js';

export class RevisionClock {
  private readonly listeners = new Set<(revision: Revision) => void>();

  constructor(private current: Revision) {}

  get revision(): Revision {
    return this.current;
  }

  /** Moves forward (never back) and tells the listeners. */
  advance(revision: Revision): void {
    if (revision <= this.current) return;
    this.current = revision;
    for (const listener of [...this.listeners]) listener(revision);
  }

  subscribe(listener: (revision: Revision) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
