/**
 * Every base condition operator IAM knows, with its family's definition: how a policy value is
 * compiled and compared, whether the operator is negated, whether its values take policy
 * variables. The qualifiers (`ForAllValues:`, `ForAnyValue:`, `...IfExists`) are parsed in
 * `operator-name.ts` and applied in `index.ts`, never copied per operator.
 */
import type { BaseOperator } from './operator-name.js';
import { negated, type OperatorDefinition } from './family.js';
import { STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE } from './string-conditions.js';
import {
  NUMERIC_EQUALS,
  NUMERIC_GREATER_THAN,
  NUMERIC_GREATER_THAN_EQUALS,
  NUMERIC_LESS_THAN,
  NUMERIC_LESS_THAN_EQUALS,
} from './numeric-conditions.js';
import {
  DATE_EQUALS,
  DATE_GREATER_THAN,
  DATE_GREATER_THAN_EQUALS,
  DATE_LESS_THAN,
  DATE_LESS_THAN_EQUALS,
} from './date-conditions.js';
import { BOOL } from './bool-conditions.js';
import { BINARY_EQUALS } from './binary-conditions.js';
import { IP_ADDRESS } from './ip-address-conditions.js';
import { ARN_LIKE_OPERATOR } from './arn-conditions.js';
import { NULL } from './null-condition.js';

export const OPERATORS: Readonly<Record<BaseOperator, OperatorDefinition>> = {
  StringEquals: STRING_EQUALS,
  StringNotEquals: negated(STRING_EQUALS),
  StringEqualsIgnoreCase: STRING_EQUALS_IGNORE_CASE,
  StringNotEqualsIgnoreCase: negated(STRING_EQUALS_IGNORE_CASE),
  StringLike: STRING_LIKE,
  StringNotLike: negated(STRING_LIKE),
  NumericEquals: NUMERIC_EQUALS,
  NumericNotEquals: negated(NUMERIC_EQUALS),
  NumericLessThan: NUMERIC_LESS_THAN,
  NumericLessThanEquals: NUMERIC_LESS_THAN_EQUALS,
  NumericGreaterThan: NUMERIC_GREATER_THAN,
  NumericGreaterThanEquals: NUMERIC_GREATER_THAN_EQUALS,
  DateEquals: DATE_EQUALS,
  DateNotEquals: negated(DATE_EQUALS),
  DateLessThan: DATE_LESS_THAN,
  DateLessThanEquals: DATE_LESS_THAN_EQUALS,
  DateGreaterThan: DATE_GREATER_THAN,
  DateGreaterThanEquals: DATE_GREATER_THAN_EQUALS,
  Bool: BOOL,
  BinaryEquals: BINARY_EQUALS,
  IpAddress: IP_ADDRESS,
  NotIpAddress: negated(IP_ADDRESS),
  // "The ArnEquals and ArnLike condition operators behave identically."
  ArnEquals: ARN_LIKE_OPERATOR,
  ArnNotEquals: negated(ARN_LIKE_OPERATOR),
  ArnLike: ARN_LIKE_OPERATOR,
  ArnNotLike: negated(ARN_LIKE_OPERATOR),
  Null: NULL,
};
