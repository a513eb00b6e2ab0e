/**
 * The EKS pod identity webhook's mutation of a pod, as a pure function: given the pod, its service
 * account and the webhook's settings, the JSONPatch the webhook answers with (and the pod it
 * makes). It behaves as aws/amazon-eks-pod-identity-webhook does:
 *
 * - Pod Identity (the container-credentials variant) takes precedence: when the pod's
 *   (namespace, service account) has a pod identity association, containers get
 *   `AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, the
 *   `eks-pod-identity-token` volume (audience `pods.eks.amazonaws.com`) and the pod the label
 *   `eks.amazonaws.com/pod-identity: enabled`.
 * - Otherwise, a service account annotated `eks.amazonaws.com/role-arn` (IRSA) gives
 *   `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE` and the `aws-iam-token` volume.
 * - Precedence: audience and regional STS come from the service account's annotation, else the
 *   webhook's default; the token expiration from the pod's annotation, else the service account's,
 *   else the default (86400 s); an expiration below 600 s becomes 600 s, and a value that is not a
 *   whole number is ignored. The webhook itself sets no upper bound (its 86400 s maximum constant
 *   is not applied to annotations); the API server caps the tokens it issues.
 * - `AWS_STS_REGIONAL_ENDPOINTS=regional` when regional STS is on; `AWS_DEFAULT_REGION` and
 *   `AWS_REGION` when the webhook has a region; each only when the container does not set it (any
 *   of the two region variables counts for both). A container that already has the credential
 *   variables, a region variable and the STS variable is left as it is (not even the volume mount
 *   is added); one that already mounts a volume of the name gets no second mount.
 * - Containers named in the pod's `eks.amazonaws.com/skip-containers` (one CSV record) are left
 *   alone; init containers are mutated like containers.
 * - On Windows nodes (node selector `kubernetes.io/os` or `beta.kubernetes.io/os` = `windows`)
 *   the token file variable is `C:\var\run\…` while the mount path stays as it is.
 * - The patch adds the volume (as `/spec/volumes` when the pod has none, else at index 0; not at
 *   all when a volume of the name exists) and replaces `/spec/containers` (and
 *   `/spec/initContainers` when there are any). The webhook re-encodes containers through the
 *   typed Kubernetes `Container`, which always carries `resources`: the patch does the same.
 */
import { posix } from 'node:path';
import type { V1Container, V1EnvVar, V1Pod, V1ServiceAccount, V1Volume, V1VolumeMount } from '@kubernetes/client-node';

/**
 * A shallow copy, as `{ ...o }` makes it. The webhook copies parsed pods and containers on every
 * review, and Node 20's engine spreads an object from JSON.parse through its slow runtime path
 * (about 1 µs a container, against about 0.1 µs for Object.assign). A `__proto__` key, which
 * JSON.parse makes an own property, keeps the spread: assignment would set the copy's prototype.
 */
export function shallowCopy<T extends object>(o: T): T {
  return Object.hasOwn(o, '__proto__') ? { ...o } : Object.assign({}, o);
}

export const ANNOTATION_DOMAIN = 'eks.amazonaws.com';
export const ROLE_ARN_ANNOTATION = `${ANNOTATION_DOMAIN}/role-arn`;
export const AUDIENCE_ANNOTATION = `${ANNOTATION_DOMAIN}/audience`;
export const REGIONAL_STS_ANNOTATION = `${ANNOTATION_DOMAIN}/sts-regional-endpoints`;
export const TOKEN_EXPIRATION_ANNOTATION = `${ANNOTATION_DOMAIN}/token-expiration`;
export const SKIP_CONTAINERS_ANNOTATION = `${ANNOTATION_DOMAIN}/skip-containers`;
export const POD_IDENTITY_LABEL = `${ANNOTATION_DOMAIN}/pod-identity`;

export const DEFAULT_TOKEN_EXPIRATION = 86400;
/** The jitter's low end for a default-length Pod Identity token. */
export const DEFAULT_MIN_TOKEN_EXPIRATION = 79200;
export const MIN_TOKEN_EXPIRATION = 600;

