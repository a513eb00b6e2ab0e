/**
 * One HTTP call from a `gatehouse` command to a running Gatehouse. A network failure becomes an
 * error that names the endpoint and says how to start or point at one, instead of fetch's bare
 * "fetch failed".
 */

/** The endpoint could not be reached at all (nothing listening, unknown host, refused TLS…). */
export class EndpointUnreachableError extends Error {
  readonly endpoint: string;

  constructor(endpoint: string, reason: string) {
    super(
      `cannot reach Gatehouse at ${endpoint} (${reason}). Start it with \`gatehouse serve\`, ` +
        'or point this command at a running one with --endpoint URL or the GATEHOUSE_ENDPOINT variable.',
    );
    this.name = 'EndpointUnreachableError';
    this.endpoint = endpoint;
  }
}

/** `fetch`, with network failures reported as `EndpointUnreachableError`. */
export async function callEndpoint(endpoint: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw new EndpointUnreachableError(endpoint, networkReason(err));
  }
}

/** What went wrong on the network, in a few words: the system's error code where there is one. */
function networkReason(err: unknown): string {
  let e: unknown = err;
  let message = err instanceof Error ? err.message : String(err);
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return REASONS[code] ?? code;
    message = e.message;
    e = e.cause;
  }
  return message;
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: nothing is listening there',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
};
