/**
 * Bytes on a bare TCP connection, for the framing suites: exactly what is given is sent (no client
 * normalization), and everything the server sends back is collected until it closes.
 */
import { connect } from 'node:net';

export interface Exchange {
  /** What came back, as Latin-1 (one character per byte). */
  readonly text: string;
  /** The server closed the connection (rather than the wait running out). */
  readonly closedByServer: boolean;
}

/**
 * Sends `pieces` one after another (pausing `gapMs` between them) and collects the answer until the
 * server closes or `untilMs` passes.
 */
export function exchange(port: number, pieces: readonly (string | Buffer)[], untilMs = 1500, gapMs = 30): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer });
    };
    const timer = setTimeout(() => finish(false), untilMs);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (text += d));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    void (async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      }
    })();
  });
}

/** Sends `text` and shuts the sending side at once; collects the answer until the server closes. */
export function halfClose(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (got += d));
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

/** The status codes of every response in `text`, in order (interim 1xx included). */
export function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}
