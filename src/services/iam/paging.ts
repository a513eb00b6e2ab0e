/**
 * IAM's Marker / MaxItems / IsTruncated paging: over a store listing, or over a list built in
 * memory (for listings that merge sources or filter, like ListPolicies and ListEntitiesForPolicy).
 */
import type { WireRecord } from '../../aws/wire-value.js';
import { DEFAULT_MAX_ITEMS, MAX_MAX_ITEMS, type Page } from '../../state/store.js';
import { InvalidMarkerError } from '../../state/store-errors.js';
import { optionalNumber, optionalString } from './input-fields.js';
import { iamMessages } from './iam-messages.js';

export interface PageRequest {
  readonly marker?: string;
  readonly maxItems: number;
}

export function pageRequest(input: WireRecord): PageRequest {
  const requested = optionalNumber(input, 'MaxItems');
  const maxItems = requested === undefined ? DEFAULT_MAX_ITEMS : Math.min(Math.max(1, requested), MAX_MAX_ITEMS);
  const marker = optionalString(input, 'Marker');
  return marker === undefined ? { maxItems } : { marker, maxItems };
}

/** Runs a store listing, turning a marker the store did not issue into IAM's error. */
export async function listPage<R>(list: () => Promise<Page<R>>): Promise<Page<R>> {
  try {
    return await list();
  } catch (error) {
    if (error instanceof InvalidMarkerError) throw iamMessages.invalidMarker();
    throw error;
  }
}

/** `IsTruncated`, and `Marker` when truncated, as IAM's list outputs carry them. */
export function pageFields(page: Page<unknown>): WireRecord {
  return page.isTruncated && page.marker !== undefined ? { IsTruncated: true, Marker: page.marker } : { IsTruncated: false };
}

/** Pages a list built in memory; the marker is the offset of the next item. */
export function pageInMemory<T>(items: readonly T[], request: PageRequest): Page<T> {
  let start = 0;
  if (request.marker !== undefined) {
    const decoded = Buffer.from(request.marker, 'base64url').toString('utf8');
    const match = /^offset:(\d+)$/.exec(decoded);
    if (match?.[1] === undefined) throw iamMessages.invalidMarker();
    start = Number(match[1]);
  }
  const end = start + request.maxItems;
  const slice = items.slice(start, end);
  return end < items.length
    ? { items: slice, isTruncated: true, marker: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') }
    : { items: slice, isTruncated: false };
}

/** Reads every page of a store listing (for small per-account collections). */
export async function listAll<R>(list: (marker: string | undefined) => Promise<Page<R>>): Promise<R[]> {
  const all: R[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await list(marker);
    all.push(...page.items);
    if (!page.isTruncated || page.marker === undefined) return all;
    marker = page.marker;
  }
}