export const IRSA_MOUNT_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
export const IRSA_VOLUME_NAME = 'aws-iam-token';
export const IRSA_TOKEN_PATH = 'token';
export const DEFAULT_AUDIENCE = 'sts.amazonaws.com';

/** The Pod Identity (container credentials) settings of the webhook as EKS runs it. */
export interface ContainerCredentialsSettings {
  readonly audience: string;
  readonly mountPath: string;
  readonly volumeName: string;
  readonly tokenPath: string;
  readonly fullUri: string;
}

export const EKS_POD_IDENTITY: ContainerCredentialsSettings = {
  audience: 'pods.eks.amazonaws.com',
  mountPath: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount',
  volumeName: 'eks-pod-identity-token',
  tokenPath: 'eks-pod-identity-token',
  fullUri: 'http://169.254.170.23/v1/credentials',
};

/** The webhook's flags. */
export interface WebhookSettings {
  /** `AWS_DEFAULT_REGION` / `AWS_REGION`; none when empty. */
  readonly region: string;
  /** `--sts-regional-endpoint`: inject `AWS_STS_REGIONAL_ENDPOINTS=regional` unless annotated otherwise. */
  readonly regionalSts: boolean;
  readonly audience: string;
  readonly tokenExpiration: number;
  readonly mountPath: string;
  readonly containerCredentials: ContainerCredentialsSettings;
}

export function webhookSettings(o: Partial<WebhookSettings> = {}): WebhookSettings {
  return {
    region: o.region ?? '',
    regionalSts: o.regionalSts ?? false,
    audience: o.audience ?? DEFAULT_AUDIENCE,
    tokenExpiration: o.tokenExpiration ?? DEFAULT_TOKEN_EXPIRATION,
    mountPath: o.mountPath ?? IRSA_MOUNT_PATH,
    containerCredentials: o.containerCredentials ?? EKS_POD_IDENTITY,
  };
}

export interface PatchOperation {
  readonly op: 'add';
  readonly path: string;
  readonly value: unknown;
}

export interface MutationInput {
  /** The pod; its namespace is the admission request's. */
  readonly pod: V1Pod;
  /** The pod's service account, if the cluster has it. */
  readonly serviceAccount: V1ServiceAccount | undefined;
  /** Whether a pod identity association names the pod's namespace and service account. */
  readonly podIdentity: boolean;
  readonly settings: WebhookSettings;
  /** A whole number in [0, n) — the default-expiration jitter of Pod Identity tokens. */
  readonly randomBelow?: (n: number) => number;
}

/** What the webhook decided for one pod. */
export interface Mutation {
  /** `irsa`, `podIdentity`, or `none` (the service account has no role and no association). */
  readonly kind: 'irsa' | 'podIdentity' | 'none';
  /** The JSONPatch; empty when `kind` is `none`. */
  readonly patch: readonly PatchOperation[];
  /** Whether the patch changes anything (the webhook answers with it either way). */
  readonly changed: boolean;
  /** The pod with the patch applied. */
  readonly pod: V1Pod;
  /** Per container (init containers first, as the webhook walks them): whether it was skipped by annotation. */
  readonly skipped: readonly string[];
  /** The token settings that were used (for `gatehouse pod run`). */
  readonly token?: { readonly audience: string; readonly expirationSeconds: number; readonly mountPath: string; readonly tokenPath: string; readonly volumeName: string };
}

interface PatchConfig {
  readonly containersToSkip: ReadonlySet<string>;
  readonly tokenExpiration: number;
  readonly useRegionalSts: boolean;
  readonly audience: string;
  readonly mountPath: string;
  readonly volumeName: string;
  readonly tokenPath: string;
  readonly roleArn?: string;
  readonly fullUri?: string;
}

