/**
 * One port for plain HTTP and HTTPS: the first byte of a connection says which it is (0x16 opens a
 * TLS handshake record; an HTTP request starts with a letter). TLS connections are terminated here
 * with a certificate for the name the client asked for (SNI), or for the listening address when it
 * sent none (clients connecting to an IP address), and are then served like any other.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';

/** The TLS context for a server name (undefined: the client sent none). */
export type TlsContextFor = (servername: string | undefined) => Promise<SecureContext>;

const TLS_HANDSHAKE = 0x16;

export function sniffConnection(socket: Socket, contextFor: TlsContextFor, handshakeTimeoutMs: number, serve: (s: Socket) => void): void {
  socket.on('error', () => socket.destroy());
  socket.once('data', (first: Buffer) => {
    socket.pause();
    socket.unshift(first);
    if (first[0] !== TLS_HANDSHAKE) {
      serve(socket);
      socket.resume();
      return;
    }
    void contextFor(undefined).then(
      (fallback) => {
        if (socket.destroyed) return;
        const tls = new TLSSocket(socket, {
          isServer: true,
          secureContext: fallback,
          ALPNProtocols: ['http/1.1'],
          SNICallback: (name, cb) => {
            contextFor(name).then(
              (ctx) => cb(null, ctx),
              (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
            );
          },
        });
        const timer = setTimeout(() => tls.destroy(), handshakeTimeoutMs);
        const onError = (): void => {
          clearTimeout(timer);
          tls.destroy();
        };
        tls.on('error', onError);
        tls.once('close', () => {
          clearTimeout(timer);
          socket.destroy();
        });
        tls.once('secure', () => {
          clearTimeout(timer);
          tls.off('error', onError);
          serve(tls);
        });
      },
      () => socket.destroy(),
    );
  });
}
