/**
 * From pasted text to a catalogue entry: one table of recognisers, most specific first, each a
 * test over the text and the facts read from it. The first that holds names the entry; entries
 * it documents alongside are listed as `related`. Text no recogniser takes is "not recognised",
 * with the entries whose words are closest — never a diagnosis made up for it.
 */
import { CATALOGUE, catalogueEntry, type CatalogueEntry } from './catalogue.js';
import { readPastedError, type ClientKind, type ErrorFields, type PastedError } from './pasted-text.js';

export interface Recogniser {
  /** The catalogue entry this recogniser names. */
  readonly id: string;
  /** What it looks for, in a few words (for `--explain-calls` and the tests). */
  readonly looksFor: string;
  readonly test: (p: PastedError) => boolean;
  /** Entries also worth reading for this text, beyond the entry's own related list. */
  readonly alsoRelated?: readonly string[];
  /** Entries read from the text itself (the denial a wrapped message carries). */
  readonly relatedIn?: (p: PastedError) => readonly string[];
}

const has = (re: RegExp) => (p: PastedError): boolean => re.test(p.text);

/** The policy type a denial names, in the catalogue's terms. */
type DenialType = 'scp' | 'rcp' | 'vpce' | 'boundary' | 'session' | 'resource' | 'trust' | 'identity' | 'none' | 'other';

function denialType(f: ErrorFields): DenialType {
  const t = f.policyType;
  if (t === undefined) return 'none';
  if (/service control/.test(t)) return 'scp';
  if (/resource control/.test(t)) return 'rcp';
  if (/vpc endpoint/.test(t)) return 'vpce';
  if (/permissions boundary/.test(t)) return 'boundary';
  if (/sessions? polic/.test(t)) return 'session';
  if (/resource-based/.test(t)) return 'resource';
  if (/role trust|trust polic/.test(t)) return 'trust';
  if (/identity-based/.test(t)) return 'identity';
  return 'other';
}

const denied = (p: PastedError): boolean => p.fields.principal !== undefined && p.fields.action !== undefined;
const deniedBy = (type: DenialType, denial?: 'explicit' | 'implicit') => (p: PastedError): boolean =>
  denied(p) && denialType(p.fields) === type && (denial === undefined || p.fields.denial === denial) && p.fields.transitivePolicyType === undefined;
const actionIs = (re: RegExp) => (p: PastedError): boolean => p.fields.action !== undefined && re.test(p.fields.action);
const all = (...tests: ((p: PastedError) => boolean)[]) => (p: PastedError): boolean => tests.every((t) => t(p));

