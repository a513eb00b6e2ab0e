/**
 * One request body, copied as it arrives into a single buffer: sized once from Content-Length, or,
 * for a chunked body, grown geometrically. Never an array of pieces: a body sent as millions of
 * one-byte chunks costs one buffer, not one object per chunk. Every byte of capacity is reserved
 * from the shared `BodyBudget` first.
 */
import type { BodyBudget } from './body-budget.js';

/** Why a body could not be kept. */
export type BodyRefusal = 'tooLarge' | 'busy' | 'fragmented';

const FIRST_CHUNKED_CAPACITY = 4096;

export class BodyBuffer {
  readonly #budget: BodyBudget;
  readonly #maxBytes: number;
  readonly #maxPieces: number;
  #buffer: Buffer;
  #length = 0;
  #pieces = 0;
  /** Capacity reserved from the budget (released by `release`). */
  #reserved = 0;

  private constructor(budget: BodyBudget, maxBytes: number, maxPieces: number, capacity: number) {
    this.#budget = budget;
    this.#maxBytes = maxBytes;
    this.#maxPieces = maxPieces;
    this.#reserved = capacity;
    this.#buffer = capacity === 0 ? EMPTY : Buffer.allocUnsafe(capacity);
  }

  /**
   * A buffer for a body of `contentLength` bytes (undefined: chunked), or the reason it cannot be
   * taken: over the per-request limit, or the shared budget is spent.
   */
  static open(budget: BodyBudget, contentLength: number | undefined, maxBytes: number, maxPieces: number): BodyBuffer | BodyRefusal {
    if (contentLength !== undefined && contentLength > maxBytes) return 'tooLarge';
    const capacity = contentLength ?? Math.min(FIRST_CHUNKED_CAPACITY, maxBytes);
    if (!budget.reserve(capacity)) return 'busy';
    return new BodyBuffer(budget, maxBytes, maxPieces, capacity);
  }

  /** Copies one piece in; a refusal means the request must be refused (the buffer is released). */
  push(piece: Buffer): BodyRefusal | undefined {
    if (++this.#pieces > this.#maxPieces) return this.#fail('fragmented');
    const needed = this.#length + piece.length;
    if (needed > this.#buffer.length) {
      if (needed > this.#maxBytes) return this.#fail('tooLarge');
      const capacity = Math.min(this.#maxBytes, Math.max(needed, this.#buffer.length * 2));
      if (!this.#budget.reserve(capacity - this.#reserved)) return this.#fail('busy');
      const grown = Buffer.allocUnsafe(capacity);
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
      this.#reserved = capacity;
    }
    piece.copy(this.#buffer, this.#length);
    this.#length = needed;
    return undefined;
  }

  /** The body read so far. */
  body(): Buffer {
    return this.#length === this.#buffer.length ? this.#buffer : this.#buffer.subarray(0, this.#length);
  }

  /** Gives the reserved capacity back to the budget; the body must no longer be used after. */
  release(): void {
    this.#budget.release(this.#reserved);
    this.#reserved = 0;
  }

  #fail(reason: BodyRefusal): BodyRefusal {
    this.release();
    this.#buffer = EMPTY;
    this.#length = 0;
    return reason;
  }
}

const EMPTY = Buffer.alloc(0);
