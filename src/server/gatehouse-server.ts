/**
 * `gatehouse serve`: one HTTP port for every service Gatehouse has, over one store.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openStore, withReadCache } from '../state/index.js';
import type { Store } from '../state/store.js';
import { operationTable } from '../services/operation.js';
import { iamOperations } from '../services/iam/index.js';
import { awsManagedPolicy } from '../services/iam/aws-managed-policies.js';
import { lookupEventsOperation } from '../services/cloudtrail/lookup-events.js';
import { AwsEndpoint } from './aws-endpoint.js';
import { ResponseBatch } from './response-batch.js';
import { newRequestId } from '../aws/request-id.js';
import { AuditWriter } from './audit-writer.js';
import { KeyUseRecorder } from './key-use-recorder.js';
import { PrincipalDirectory } from './principal-directory.js';
import { serviceRegistry } from './service-registry.js';
import { bootstrap } from './bootstrap.js';
import { clientAddress } from './global-condition-keys.js';
import { credentialsPath, type StaticCredentials } from './credentials-file.js';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** `postgres://…` for PostgreSQL; undefined for the embedded SQLite store in the data directory. */
  readonly storeUrl: string | undefined;
  readonly accountId: string;
  readonly region: string;
  readonly propagationDelayMs: number;
  readonly rootCredentials: StaticCredentials | undefined;
  readonly clock?: () => Date;
}

export const DEFAULT_PORT = 4599;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
/** Bodies above this size are refused before they are read whole. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface RunningGatehouse {
  readonly url: string;
  readonly port: number;
  readonly store: Store;
  readonly credentialsFile: string;
  readonly rootAccessKeyIdCreated: string | undefined;
  close(): Promise<void>;
}

export async function startGatehouse(o: ServeOptions): Promise<RunningGatehouse> {
  const dataDir = resolve(o.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const clock = o.clock ?? (() => new Date());
  const store = withReadCache(await openStore(o.storeUrl, dataDir));
  const boot = await bootstrap(store, { accountId: o.accountId, region: o.region, dataDir, rootCredentials: o.rootCredentials, now: clock() });
  const directory = new PrincipalDirectory(store, { propagationDelayMs: o.propagationDelayMs, awsManagedPolicy: (arn) => awsManagedPolicy(arn)?.Document });
  const audit = new AuditWriter(store);
  const keyUse = new KeyUseRecorder(store);
  const services = serviceRegistry({
    iam: { operations: iamOperations, signingRegion: 'us-east-1' },
    cloudtrail: { operations: operationTable([lookupEventsOperation(() => audit.flush())]), signingRegion: undefined },
  });
  const endpoint = new AwsEndpoint({ store, directory, audit, keyUse, services, clock });

  const responses = new ResponseBatch();
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    void serve(req, res, endpoint, store, responses).catch((err: unknown) => {
      process.emitWarning(`request failed: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port, o.host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  return {
    url,
    port,
    store,
    credentialsFile: credentialsPath(dataDir),
    rootAccessKeyIdCreated: boot.rootAccessKeyId,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      directory.close();
      await audit.flush();
      await keyUse.flush();
      await store.close();
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, endpoint: AwsEndpoint, store: Store, responses: ResponseBatch): Promise<void> {
  const url = req.url ?? '/';
  if (url === '/_gatehouse/health' || url.startsWith('/_gatehouse/health?')) {
    const body = JSON.stringify({ status: 'ok', store: store.backend, revision: store.revision() });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'x-amzn-RequestId': newRequestId() });
    res.end(body);
    return;
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    tooLarge(res);
    req.resume();
    return;
  }
  const body = await readBody(req);
  if (body === undefined) {
    tooLarge(res);
    return;
  }
  const response = await endpoint.handle({
    method: req.method ?? 'GET',
    url,
    headers: req.headers,
    headersDistinct: req.headersDistinct,
    body,
    remoteAddress: clientAddress(req.socket.remoteAddress),
    secure: false,
  });
  responses.send(res, response);
}

/** The request body; undefined when it grows past the limit (the rest is discarded). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answer now; what else arrives is read and dropped until the connection closes.
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(over ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** Refuses a body over the limit. AWS's exact answer for oversized Query requests is not known; 413 with an AWS-style error. */
function tooLarge(res: ServerResponse): void {
  if (res.headersSent) return;
  const requestId = newRequestId();
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>RequestEntityTooLarge</Code><Message>Request body too large</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`;
  res.writeHead(413, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body), Connection: 'close', 'x-amzn-RequestId': requestId });
  res.end(body);
}
