/**
 * A plain TCP tunnel to a host that is not AWS's, for `--proxy-other-hosts pass`: bytes are
 * copied both ways unread. The connection to the host must open within `connectTimeoutMs`
 * (else 504), a host that cannot be reached is answered 502 with the reason, and a tunnel that
 * carries nothing either way for `idleTimeoutMs` is closed.
 */
import { connect, type Socket } from 'node:net';
import { answerAndClose } from './proxy-answer.js';
import type { ProxyTarget } from './proxy-target.js';

export interface TunnelLimits {
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
}

export function openPassThroughTunnel(client: Socket, head: Buffer, target: ProxyTarget, limits: TunnelLimits): void {
  const where = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  const upstream = connect({ host: target.host, port: target.port });
  let open = false;
  const connectTimer = setTimeout(() => {
    upstream.destroy();
    answerAndClose(client, 504, `Gatehouse could not reach ${where} within ${limits.connectTimeoutMs} ms.`);
  }, limits.connectTimeoutMs);
  client.once('close', () => {
    clearTimeout(connectTimer);
    upstream.destroy();
  });
  client.on('error', () => upstream.destroy());
  upstream.on('error', (err: NodeJS.ErrnoException) => {
    clearTimeout(connectTimer);
    if (open) client.destroy();
    else answerAndClose(client, 502, `Gatehouse could not reach ${where}: ${err.code ?? err.message}.`);
  });
  // An orderly end is carried by the pipe (each side ends the other once its data is written).
  upstream.once('close', (hadError: boolean) => {
    if (open && hadError) client.destroy();
  });
  upstream.once('connect', () => {
    clearTimeout(connectTimer);
    if (client.destroyed) {
      upstream.destroy();
      return;
    }
    open = true;
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    for (const side of [client, upstream]) side.setTimeout(limits.idleTimeoutMs, () => side.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
}