/** Go's `strconv.ParseInt(s, 10, 64)`. */
function parseInt64(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return Number(n);
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

function floorExpiration(n: number): number {
  return n < MIN_TOKEN_EXPIRATION ? MIN_TOKEN_EXPIRATION : n;
}

/**
 * The first record of a CSV value, as Go's `encoding/csv` reads it (fields are not trimmed; a
 * quote inside an unquoted field, or a stray character after a closing quote, is an error: then
 * nothing is skipped).
 */
export function firstCsvRecord(value: string): string[] | undefined {
  const text = value.replace(/\r\n/g, '\n');
  if (text === '' || /^\n*$/.test(text)) return undefined;
  const fields: string[] = [];
  let i = 0;
  // Leading empty lines are skipped by the reader.
  while (text[i] === '\n') i++;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined; // extraneous or missing " in quoted-field
        const c = text[i] ?? '';
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\n') return undefined;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n') {
        if (text[i] === '"') return undefined; // bare " in non-quoted field
        field += text[i];
        i++;
      }
    }
    fields.push(field);
    if (i >= text.length || text[i] === '\n') return fields;
    i++; // the comma
  }
}

function containersToSkip(pod: V1Pod): Set<string> {
  const value = pod.metadata?.annotations?.[SKIP_CONTAINERS_ANNOTATION];
  if (value === undefined) return new Set();
  return new Set(firstCsvRecord(value) ?? []);
}

/** The pod's annotations that change the mutation: token expiration and containers to skip. */
function podAnnotations(pod: V1Pod, serviceAccountExpiration: number): { tokenExpiration: number; skip: Set<string> } {
  let tokenExpiration = serviceAccountExpiration;
  const text = pod.metadata?.annotations?.[TOKEN_EXPIRATION_ANNOTATION];
  if (text !== undefined) {
    const n = parseInt64(text);
    if (n !== undefined) tokenExpiration = floorExpiration(n);
  }
  return { tokenExpiration, skip: containersToSkip(pod) };
}

/** The service account's annotations over the webhook's defaults (the webhook's cache entry). */
function serviceAccountEntry(sa: V1ServiceAccount, s: WebhookSettings): { roleArn?: string; audience: string; regionalSts: boolean; tokenExpiration: number } {
  const a = sa.metadata?.annotations ?? {};
  let regionalSts = s.regionalSts;
  const regional = a[REGIONAL_STS_ANNOTATION];
  if (regional !== undefined) regionalSts = parseGoBool(regional) ?? regionalSts;
  let tokenExpiration = s.tokenExpiration;
  const expiration = a[TOKEN_EXPIRATION_ANNOTATION];
  if (expiration !== undefined) {
    const n = parseInt64(expiration);
    if (n !== undefined) tokenExpiration = floorExpiration(n);
  }
  return { roleArn: a[ROLE_ARN_ANNOTATION], audience: a[AUDIENCE_ANNOTATION] ?? s.audience, regionalSts, tokenExpiration };
}

function patchConfig(input: MutationInput): PatchConfig | undefined {
  const { pod, serviceAccount, settings } = input;
  const entry = serviceAccount !== undefined ? serviceAccountEntry(serviceAccount, settings) : undefined;
  if (input.podIdentity) {
    // For Pod Identity only the regional-STS and expiration settings come from the service account.
    const common = entry ?? { regionalSts: false, tokenExpiration: DEFAULT_TOKEN_EXPIRATION };
    const { tokenExpiration, skip } = podAnnotations(pod, common.tokenExpiration);
    const cc = settings.containerCredentials;
    const randomBelow = input.randomBelow ?? ((n: number) => Math.floor(Math.random() * n));
    const jittered =
      tokenExpiration === DEFAULT_TOKEN_EXPIRATION ? randomBelow(DEFAULT_TOKEN_EXPIRATION - DEFAULT_MIN_TOKEN_EXPIRATION + 1) + DEFAULT_MIN_TOKEN_EXPIRATION : tokenExpiration;
    return {
      containersToSkip: skip,
      tokenExpiration: jittered,
      useRegionalSts: common.regionalSts,
      audience: cc.audience,
      mountPath: cc.mountPath,
      volumeName: cc.volumeName,
      tokenPath: cc.tokenPath,
      fullUri: cc.fullUri,
    };
  }
  // An annotation present but empty is no role, as in the webhook's cache.
  if (entry?.roleArn === undefined || entry.roleArn === '') return undefined;
  const { tokenExpiration, skip } = podAnnotations(pod, entry.tokenExpiration);
  return {
    containersToSkip: skip,
    tokenExpiration,
    useRegionalSts: entry.regionalSts,
    audience: entry.audience,
    mountPath: settings.mountPath,
    volumeName: IRSA_VOLUME_NAME,
    tokenPath: IRSA_TOKEN_PATH,
    roleArn: entry.roleArn,
  };
}

