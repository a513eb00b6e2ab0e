/**
 * IP address condition operators (reference_policies_elements_condition_operators.md, "IP address
 * condition operators"): IPv4 or IPv6 addresses or CIDR ranges; an address without a prefix is a
 * single address (/32, and for IPv6 /128). An IPv4 address never falls in an IPv6 range nor the
 * other way round; the guide says nothing of IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`), so
 * they are IPv6 addresses here. Policy variables are not allowed. A policy value that is not a
 * CIDR matches nothing (whether IAM rejects such a document is not documented).
 */
import type { CompareOperator } from './family.js';
import { fixedValue, unmatchable } from './family.js';
import { inCidr, parseAddress, parseCidr } from './ip-cidr.js';

export const IP_ADDRESS: CompareOperator = {
  kind: 'compare',
  family: 'IpAddress',
  negated: false,
  variables: false,
  relation: { holds: 'is in', fails: 'is not in' },
  compile: (t) => {
    const cidr = parseCidr(t.text);
    if (cidr === undefined) return unmatchable(t.text);
    // Each compiled value reads request addresses into its own buffer: evaluation is synchronous.
    const scratch = new Uint16Array(8);
    return fixedValue(t.text, (v) => {
      const family = parseAddress(v, scratch);
      return family !== undefined && inCidr(cidr, family, scratch);
    });
  },
};
