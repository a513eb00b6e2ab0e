/**
 * What the EKS operations need from the server besides the store: the certificate authority whose
 * PEM is every cluster's `certificateAuthority.data`, and the URL a cluster's API is reached at
 * (on Gatehouse's own port, for the host the request was sent to).
 */
import type { WireRecord } from '../../aws/wire-value.js';
import type { EksClusterRecord } from '../../state/eks-records.js';
import type { OperationContext } from '../operation.js';
import { eksErrors } from './eks-errors.js';
import { InvalidMarkerError } from '../../state/store-errors.js';

export interface EksDeps {
  /** The PEM of Gatehouse's certificate authority. */
  caPem(): Promise<string>;
}

/** The path under which a cluster's Kubernetes API is served on Gatehouse's port. */
export const CLUSTER_API_PATH = '/_gatehouse/eks/clusters/';

/**
 * A cluster's endpoint. For a request sent under an AWS host name (through the HTTPS proxy) it is
 * AWS's own form, `https://<id>.gr7.<region>.eks.amazonaws.com`, which the proxy serves too; for a
 * request sent to Gatehouse's address it is that address over HTTPS (Gatehouse's port also answers
 * TLS), with the cluster's path.
 */
export function clusterEndpoint(cluster: EksClusterRecord, requestHost: string | undefined): string {
  const host = (requestHost ?? '127.0.0.1').toLowerCase();
  if (/(^|\.)amazonaws\.com(:443)?$/.test(host)) return `https://${cluster.issuerId}.gr7.${cluster.region}.eks.amazonaws.com`;
  return `https://${host}${CLUSTER_API_PATH}${cluster.issuerId}`;
}

/** The cluster `name` in the account and region of the request, compared case-sensitively. */
export async function findCluster(ctx: OperationContext, name: string): Promise<EksClusterRecord | undefined> {
  const found = await ctx.store.read.eksClusters.getByName(ctx.accountId, name, ctx.region);
  return found?.name === name ? found : undefined;
}

export async function requireCluster(ctx: OperationContext, name: string): Promise<EksClusterRecord> {
  const found = await findCluster(ctx, name);
  if (found === undefined) throw eksErrors.noCluster(name);
  return found;
}

export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function recordOf(value: unknown): WireRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireRecord) : {};
}

/** Tags as condition keys: `aws:RequestTag/<k>` and `aws:TagKeys`. */
export function requestTagKeys(tags: Readonly<Record<string, string>>): Record<string, string | readonly string[]> {
  const keys: Record<string, string | readonly string[]> = {};
  const names = Object.keys(tags);
  if (names.length === 0) return keys;
  for (const k of names) keys[`aws:RequestTag/${k}`] = tags[k]!;
  keys['aws:TagKeys'] = names;
  return keys;
}

export function resourceTagKeys(tags: Readonly<Record<string, string>>): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) keys[`aws:ResourceTag/${k}`] = v;
  return keys;
}

/** A page read with a client's nextToken: one Gatehouse did not give out is EKS's InvalidParameterException, not a failure. */
export async function pageWithToken<T>(read: () => Promise<T>, clusterName?: string): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidMarkerError) throw eksErrors.invalidNextToken(clusterName);
    throw err;
  }
}
