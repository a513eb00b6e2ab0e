/**
 * The bytes of request bodies held in memory across every connection, against one limit. A request
 * reserves what its body may need before it is read (its Content-Length, or the buffer a chunked
 * body grows into) and gives it back when its answer is written; a reservation that would pass the
 * limit is refused, and the request with it, so that many large bodies at once cannot grow the
 * process past the limit.
 */
export class BodyBudget {
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Bytes reserved now. */
  get used(): number {
    return this.#used;
  }

  /** Reserves `bytes`; false (and nothing reserved) if that would pass the limit. */
  reserve(bytes: number): boolean {
    if (bytes <= 0) return true;
    if (this.#used + bytes > this.limit) return false;
    this.#used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}
