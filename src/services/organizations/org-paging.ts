/**
 * Organizations' NextToken / MaxResults paging over lists built in memory (an organization's
 * accounts, OUs and policies are few). MaxResults is 1..20 (the model's range, checked by the
 * decoder); without it a page holds 20. The token is the offset of the next item.
 */
import type { WireRecord } from '../../aws/wire-value.js';
import { orgErrors } from './org-errors.js';

const DEFAULT_PAGE = 20;

export interface OrgPage<T> {
  readonly items: readonly T[];
  /** Present when more items follow. */
  readonly nextToken?: string;
}

export function orgPage<T>(items: readonly T[], input: WireRecord): OrgPage<T> {
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : DEFAULT_PAGE;
  let start = 0;
  if (typeof input.NextToken === 'string') {
    const match = /^offset:(\d{1,9})$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (match?.[1] === undefined) throw orgErrors.invalidInput('INVALID_NEXT_TOKEN');
    start = Number(match[1]);
  }
  const end = start + max;
  const page = items.slice(start, end);
  return end < items.length ? { items: page, nextToken: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') } : { items: page };
}

/** `NextToken` when there is one, as the list outputs carry it. */
export function nextTokenField(page: OrgPage<unknown>): WireRecord {
  return page.nextToken === undefined ? {} : { NextToken: page.nextToken };
}
