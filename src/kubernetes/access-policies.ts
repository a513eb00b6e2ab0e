/**
 * The EKS access policies' Kubernetes permissions, as data: `data/access-policies.json` holds one
 * RBAC rule per row of the tables of the EKS guide's "Access policy permissions".
 */
import { readFileSync } from 'node:fs';
import { packageFile } from '../package-files.js';
import type { PolicyRule } from './rbac.js';

interface AccessPolicyData {
  readonly policies: Readonly<Record<string, readonly PolicyRule[]>>;
}

let loaded: AccessPolicyData | undefined;

function data(): AccessPolicyData {
  if (loaded === undefined) {
    loaded = JSON.parse(readFileSync(packageFile('src', 'kubernetes', 'data', 'access-policies.json'), 'utf8')) as AccessPolicyData;
  }
  return loaded;
}

/** The rules of an access policy by ARN; undefined for an ARN that is not one. */
export function accessPolicyRules(policyArn: string): readonly PolicyRule[] | undefined {
  return data().policies[policyArn];
}

export function accessPolicyArns(): readonly string[] {
  return Object.keys(data().policies);
}