/** Recognisers in the order they are tried: messages with fixed words first, then denials by action, then by policy type. */
export const RECOGNISERS: readonly Recogniser[] = [
  // Fixed messages of STS and the IRSA path.
  { id: 'E04', looksFor: 'Credential should be scoped to a valid region', test: has(/Credential should be scoped to a valid region/i) },
  { id: 'E05', looksFor: 'Request ARN is invalid (or "<arn> is invalid" from STS)', test: (p) => /Request ARN is invalid/i.test(p.text) || (p.fields.code === 'ValidationError' && /\barn:\S* is invalid/i.test(p.text)) },
  { id: 'E06', looksFor: 'No OpenIDConnect provider found in your account for <issuer>', test: has(/No OpenIDConnect provider found/i) },
  { id: 'E07', looksFor: 'Incorrect token audience', test: has(/Incorrect token audience/i) },
  { id: 'E08', looksFor: "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint", test: has(/certificate doesn.?t match (?:the )?configured thumbprint/i) },
  { id: 'E09', looksFor: 'Not authorized to perform sts:AssumeRoleWithWebIdentity', test: (p) => !denied(p) && /Not authorized to perform:? sts:AssumeRoleWithWebIdentity/i.test(p.text) },
  { id: 'E02', looksFor: 'does not have access to Kubernetes objects on this EKS cluster', test: has(/does not have access to Kubernetes objects/i) },
  { id: 'E28', looksFor: 'Invalid information in one or more fields', test: has(/Invalid information in one or more fields/i) },
  { id: 'E29', looksFor: 'did not create the default version (Vn) of the … policy', test: has(/did not create the default version/i) },
  { id: 'E30', looksFor: "server can't find oidc.eks.<region>.amazonaws.com: NXDOMAIN", test: has(/can.?t find oidc\.eks\.[\w.-]*:? *NXDOMAIN|NXDOMAIN.{0,80}oidc\.eks\.|oidc\.eks\.[\w.-]+.{0,80}(?:no such host|Name or service not known|NXDOMAIN)/i) },
  // Temporary credentials, signatures and quotas.
  { id: 'F07', looksFor: 'The requested DurationSeconds exceeds …', test: has(/DurationSeconds exceeds|DurationSeconds.{0,40}(?:greater|longer|more) than|(?:maximum|max) session duration/i) },
  { id: 'F15', looksFor: 'Cannot exceed quota for AccessKeysPerUser', test: has(/quota for AccessKeysPerUser|(?:cannot|can't|unable to) create (?:another|a third|a new) access key|(?:maximum|limit) of two access keys/i) },
  {
    id: 'S04',
    looksFor: 'InvalidClientTokenId on GetCallerIdentity: The security token included in the request is invalid',
    test: (p) => /security token included in the request is invalid/i.test(p.text) && (p.fields.operation === undefined || p.fields.operation === 'GetCallerIdentity'),
    alsoRelated: ['F10'],
  },
  {
    id: 'F10',
    looksFor: 'expired or invalid security tokens, bad signatures, calls temporary credentials cannot make',
    test: has(
      /security token included in the request is (?:expired|invalid)|ExpiredToken|request signature we calculated does not match|Signature expired|Cannot call \w+ with session credentials|Request has expired|access denied with temporary credentials/i,
    ),
  },
  // kubectl and the cluster side.
  { id: 'F01', looksFor: 'an aws-auth rolearn with a path', test: (p) => /aws-auth|mapRoles|rolearn/i.test(p.text) && /rolearn:?\s*"?arn:aws[\w-]*:iam::\d{12}:role\/[^\s"/]+\/[^\s"]+/i.test(p.text) },
  {
    id: 'S01',
    looksFor: "could not get token: AccessDenied, or kubectl's exec credential plugin failing on an AccessDenied",
    // aws-iam-authenticator prints "could not get token: <AssumeRole's error>"; with the AWS CLI as the
    // plugin, kubectl relays the CLI's "An error occurred (AccessDenied) when calling the AssumeRole
    // operation: …" and adds "getting credentials: exec: executable aws failed with exit code N".
    test: (p) => /could not get token:.{0,40}AccessDenied/i.test(p.text) || (/getting credentials: exec:/i.test(p.text) && (/\bAccessDenied/.test(p.text) || denied(p))),
    relatedIn: (p) => {
      const inner = RECOGNISERS.find((r) => r.id !== 'S01' && r.id !== 'S02' && r.test(p));
      return inner === undefined ? [] : [inner.id];
    },
  },
  { id: 'S06', looksFor: 'configmaps "aws-auth" not found', test: has(/configmaps? "?aws-auth"? not found/i) },
  { id: 'S03', looksFor: "the server doesn't have a resource type", test: has(/the server doesn.?t have a resource type/i) },
  { id: 'S02', looksFor: 'You must be logged in to the server (Unauthorized)', test: has(/You must be logged in to the server/i) },
  {
    id: 'S05',
    looksFor: 'HTTP 401 from the Kubernetes API server (service account token too old)',
    // Besides text naming the API server: the Kubernetes clients' own exceptions — the JavaScript
    // client's ApiException ("HTTP-Code: 401 / Message: Unauthorized") and the Python client's
    // ("(401) Reason: Unauthorized").
    test: (p) =>
      /HTTP-Code:\s*401\b[\s\S]{0,40}Message:\s*Unauthori[sz]ed|\(401\)\s*Reason:\s*Unauthori[sz]ed/i.test(p.text) ||
      (/\b401\b/.test(p.text) && /unauthori[sz]ed/i.test(p.text) && /kubernetes|api ?server|serviceaccount|service account|kube-apiserver|k8s/i.test(p.text)),
  },
  { id: 'F05', looksFor: 'missing AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN / aws-iam-token / pod-identity-webhook', test: has(/AWS_WEB_IDENTITY_TOKEN_FILE|aws-iam-token|pod-identity-webhook|AWS_ROLE_ARN (?:is )?(?:not set|missing|empty)/i) },
  { id: 'F04', looksFor: 'service account not found, or its role-arn annotation malformed', test: has(/serviceaccounts? "[\w.-]+" not found|role-arn annotation|service ?account.{0,40}(?:not found|does not exist|doesn.?t exist)/i) },
  {
    id: 'F06',
    looksFor: 'an SDK too old for web identity credentials',
    test: (p) => /(?:sdk|boto3|botocore|aws-cli|aws cli|cli v1)\b.{0,60}(?:version|too old|outdated|support)/i.test(p.text) && /web ?identity|irsa|token/i.test(p.text),
  },
  {
    id: 'F02',
    looksFor: "the node's role where the pod's was expected",
    test: has(/assumed-role\/[\w+=,.@-]*node[\w+=,.@-]*\/i-[0-9a-f]+|node(?:'s)? (?:IAM )?role instead of|uses the node(?:'s)? (?:IAM )?role|NodeInstanceRole/i),
    alsoRelated: ['F03', 'F04', 'F05', 'F06'],
  },
  // Denials whose action decides the entry.
  { id: 'E26', looksFor: 'iam:DeleteVirtualMFADevice … with an explicit deny', test: all(denied, actionIs(/^iam:DeleteVirtualMFADevice$/i)), alsoRelated: ['E22'] },
  {
    id: 'E27',
    looksFor: 'iam:PassRole on a service-linked role (aws-service-role/…)',
    test: (p) => denied(p) && /^iam:PassRole$/i.test(p.fields.action ?? '') && /\/aws-service-role\//.test(p.fields.resource ?? ''),
    alsoRelated: ['E21'],
  },
  { id: 'E03', looksFor: 'is not authorized to perform: iam:PassRole', test: all(denied, actionIs(/^iam:PassRole$/i)), alsoRelated: ['E21'] },
  {
    id: 'E01',
    looksFor: 'an EKS action denied (eks:DescribeCluster …)',
    test: (p) => denied(p) && /^eks:/i.test(p.fields.action ?? '') && ['none', 'identity'].includes(denialType(p.fields)),
    alsoRelated: ['E21'],
  },
  // Denials by policy type (troubleshoot_access-denied.md).
  { id: 'E23', looksFor: 'with an explicit deny in a VPC endpoint policy transitively through a service control policy', test: (p) => /transitively through/i.test(p.text) && /service control/i.test(p.fields.transitivePolicyType ?? p.text) },
  { id: 'E10', looksFor: 'with an explicit deny in a service control policy', test: deniedBy('scp') },
  { id: 'E24', looksFor: 'due to an explicit deny in a Service Control Policy', test: has(/explicit deny in an? Service Control Policy|explicit deny in an? SCP\b/i) },
  { id: 'E11', looksFor: 'because no VPC endpoint policy allows', test: deniedBy('vpce', 'implicit') },
  { id: 'E12', looksFor: 'with an explicit deny in a VPC endpoint policy', test: deniedBy('vpce', 'explicit') },
  { id: 'E13', looksFor: 'because no permissions boundary allows', test: deniedBy('boundary', 'implicit'), alsoRelated: ['F12'] },
  { id: 'E14', looksFor: 'with an explicit deny in a permissions boundary', test: deniedBy('boundary', 'explicit') },
  { id: 'E15', looksFor: 'because no session policy allows', test: deniedBy('session', 'implicit') },
  { id: 'E16', looksFor: 'with an explicit deny in a sessions policy', test: deniedBy('session', 'explicit') },
  { id: 'E17', looksFor: 'because no resource-based policy allows', test: deniedBy('resource', 'implicit') },
  { id: 'E18', looksFor: 'with an explicit deny in a resource-based policy', test: deniedBy('resource', 'explicit') },
  { id: 'E19', looksFor: 'because no role trust policy allows the sts:AssumeRole action', test: deniedBy('trust', 'implicit') },
  { id: 'E20', looksFor: 'with an explicit deny in the role trust policy', test: deniedBy('trust', 'explicit') },
  { id: 'E21', looksFor: 'because no identity-based policy allows', test: deniedBy('identity', 'implicit') },
  { id: 'E22', looksFor: 'with an explicit deny in an identity-based policy', test: deniedBy('identity', 'explicit') },
  // A denial that names no policy type.
  { id: 'F08', looksFor: 'sts:AssumeRole denied without a policy type, or "cannot assume role"', test: (p) => (denied(p) && /^sts:AssumeRole$/i.test(p.fields.action ?? '') && denialType(p.fields) === 'none') || /(?:cannot|can't|unable to|fail(?:s|ed)? to) (?:switch|assume) (?:the |a |to )?role/i.test(p.text), alsoRelated: ['E19', 'E20'] },
  { id: 'E25', looksFor: 'User: <arn> is not authorized to perform: <action> on resource: <resource>', test: (p) => denied(p) && denialType(p.fields) === 'none' },
  // Console policy summaries and the policy editor.
  { id: 'S07', looksFor: 'This policy does not grant any permissions', test: has(/This policy does not grant any permissions/i) },
  { id: 'S08', looksFor: 'This policy defines some actions, resources, or conditions that do not provide permissions', test: has(/defines some actions, resources, or conditions that do not provide permissions/i) },
  { id: 'S09', looksFor: 'A summary for this policy cannot be generated', test: has(/summary for this policy cannot be generated/i) },
  { id: 'S10', looksFor: 'You need permissions. You do not have the permissions required to perform this operation', test: has(/You need permissions\.? You do not have the permissions required/i) },
  // Symptoms described in words.
  { id: 'F13', looksFor: 'policy variables such as ${aws:username} matched literally', test: has(/polic(?:y|ies) variables?.{0,60}(?:not (?:substituted|replaced|resolved|expanded|work)|literal)|\$\{aws:\w+\}.{0,60}(?:literal|not (?:substituted|replaced|resolved|expanded))/i) },
  { id: 'F11', looksFor: 'condition key names that differ only by case', test: has(/condition keys?.{0,60}(?:differ|different|only) (?:only )?(?:by|in) case|case.{0,20}(?:in|of) (?:the )?condition key/i) },
  { id: 'F14', looksFor: 'a recent IAM change not visible yet', test: has(/eventual(?:ly)? consisten|not (?:visible|propagated|effective) yet|(?:just|recently) (?:created|changed|attached|updated).{0,80}(?:still|yet|not)/i) },
  { id: 'F12', looksFor: 'denied although identity policies allow (permissions boundary)', test: has(/permissions? boundary.{0,80}(?:denied|not allow|deny)|(?:denied|deny).{0,80}permissions? boundary|identity(?:-based)? polic(?:y|ies) allows?.{0,40}(?:still|but).{0,20}denied/i) },
  { id: 'F09', looksFor: "denied although the role's policy allows (session policy)", test: has(/session polic(?:y|ies).{0,80}(?:denied|limit|restrict)|role(?:'s)? polic(?:y|ies) allows?.{0,40}(?:still|but).{0,20}(?:denied|AccessDenied)/i) },
  { id: 'F03', looksFor: 'a trust policy with a malformed Federated principal or sub/aud conditions', test: has(/trust polic(?:y|ies).{0,80}(?:Federated|:sub|:aud|oidc)|(?:Federated|oidc-provider).{0,80}trust polic/i), alsoRelated: ['E09'] },
];

const RECOGNISER_BY_ID = new Map<string, Recogniser[]>();
for (const r of RECOGNISERS) RECOGNISER_BY_ID.set(r.id, [...(RECOGNISER_BY_ID.get(r.id) ?? []), r]);

/** Entries that share another entry's recogniser (the same message in another revision). */
export const SHARED_RECOGNISER: Readonly<Record<string, string>> = { E01b: 'E01' };

/** The recognisers for an entry (its own, or the one it shares). */
export function recognisersFor(id: string): readonly Recogniser[] {
  return RECOGNISER_BY_ID.get(SHARED_RECOGNISER[id] ?? id) ?? [];
}

export interface Closest {
  readonly catalogueId: string;
  readonly title: string;
  /** Share of the entry's words found in the text, 0..1. */
  readonly score: number;
}

export type Recognition =
  | {
      readonly recognised: true;
      readonly entry: CatalogueEntry;
      readonly related: readonly string[];
      readonly client: ClientKind;
      readonly fields: ErrorFields;
      readonly text: string;
    }
  | {
      readonly recognised: false;
      readonly closest: readonly Closest[];
      readonly client: ClientKind;
      readonly fields: ErrorFields;
      readonly text: string;
    };

/** Recognises pasted error text. */
export function recognise(raw: string): Recognition {
  const pasted = readPastedError(raw);
  for (const r of RECOGNISERS) {
    if (!r.test(pasted)) continue;
    const entry = catalogueEntry(r.id);
    const related = [...new Set([...(entry.related ?? []), ...(r.alsoRelated ?? []), ...(r.relatedIn?.(pasted) ?? [])])].filter((id) => id !== entry.id);
    return { recognised: true, entry, related, client: pasted.client, fields: pasted.fields, text: pasted.text };
  }
  return { recognised: false, closest: closestEntries(pasted.text), client: pasted.client, fields: pasted.fields, text: pasted.text };
}

const STOP = new Set(['the', 'a', 'an', 'to', 'of', 'in', 'on', 'is', 'for', 'and', 'or', 'not', 'be', 'with', 'this', 'that', 'when', 'error', 'occurred', 'calling', 'operation']);

function words(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of s.toLowerCase().replace(/arn:\S+|https?:\/\/\S+|\d+/g, ' ').split(/[^a-z_:-]+/)) {
    if (w.length > 2 && !STOP.has(w)) out.add(w);
  }
  return out;
}

/** The three entries whose message and title share most words with the text; none when nothing is shared. */
export function closestEntries(text: string, max = 3): Closest[] {
  const mine = words(text);
  if (mine.size === 0) return [];
  const scored = CATALOGUE.map((e) => {
    const theirs = words(`${e.message} ${e.title}`);
    let shared = 0;
    for (const w of theirs) if (mine.has(w)) shared++;
    return { catalogueId: e.id, title: e.title, score: theirs.size === 0 ? 0 : Math.round((shared / theirs.size) * 100) / 100 };
  });
  return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.catalogueId.localeCompare(b.catalogueId)).slice(0, max);
}
