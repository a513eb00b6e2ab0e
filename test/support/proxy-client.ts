/**
 * A proxy client at the byte level, for the proxy suites: `CONNECT` sent exactly as given, the
 * proxy's answer read, and then (for AWS hosts) Node's own TLS client inside the tunnel, verifying
 * the server's certificate against a given CA.
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export interface ProxyAnswer {
  /** The proxy's status line and fields, up to the blank line. */
  readonly head: string;
  readonly status: number;
  /** The connection, positioned after the answer's head (when the server has not closed it). */
  readonly socket: Socket;
  /** What followed the head in the same read. */
  readonly rest: Buffer;
}

/** Sends `request` (a CONNECT or anything else) and resolves with the proxy's answer head. */
export function sendToProxy(port: number, request: string | Buffer, timeoutMs = 5000): Promise<ProxyAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from the proxy within ${timeoutMs} ms (got ${JSON.stringify(got.toString('latin1'))})`));
    }, timeoutMs);
    const onData = (piece: Buffer): void => {
      got = Buffer.concat([got, piece]);
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.pause();
      const head = got.subarray(0, end).toString('latin1');
      resolve({ head, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), socket, rest: got.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The body of an answer whose head was read (Content-Length bytes), read to the close. */
export function readToClose(answer: ProxyAnswer, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    let text = answer.rest.toString('utf8');
    const timer = setTimeout(() => {
      answer.socket.destroy();
      resolve(text);
    }, timeoutMs);
    answer.socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    answer.socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    answer.socket.resume();
  });
}

export function connectRequest(authority: string): string {
  return `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n\r\n`;
}

/** A TLS connection to `host` through the proxy, its certificate checked against `ca`. */
export async function tlsThroughProxy(port: number, host: string, ca: string): Promise<TLSSocket> {
  const answer = await sendToProxy(port, connectRequest(`${host}:443`));
  if (answer.status !== 200) throw new Error(`CONNECT ${host}:443 answered ${answer.head}`);
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({ socket: answer.socket, servername: host, ca }, () => resolve(tls));
    tls.on('error', reject);
  });
}

/** Sends raw HTTP/1.1 over `tls` and collects everything until the server closes or `untilMs` passes. */
export function exchangeOver(tls: TLSSocket, request: string, untilMs = 5000): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => {
      tls.destroy();
      resolve({ text, closedByServer: false });
    }, untilMs);
    tls.on('data', (d: Buffer) => (text += d.toString('latin1')));
    tls.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closedByServer: true });
    });
    tls.on('error', () => undefined);
    tls.write(request);
  });
}

/** Resolves with how long the server took to close `socket` (or rejects after `timeoutMs`). */
export function closedWithin(socket: Socket, timeoutMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      resolve(0);
      return;
    }
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
    socket.resume();
  });
}
