/**
 * The EKS access policies' Kubernetes permissions, as data: `data/access-policies.json` holds one
 * RBAC rule per row of the tables of the EKS guide's "Access policy permissions".
 */
import { existsSync, readFileSync } from 'node:fs';
import type { PolicyRule } from './rbac.js';

interface AccessPolicyData {
  readonly policies: Readonly<Record<string, readonly PolicyRule[]>>;
}

let loaded: AccessPolicyData | undefined;

function data(): AccessPolicyData {
  if (loaded === undefined) {
    const here = new URL('./data/access-policies.json', import.meta.url);
    const source = new URL('../../../src/kubernetes/data/access-policies.json', import.meta.url);
    loaded = JSON.parse(readFileSync(existsSync(here) ? here : source, 'utf8')) as AccessPolicyData;
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