/** Go's `filepath.Join` on Linux: joined and cleaned. */
function joinPath(a: string, b: string): string {
  const joined = posix.normalize([a, b].filter((p) => p !== '').join('/'));
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/**
 * The token file's path for a mount path and token path. A webhook answers every pod with the same
 * few pairs (its flags', Pod Identity's, an annotation's), so the cleaned path is kept per pair;
 * past a small bound the memory is dropped at once.
 */
const tokenFiles = new Map<string, string>();
function tokenFilePath(mountPath: string, tokenPath: string): string {
  const key = `${mountPath}\u0000${tokenPath}`;
  let path = tokenFiles.get(key);
  if (path === undefined) {
    path = joinPath(mountPath, tokenPath);
    if (tokenFiles.size >= 64) tokenFiles.clear();
    tokenFiles.set(key, path);
  }
  return path;
}

export function isWindowsPod(pod: V1Pod): boolean {
  const sel = pod.spec?.nodeSelector ?? {};
  return sel['beta.kubernetes.io/os'] === 'windows' || sel['kubernetes.io/os'] === 'windows';
}

const WEB_IDENTITY_KEYS = new Set(['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE']);
const CONTAINER_CREDENTIALS_KEYS = new Set(['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE']);
const REGION_KEYS = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION']);
const STS_KEY = 'AWS_STS_REGIONAL_ENDPOINTS';

/** One container after the webhook: the container and whether it changed. */
function mutateContainer(container: V1Container, tokenFile: string, c: PatchConfig, region: string): { container: V1Container; changed: boolean } {
  const env0 = container.env ?? [];
  let webIdentity = false;
  let containerCredentials = false;
  let regionSet = false;
  let stsSet = false;
  for (const e of env0) {
    if (WEB_IDENTITY_KEYS.has(e.name)) webIdentity = true;
    if (CONTAINER_CREDENTIALS_KEYS.has(e.name)) containerCredentials = true;
    if (REGION_KEYS.has(e.name)) regionSet = true;
    if (e.name === STS_KEY) stsSet = true;
  }
  const credentialsSet = c.fullUri !== undefined ? containerCredentials : webIdentity;
  if (credentialsSet && regionSet && stsSet) return { container, changed: false };

  let changed = false;
  const env: V1EnvVar[] = [...env0];
  if (!stsSet && c.useRegionalSts) {
    env.push({ name: STS_KEY, value: 'regional' });
    changed = true;
  }
  if (!regionSet && region !== '') {
    env.push({ name: 'AWS_DEFAULT_REGION', value: region }, { name: 'AWS_REGION', value: region });
    changed = true;
  }
  if (c.fullUri !== undefined) {
    if (!containerCredentials) {
      env.push({ name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', value: c.fullUri }, { name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', value: tokenFile });
      changed = true;
    }
  } else if (!webIdentity) {
    env.push({ name: 'AWS_ROLE_ARN', value: c.roleArn ?? '' }, { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: tokenFile });
    changed = true;
  }
  let volumeMounts: V1VolumeMount[] | undefined = container.volumeMounts;
  if (!(volumeMounts ?? []).some((m) => m.name === c.volumeName)) {
    volumeMounts = [...(volumeMounts ?? []), { name: c.volumeName, readOnly: true, mountPath: c.mountPath }];
    changed = true;
  }
  // One copy and then assignments: an existing key keeps its place and a new one goes last, as
  // spreading `{ env }` after the container would.
  const out = shallowCopy(container);
  if (env.length > 0) out.env = env;
  if (volumeMounts !== undefined) out.volumeMounts = volumeMounts;
  return { container: out, changed };
}

/**
 * The typed `Container` round trip of the webhook: `resources` is always present. `fresh` says the
 * container is a copy made for this answer, which can take the key itself.
 */
function encoded(container: V1Container, fresh: boolean): V1Container {
  if (container.resources !== undefined) return container;
  const out = fresh ? container : shallowCopy(container);
  out.resources = {};
  return out;
}

/** The webhook's answer for one pod. */
export function mutatePod(input: MutationInput): Mutation {
  const pod = input.pod;
  const c = patchConfig(input);
  if (c === undefined) return { kind: 'none', patch: [], changed: false, pod, skipped: [] };

  let tokenFile = tokenFilePath(c.mountPath, c.tokenPath);
  if (isWindowsPod(pod)) tokenFile = `C:${tokenFile.replace(/\//g, '\\')}`;

  let changed = false;
  const skipped: string[] = [];
  const walk = (list: readonly V1Container[]): V1Container[] =>
    list.map((container) => {
      if (c.containersToSkip.has(container.name)) {
        skipped.push(container.name);
        return encoded(container, false);
      }
      const r = mutateContainer(container, tokenFile, c, input.settings.region);
      if (r.changed) changed = true;
      return encoded(r.container, r.container !== container);
    });
  const initContainers = walk(pod.spec?.initContainers ?? []);
  const containers = walk(pod.spec?.containers ?? []);

  const volume: V1Volume = {
    name: c.volumeName,
    projected: { sources: [{ serviceAccountToken: { audience: c.audience, expirationSeconds: c.tokenExpiration, path: c.tokenPath } }] },
  };

  const patch: PatchOperation[] = [];
  let labels = pod.metadata?.labels;
  if (c.fullUri !== undefined) {
    if (labels === undefined || labels === null) patch.push({ op: 'add', path: '/metadata/labels', value: { [POD_IDENTITY_LABEL]: 'enabled' } });
    else patch.push({ op: 'add', path: `/metadata/labels/${POD_IDENTITY_LABEL.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: 'enabled' });
    labels = { ...(labels ?? {}), [POD_IDENTITY_LABEL]: 'enabled' };
    changed = true;
  }
  const volumes0 = pod.spec?.volumes;
  let volumes = volumes0;
  if (!(volumes0 ?? []).some((v) => v.name === c.volumeName)) {
    if (volumes0 === undefined || volumes0 === null) patch.push({ op: 'add', path: '/spec/volumes', value: [volume] });
    else patch.push({ op: 'add', path: '/spec/volumes/0', value: volume });
    volumes = [volume, ...(volumes0 ?? [])];
    changed = true;
  }
  patch.push({ op: 'add', path: '/spec/containers', value: containers });
  if (initContainers.length > 0) patch.push({ op: 'add', path: '/spec/initContainers', value: initContainers });

  const metadata = shallowCopy(pod.metadata ?? {});
  if (labels !== undefined) metadata.labels = labels;
  const spec = shallowCopy(pod.spec ?? { containers: [] });
  spec.containers = containers;
  if (initContainers.length > 0) spec.initContainers = initContainers;
  if (volumes !== undefined) spec.volumes = volumes;
  const mutated = shallowCopy(pod);
  mutated.metadata = metadata;
  mutated.spec = spec;
  return {
    kind: c.fullUri !== undefined ? 'podIdentity' : 'irsa',
    patch,
    changed,
    pod: mutated,
    skipped,
    token: { audience: c.audience, expirationSeconds: c.tokenExpiration, mountPath: c.mountPath, tokenPath: c.tokenPath, volumeName: c.volumeName },
  };
}
