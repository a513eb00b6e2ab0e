/**
 * The memory attack on the endpoint, shared by its test and the benchmark: several chunked bodies
 * of one-byte chunks (16M chunks each: about 96 MB on the wire, 16 MB decoded, under the body
 * limit) and thousands of slow connections dribbling their heads, all at once, while a client keeps
 * making signed calls. The server runs in its own process, whose resident memory is read from
 * `/proc` throughout.
 */
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';

export interface FloodOptions {
  readonly floods?: number;
  readonly chunksPerFlood?: number;
  readonly slowConnections?: number;
  /** How long the slow connections hold on, and at least how long signed calls go on. */
  readonly durationMs?: number;
}

export interface FloodResult {
  /** The server's peak resident memory (VmHWM), in MiB. */
  readonly peakRssMiB: number;
  readonly signedCalls: number;
  /** Signed calls that failed or were not answered 200 (each message, first few). */
  readonly signedFailures: readonly string[];
  /** The status each flood was answered with (0: none before the connection closed). */
  readonly floodStatuses: readonly number[];
  /** Slow connections that were open at once. */
  readonly slowConnectionsOpened: number;
  readonly durationMs: number;
}

/** A process's resident memory figures from /proc, in KiB. */
function memoryKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m === null ? 0 : Number(m[1]);
}

function flood(port: number, chunks: number): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const piece = Buffer.from('1\r\na\r\n'.repeat(10_000));
    let sent = 0;
    let status = 0;
    let head = '';
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (m !== null && status === 0) status = Number(m[1]);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(status));
    const pump = (): void => {
      while (sent < chunks && !socket.destroyed) {
        sent += 10_000;
        if (!socket.write(piece)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!socket.destroyed) socket.end('0\r\n\r\n');
    };
    socket.once('connect', () => {
      socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n');
      pump();
    });
  });
}

async function openSlow(port: number, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  // In batches, so that the listen queue is not overrun.
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from({ length: Math.min(200, count - i) }, () =>
      new Promise<Socket | undefined>((ok) => {
        const s = connect(port, '127.0.0.1', () => {
          s.write('GET /_gatehouse/health HTTP/1.1\r\nHost: x\r\n');
          ok(s);
        });
        s.on('error', () => ok(undefined));
      }),
    );
    for (const s of await Promise.all(batch)) if (s !== undefined) sockets.push(s);
  }
  return sockets;
}

export async function floodAttack(url: string, serverPid: number, signedCall: () => Promise<void>, o: FloodOptions = {}): Promise<FloodResult> {
  const port = Number(new URL(url).port);
  const started = Date.now();
  const durationMs = o.durationMs ?? 6000;
  let peakKiB = memoryKiB(serverPid, 'VmRSS');
  const sampler = setInterval(() => {
    try {
      peakKiB = Math.max(peakKiB, memoryKiB(serverPid, 'VmRSS'));
    } catch {
      // the process is gone: the caller finds out from its calls
    }
  }, 25);

  const floods = Promise.all(Array.from({ length: o.floods ?? 3 }, () => flood(port, o.chunksPerFlood ?? 16_000_000)));
  const slow = await openSlow(port, o.slowConnections ?? 2000);
  const drip = setInterval(() => {
    for (const s of slow) if (!s.destroyed) s.write('X-Slow: 1\r\n');
  }, 1000);

  let signedCalls = 0;
  const signedFailures: string[] = [];
  let floodsDone = false;
  void floods.then(() => (floodsDone = true));
  while (!floodsDone || Date.now() - started < durationMs) {
    signedCalls++;
    try {
      await signedCall();
    } catch (err) {
      if (signedFailures.length < 5) signedFailures.push(err instanceof Error ? err.message : String(err));
      else signedFailures.push('…');
    }
  }
  clearInterval(drip);
  const slowConnectionsOpened = slow.length;
  for (const s of slow) s.destroy();
  const floodStatuses = await floods;
  clearInterval(sampler);
  peakKiB = Math.max(peakKiB, memoryKiB(serverPid, 'VmHWM'));
  return { peakRssMiB: Math.round((peakKiB / 1024) * 10) / 10, signedCalls, signedFailures, floodStatuses, slowConnectionsOpened, durationMs: Date.now() - started };
}

/**
 * `count` chunked bodies just under the 16 MiB limit, all at once, each a form of about a million
 * tiny parameters (the costliest kind of body to parse). Resolves with each answer's status.
 */
export async function largeBodies(url: string, count: number): Promise<number[]> {
  const port = Number(new URL(url).port);
  const chunk = `4000\r\n${'Action=GetUser&'.repeat(1092)}Acti\r\n`;
  const one = (): Promise<number> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n');
        let sent = 0;
        const pump = (): void => {
          while (sent < 1000 && !socket.destroyed) {
            sent++;
            if (!socket.write(chunk)) {
              socket.once('drain', pump);
              return;
            }
          }
          if (!socket.destroyed) socket.end('0\r\n\r\n');
        };
        pump();
      });
      let head = '';
      socket.on('data', (d: Buffer) => (head += d.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
    });
  return Promise.all(Array.from({ length: count }, one));
}

/** The server's peak resident memory so far (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  return Math.round((memoryKiB(pid, 'VmHWM') / 1024) * 10) / 10;
}
