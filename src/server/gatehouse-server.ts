/**
 * `gatehouse serve`: one HTTP port for every service Gatehouse has, over one store.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openStore, withReadCache } from '../state/index.js';
import type { Store } from '../state/store.js';
import { operationTable } from '../services/operation.js';
import { iamOperations } from '../services/iam/index.js';
import { awsManagedPolicy, awsManagedPolicies } from '../services/iam/aws-managed-policies.js';
import { lookupEventsOperation } from '../services/cloudtrail/lookup-events.js';
import { AwsEndpoint } from './aws-endpoint.js';
import { Http1Server, type HttpRequest } from './http1/http1-server.js';
import type { EncodedResponse } from '../aws/encoded-response.js';
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
/** How long after start-up the AWS managed policies' index is read. */
const AWS_MANAGED_POLICY_WARM_UP_MS = 250;
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
  const directory = new PrincipalDirectory(store, { propagationDelayMs: o.propagationDelayMs, awsManagedPolicy: (arn) => (awsManagedPolicy(arn) === undefined ? undefined : awsManagedPolicies().defaultVersion(arn)?.Document) });
  const audit = new AuditWriter(store);
  const keyUse = new KeyUseRecorder(store);
  const services = serviceRegistry({
    iam: { operations: iamOperations, signingRegion: 'us-east-1' },
    cloudtrail: { operations: operationTable([lookupEventsOperation(() => audit.flush())]), signingRegion: undefined },
  });
  const endpoint = new AwsEndpoint({ store, directory, audit, keyUse, services, clock });

  const server = new Http1Server((req) => serve(req, endpoint, store), {
    maxBodyBytes: MAX_BODY_BYTES,
    headersTimeoutMs: 30_000,
    requestTimeoutMs: 120_000,
    keepAliveTimeoutMs: 65_000,
    failureResponse: (failure) => (failure.status === 413 ? tooLarge() : undefined),
  });
  const port = await server.listen(o.port, o.host);
  // The AWS managed policies' index is read shortly after start-up rather than during it (start-up
  // reads nothing) or on the first request that needs it (which would wait for it): documents are
  // still inflated one by one when first asked for.
  const warmUp = setTimeout(() => awsManagedPolicies(), AWS_MANAGED_POLICY_WARM_UP_MS);
  warmUp.unref();
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  return {
    url,
    port,
    store,
    credentialsFile: credentialsPath(dataDir),
    rootAccessKeyIdCreated: boot.rootAccessKeyId,
    async close() {
      clearTimeout(warmUp);
      await server.close();
      directory.close();
      await audit.flush();
      await keyUse.flush();
      await store.close();
    },
  };
}

async function serve(req: HttpRequest, endpoint: AwsEndpoint, store: Store): Promise<EncodedResponse> {
  const url = req.url;
  if (url === '/_gatehouse/health' || url.startsWith('/_gatehouse/health?')) {
    const body = JSON.stringify({ status: 'ok', store: store.backend, revision: store.revision() });
    return { status: 200, headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': newRequestId() }, body };
  }
  return endpoint.handle({
    method: req.method,
    url,
    headers: req.headers,
    headersDistinct: req.headersDistinct,
    body: req.body,
    remoteAddress: clientAddress(req.remoteAddress),
    secure: false,
  });
}

/**
 * Bodies over the limit: refused before they are read whole, with 413 in the Query protocol's error
 * shape. AWS's exact answer for an oversized Query request is not known.
 */
function tooLarge(): EncodedResponse {
  const requestId = newRequestId();
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>RequestEntityTooLarge</Code><Message>Request body too large</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`;
  return { status: 413, headers: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId }, body };
}
