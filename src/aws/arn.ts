/**
 * Amazon Resource Names: `arn:partition:service:region:account:resource`.
 *
 * IAM and STS forms (reference_identifiers.md, "IAM ARNs"):
 *   arn:aws:iam::account:root
 *   arn:aws:iam::account:user/user-name-with-path          (also group, role, policy,
 *   arn:aws:iam::account:instance-profile/name-with-path    instance-profile, mfa)
 *   arn:aws:sts::account:federated-user/user-name
 *   arn:aws:sts::account:assumed-role/role-name/role-session-name
 * IAM resources have an empty region; paths sit between the resource type and the name
 * (`user/division/team/name` for path `/division/team/`).
 */

/** A syntactically valid ARN. */
export type Arn = string & { readonly __brand: 'Arn' };
/** A 12-digit AWS account ID. */
export type AccountId = string & { readonly __brand: 'AccountId' };

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;
export type Partition = (typeof PARTITIONS)[number];

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  /** The account field as written: 12 digits, empty (e.g. S3 buckets), or `aws` (AWS managed policies). */
  readonly account: string;
  readonly resource: string;
}

export function isAccountId(text: string): text is AccountId {
  return /^\d{12}$/.test(text);
}

export function asAccountId(text: string): AccountId {
  if (!isAccountId(text)) throw new TypeError(`not a 12-digit account ID: ${text}`);
  return text;
}

/** Split an ARN into its six parts; undefined if it is not `arn:` followed by five colon-separated fields. */
export function parseArn(text: string): ArnParts | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!/^aws(-[a-z]+)*$/.test(partition)) return undefined;
  if (!/^[a-z0-9][a-z0-9-.]*$/.test(service)) return undefined;
  if (!/^[a-z0-9-]*$/.test(region)) return undefined;
  if (account !== '' && account !== 'aws' && !isAccountId(account)) return undefined;
  if (resource === '') return undefined;
  return { partition, service, region, account, resource };
}

export function isArn(text: string): text is Arn {
  return parseArn(text) !== undefined;
}

export function formatArn(parts: ArnParts): Arn {
  return `arn:${parts.partition}:${parts.service}:${parts.region}:${parts.account}:${parts.resource}` as Arn;
}

/** The IAM resource types whose ARNs are `type/path/name`. */
export type IamResourceType = 'user' | 'group' | 'role' | 'policy' | 'instance-profile' | 'mfa' | 'server-certificate' | 'oidc-provider' | 'saml-provider';

/** Normalise a path to AWS's form: starts and ends with `/` (`/` alone for the root). */
function pathPrefix(path: string | undefined): string {
  if (path === undefined || path === '' || path === '/') return '';
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** `arn:aws:iam::123456789012:user/division/team/name` for path `/division/team/`. */
export function iamArn(accountId: AccountId | 'aws', type: IamResourceType, name: string, path = '/', partition: string = 'aws'): Arn {
  return formatArn({ partition, service: 'iam', region: '', account: accountId, resource: `${type}/${pathPrefix(path)}${name}` });
}

/** `arn:aws:iam::123456789012:root` */
export function rootArn(accountId: AccountId, partition: string = 'aws'): Arn {
  return formatArn({ partition, service: 'iam', region: '', account: accountId, resource: 'root' });
}

/** `arn:aws:sts::123456789012:assumed-role/RoleName/session` (the role's path is not part of it). */
export function assumedRoleArn(accountId: AccountId, roleName: string, sessionName: string, partition: string = 'aws'): Arn {
  return formatArn({ partition, service: 'sts', region: '', account: accountId, resource: `assumed-role/${roleName}/${sessionName}` });
}

/** `arn:aws:sts::123456789012:federated-user/name` */
export function federatedUserArn(accountId: AccountId, userName: string, partition: string = 'aws'): Arn {
  return formatArn({ partition, service: 'sts', region: '', account: accountId, resource: `federated-user/${userName}` });
}

/** An IAM or STS ARN taken apart. */
export type IdentityArn =
  | { readonly kind: 'root'; readonly partition: string; readonly accountId: AccountId }
  | {
      readonly kind: 'iam-resource';
      readonly partition: string;
      /** `aws` for AWS managed policies. */
      readonly accountId: AccountId | 'aws';
      readonly type: IamResourceType;
      /** `/` or `/division/team/`. */
      readonly path: string;
      readonly name: string;
    }
  | { readonly kind: 'assumed-role'; readonly partition: string; readonly accountId: AccountId; readonly roleName: string; readonly sessionName: string }
  | { readonly kind: 'federated-user'; readonly partition: string; readonly accountId: AccountId; readonly userName: string };

const IAM_RESOURCE_TYPES: ReadonlySet<string> = new Set<IamResourceType>([
  'user',
  'group',
  'role',
  'policy',
  'instance-profile',
  'mfa',
  'server-certificate',
  'oidc-provider',
  'saml-provider',
]);

/**
 * Parse an IAM or STS ARN. Undefined for anything else, including ARNs with a region, a missing
 * account, or an empty name. OIDC provider ARNs (`oidc-provider/host/path`) keep the URL part whole
 * in `name` with path `/`.
 */
export function parseIdentityArn(text: string): IdentityArn | undefined {
  const arn = parseArn(text);
  if (arn === undefined || arn.region !== '') return undefined;
  const { partition, resource } = arn;
  if (arn.service === 'iam') {
    if (resource === 'root') return isAccountId(arn.account) ? { kind: 'root', partition, accountId: arn.account } : undefined;
    const slash = resource.indexOf('/');
    if (slash < 0) return undefined;
    const type = resource.slice(0, slash);
    if (!IAM_RESOURCE_TYPES.has(type)) return undefined;
    const account = arn.account;
    if (!(isAccountId(account) || (account === 'aws' && type === 'policy'))) return undefined;
    const rest = resource.slice(slash + 1);
    if (type === 'oidc-provider' || type === 'saml-provider') {
      return rest === '' ? undefined : { kind: 'iam-resource', partition, accountId: account, type, path: '/', name: rest };
    }
    const lastSlash = rest.lastIndexOf('/');
    const name = rest.slice(lastSlash + 1);
    if (name === '') return undefined;
    const path = lastSlash < 0 ? '/' : `/${rest.slice(0, lastSlash)}/`;
    if (path.includes('//')) return undefined;
    return { kind: 'iam-resource', partition, accountId: account, type: type as IamResourceType, path, name };
  }
  if (arn.service === 'sts' && isAccountId(arn.account)) {
    const parts = resource.split('/');
    if (parts[0] === 'assumed-role' && parts.length === 3 && parts[1] !== '' && parts[2] !== '') {
      return { kind: 'assumed-role', partition, accountId: arn.account, roleName: parts[1] ?? '', sessionName: parts[2] ?? '' };
    }
    if (parts[0] === 'federated-user' && parts.length === 2 && parts[1] !== '') {
      return { kind: 'federated-user', partition, accountId: arn.account, userName: parts[1] ?? '' };
    }
  }
  return undefined;
}

/**
 * Is `text` a role ARN STS can act on (`arn:aws:iam::123456789012:role/path/name`)? STS answers
 * anything else with ValidationError "Request ARN is invalid" (e.g. the extra colons of
 * `arn:aws:iam::::1234567890:role/example`).
 */
export function isValidRoleArn(text: string): boolean {
  const parsed = parseIdentityArn(text);
  return parsed?.kind === 'iam-resource' && parsed.type === 'role' && parsed.accountId !== 'aws';
}
