/**
 * Reading an error as a user pastes it: whatever the client wrapped around it (the AWS CLI's
 * "An error occurred (Code) when calling the Op operation: …", botocore's ClientError, the JS SDK's
 * `AccessDenied: …` or its printed exception object, XML or JSON error bodies, kubectl's `error: …`),
 * log-line prefixes, terminal colours, line wraps and extra white space. The result is one line of
 * text plus the facts a message carries: code, operation, principal, action, resource, policy type…
 */

/** Which client printed the text, as far as its wrapping tells. */
export type ClientKind = 'aws-cli' | 'boto3' | 'js-sdk' | 'kubectl' | 'xml' | 'json' | 'unknown';

export interface PastedError {
  /** The text on one line: colours, log prefixes and line wraps removed, white space collapsed. */
  readonly text: string;
  readonly client: ClientKind;
  readonly fields: ErrorFields;
}

/** What the message names. Absent members were not in the text. */
export interface ErrorFields {
  /** AWS's error code (`AccessDenied`, `InvalidIdentityToken`…). */
  code?: string;
  /** The API operation the client called (`DescribeCluster`). */
  operation?: string;
  /** The message without the client's wrapping. */
  message?: string;
  principal?: string;
  principalAccount?: string;
  action?: string;
  resource?: string;
  /** `explicit` for "with an explicit deny", `implicit` for "because no … allows". */
  denial?: 'explicit' | 'implicit';
  /** The policy type the message names, as written (`identity-based policy`, `sessions policy`…). */
  policyType?: string;
  /** The policy type a VPC endpoint denial names after "transitively through". */
  transitivePolicyType?: string;
  issuer?: string;
  audience?: string;
  roleArn?: string;
  cluster?: string;
  region?: string;
  namespace?: string;
  serviceAccount?: string;
  /** The user name a quota message or IAM ARN names. */
  userName?: string;
  policyName?: string;
  policyVersion?: string;
}

 
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/**
 * Prefixes a log line puts before the message: ISO or syslog timestamps, bracketed fields, levels,
 * klog's `E0101 12:00:00.000000 1 file.go:12]`, key=value `level=error msg="…"`. Removed from the
 * start of each line, repeatedly.
 */
const LINE_PREFIXES: readonly RegExp[] = [
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s*/,
  /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}\s+(?:\S+\s+\S+?:\s*)?/,
  /^\[[^\]\n]{0,80}\]\s*/,
  /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+\s+\S+:\d+\]\s*/,
  /^(?:level|lvl)=\w+\s+(?:ts=\S+\s+)?(?:time="?[^"\s]+"?\s+)?msg=/,
  /^(?:ERROR|WARN(?:ING)?|INFO|DEBUG|FATAL|CRITICAL|error|warn|info)\s*[:|-]?\s+/,
  /^\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\s*/,
  /^>\s*/,
];

function stripPrefixes(line: string): string {
  let s = line.replace(/^\s+/, '');
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of LINE_PREFIXES) {
      const m = p.exec(s);
      if (m !== null && m[0].length > 0 && m[0].length < s.length) {
        s = s.slice(m[0].length).replace(/^\s+/, '');
        changed = true;
      }
    }
  }
  return s;
}

/**
 * One line: each line's prefixes removed, lines joined with a space — except a line that ends in
 * the middle of an ARN or URL (after `:`, `/` or `-` with no space before the break), which a
 * narrow terminal or a log wrapper cut: joined without one. Escaped quotes of JSON strings are
 * unescaped.
 */
