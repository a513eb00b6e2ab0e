/**
 * The proxy's own answers on a connection it will not serve further: a status line, a plain-text
 * reason a person can act on, and the connection closed. These come from the proxy, not from an
 * AWS service, so they are not AWS-shaped; clients show the status ("Tunnel connection failed:
 * 403 Forbidden") and curl and browsers the text.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

export function proxyAnswerText(status: number, text: string): string {
  const body = `${text}\n`;
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Answers and closes the connection once the answer is written; nothing more is read. */
export function answerAndClose(socket: Socket, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.pause();
  socket.end(proxyAnswerText(status, text));
  // A client that does not read its answer is not waited for long.
  socket.setTimeout(5000, () => socket.destroy());
}
