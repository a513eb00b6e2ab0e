/**
 * IAM's MalformedPolicyDocument reasons for Condition blocks. IAM does not document them; these are
 * the texts IAM returns as recorded from its responses to CreatePolicy / PutUserPolicy.
 */

/** An operator IAM does not know (e.g. `StringEqual`, `ForAnyValue::StringEquals`, `NullIfExists`). */
export const SYNTAX_ERRORS = 'Syntax errors in policy.';

/** A Date operator's value that IAM's date parser cannot read (e.g. `"DateGreaterThan": {"a": "sdfdsf"}`). */
export const FAILED_LEGACY_PARSING = 'The policy failed legacy parsing';
