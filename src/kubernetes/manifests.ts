/**
 * Reading manifests: multi-document YAML (or JSON), `kind: List` expanded, empty documents
 * skipped. Every object needs `apiVersion`, `kind` and `metadata.name` (kubectl refuses one without);
 * any kind is accepted.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './kube-object.js';

export interface ManifestProblem {
  /** The source (file name) and the document's position in it, from 1. */
  readonly source: string;
  readonly document: number;
  readonly message: string;
}

export interface ParsedManifests {
  readonly objects: KubeObject[];
  readonly problems: ManifestProblem[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseManifests(text: string, source: string): ParsedManifests {
  const objects: KubeObject[] = [];
  const problems: ManifestProblem[] = [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    const n = i + 1;
    if (doc.errors.length > 0) {
      problems.push({ source, document: n, message: `error converting YAML to JSON: ${doc.errors[0]?.message ?? 'invalid YAML'}` });
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    const add = (v: unknown): void => {
      if (!isRecord(v)) {
        problems.push({ source, document: n, message: 'error validating data: the document is not an object' });
        return;
      }
      if (v.kind === 'List' || (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items))) {
        for (const item of Array.isArray(v.items) ? v.items : []) add(item);
        return;
      }
      const missing: string[] = [];
      if (typeof v.apiVersion !== 'string' || v.apiVersion === '') missing.push('apiVersion not set');
      if (typeof v.kind !== 'string' || v.kind === '') missing.push('kind not set');
      if (missing.length > 0) {
        problems.push({ source, document: n, message: `error validating data: [${missing.join(', ')}]` });
        return;
      }
      const metadata = isRecord(v.metadata) ? v.metadata : {};
      if (typeof metadata.name !== 'string' || metadata.name === '') {
        problems.push({ source, document: n, message: 'resource name may not be empty' });
        return;
      }
      objects.push({ ...v, metadata } as KubeObject);
    };
    add(value);
  });
  return { objects, problems };
}