export function oneLine(raw: string): string {
  const rawLines = raw.replace(ANSI, '').replace(/\r\n?/g, '\n').split('\n');
  const width = hardWrapWidth(rawLines);
  let out = '';
  let cut = false;
  for (const rawLine of rawLines) {
    const line = cut ? rawLine : stripPrefixes(rawLine);
    const wasCut = cut;
    cut = width !== undefined && rawLine.length === width;
    if (line.trim() === '') continue;
    if (out === '') out = line;
    else if (wasCut || (/(?:arn:|https?:\/\/)\S*[:/-]$/.test(out) && !/^\s/.test(line))) out += line;
    else out += ` ${line}`;
  }
  return out.replace(/\\"/g, '"').replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The width at which a terminal or viewer cut the text into lines, wherever the cut fell (in the
 * middle of a word too): the length of the longest lines, when at least two different lines have
 * it and it is 40 or more. Undefined when the text shows no such cut.
 */
function hardWrapWidth(lines: readonly string[]): number | undefined {
  let max = 0;
  let count = 0;
  // A line printed twice (kubectl relays its exec plugin's stderr on each retry) is not a wrap.
  for (const l of new Set(lines)) {
    if (l.length > max) {
      max = l.length;
      count = 1;
    } else if (l.length === max) count++;
  }
  return max >= 40 && count >= 2 ? max : undefined;
}

const ARN = String.raw`arn:aws[\w-]*:[^\s"'<>,;()]*`;

/** The envelope patterns, each giving a code (and maybe an operation and a message). */
const ENVELOPES: readonly { client: ClientKind; re: RegExp }[] = [
  // botocore raises ClientError, or a modeled subclass named in the traceback (botocore.errorfactory.NoSuchEntityException).
  { client: 'boto3', re: /(?:(?:botocore\.exceptions\.)?ClientError|botocore\.errorfactory\.\w+): An error occurred \(([\w.]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)$/ },
  { client: 'aws-cli', re: /An error occurred \(([\w.]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)$/ },
  { client: 'xml', re: /<Code>([\w.]+)<\/Code>\s*<Message>(.*?)<\/Message>/ },
  { client: 'json', re: /"(?:__type|code|Code)"\s*:\s*"(?:[\w.]+#)?([\w.]+)"\s*,\s*"(?:message|Message)"\s*:\s*"(.*?)"/ },
];

/** Code names as the JS SDK prints an exception: `AccessDenied: User: …`, `name: 'AccessDeniedException'`. */
const JS_NAME = /(?:^|[\s[(])(?:name|Code|code)\s*:\s*'(\w+)'/;
const JS_PREFIX = /(?:^|\s)(?:Uncaught\s+)?([A-Z]\w*(?:Exception|Error|Denied|Token|TokenId|Match|Signature|Exceeded|Entity|Failure))(?: \[([\w-]+)\])?: (.*)$/;

/**
 * The AWS CLI's message without what follows it in kubectl's output when the CLI ran as its exec
 * credential plugin: the same message again (kubectl retries) and kubectl's own closing line.
 */
function clientMessage(rest: string): string {
  const end = /\s(?:An error occurred \(|Unable to connect to the server: |couldn't get current server API group list)/.exec(rest);
  return (end === null ? rest : rest.slice(0, end.index)).trim();
}

/** Reads the text a user pasted. */
export function readPastedError(raw: string): PastedError {
  const text = oneLine(raw);
  const fields: ErrorFields = {};
  let client: ClientKind = 'unknown';
  for (const e of ENVELOPES) {
    const m = e.re.exec(text);
    if (m === null) continue;
    client = e.client;
    fields.code = m[1];
    if (e.client === 'boto3' || e.client === 'aws-cli') {
      fields.operation = m[2];
      fields.message = clientMessage(m[3]!);
    } else {
      fields.message = m[2]!.trim();
    }
    break;
  }
  if (fields.code === undefined) {
    const named = JS_NAME.exec(text);
    const prefixed = JS_PREFIX.exec(text);
    if (named !== null) {
      client = 'js-sdk';
      fields.code = named[1];
      const msg = /(?:message|Message)\s*:\s*(['"`])(.*?)\1/.exec(text);
      if (msg !== null) fields.message = msg[2];
      else if (prefixed !== null) fields.message = prefixed[3]!.trim();
    } else if (prefixed !== null && !/^(?:User|Principal)$/.test(prefixed[1]!)) {
      client = /\$metadata|at [\w.<>]+ \(|node_modules/.test(text) ? 'js-sdk' : 'unknown';
      // Node prints an SDK error as `<class> [<name>]: message`: the name is the error's code.
      fields.code = prefixed[2] ?? prefixed[1];
      fields.message = prefixed[3]!.trim();
    }
  }
  if (/^error: |\berror: You must be logged in|Error from server|could not get token|kubectl/.test(text) && client === 'unknown') client = 'kubectl';
  if (fields.code !== undefined) fields.code = fields.code.replace(/^.*\./, '');
  readDenial(text, fields);
  readIdentityFacts(text, fields);
  return { text, client, fields };
}

/** AWS's access-denied grammar (troubleshoot_access-denied.md). */
function readDenial(text: string, f: ErrorFields): void {
  const head = new RegExp(String.raw`(?:User|Principal):\s*(${ARN}|[^\s]+)\s+is not authorized to perform:?\s*([\w-]+:[\w*-]+)(?:\s+on resource:?\s*(${ARN}|[^\s"'<>]+))?`, 'i').exec(text);
  if (head !== null) {
    f.principal = trimTail(head[1]!);
    f.action = head[2];
    if (head[3] !== undefined) f.resource = trimTail(head[3]);
    const account = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(f.principal);
    if (account !== null) f.principalAccount = account[1];
    const user = /^arn:aws[\w-]*:iam::\d*:user\/(?:.*\/)?([\w+=,.@-]+)$/.exec(f.principal);
    if (user !== null) f.userName = user[1];
  } else {
    const bare = /Not authorized to perform:?\s*([\w-]+:[\w*-]+)/i.exec(text);
    if (bare !== null) f.action = bare[1];
  }
  const implicit = /because no ((?:[\w-]+ )*?(?:policy|policies|boundary)) allows? the/i.exec(text);
  if (implicit !== null) {
    f.denial = 'implicit';
    f.policyType = implicit[1]!.toLowerCase();
  }
  const explicit = /(?:with|due to) an explicit deny(?: in (?:an? |the )?((?:[\w-]+ )*?(?:policy|policies|boundary|Policy)))?(?: transitively through (?:an? |the )?((?:[\w-]+ )*?(?:policy|Policy)))?(?=$|[\s."',)\]}])/i.exec(text);
  if (explicit !== null) {
    f.denial = 'explicit';
    if (explicit[1] !== undefined) f.policyType = explicit[1].toLowerCase();
    if (explicit[2] !== undefined) f.transitivePolicyType = explicit[2].toLowerCase();
  }
}

function trimTail(s: string): string {
  return s.replace(/[.,;:'")\]]+$/, '');
}

/** OIDC issuers, role ARNs, clusters, regions, service accounts, quotas and policy names. */
function readIdentityFacts(text: string, f: ErrorFields): void {
  const issuer = /No OpenIDConnect provider found in your account for (\S+)/.exec(text) ?? /(https:\/\/oidc\.eks\.[\w-]+\.amazonaws\.com(?:\.cn)?\/id\/\w+)/.exec(text);
  if (issuer !== null) f.issuer = trimTail(issuer[1]!);
  const region = /oidc\.eks\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws/.exec(text) ?? /arn:aws[\w-]*:[\w-]+:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(text) ?? /sts\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws/.exec(text);
  if (region !== null) f.region = region[1];
  const role = new RegExp(String.raw`(arn:aws[\w-]*:iam::[\d:]*:role\/[\w+=,.@/-]+)`).exec(text);
  if (role !== null) f.roleArn = trimTail(role[1]!);
  else {
    const annotated = /eks\.amazonaws\.com\/role-arn["']?:\s*["']?(\S+?)["']?(?:\s|$)/.exec(text);
    if (annotated !== null) f.roleArn = annotated[1];
  }
  const cluster = /arn:aws[\w-]*:eks:[^:\s]*:\d*:cluster\/([\w-]+)/.exec(text) ?? /--(?:cluster|cluster-name|name)[ =]([\w-]+)/.exec(text);
  if (cluster !== null) f.cluster = cluster[1];
  const sa = /system:serviceaccount:([\w.-]+):([\w.-]+)/.exec(text) ?? /serviceaccounts? "([\w.-]+)" not found/.exec(text);
  if (sa !== null) {
    if (sa[2] !== undefined) {
      f.namespace = sa[1];
      f.serviceAccount = sa[2];
    } else f.serviceAccount = sa[1];
  }
  const audience = /\baud(?:ience)?["']?\s*[:=]\s*["']?([\w.:/-]+)/.exec(text);
  if (audience !== null && audience[1] !== 'list') f.audience = audience[1];
  const version = /did not create the default version \((V\d+)\) of the ([\w+=,.@-]+) policy that is attached to the ([\w+=,.@-]+) role/.exec(text);
  if (version !== null) {
    f.policyVersion = version[1];
    f.policyName = version[2];
    f.roleArn ??= version[3];
  }
}
