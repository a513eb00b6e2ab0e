/**
 * How a JSON service answers input that breaks its model's constraints (required members,
 * patterns, lengths, ranges, enums). Most answer ValidationException with the "N validation errors
 * detected" message; Organizations answers InvalidInputException with a `Reason` naming the rule
 * that failed (its model's InvalidInputExceptionReason), one error per request.
 *
 * Organizations' messages for these reasons are not known from recordings: each message here is
 * the sentence the model's documentation gives for the reason, except INVALID_ENUM's, whose
 * documented sentence ("You specified an invalid value.") is also what moto's recorded tests expect.
 */
import { AwsError } from './aws-error.js';
import type { LoadedModel } from './model.js';
import { validationMessage, type Violation } from './shape-validation.js';

type ConstraintAnswer = (violations: readonly Violation[]) => AwsError;

const standard: ConstraintAnswer = (violations) => new AwsError('ValidationException', validationMessage(violations), 400, 'Sender');

/** Organizations' InvalidInputException reasons with their documented sentences. */
export const ORGANIZATIONS_INPUT_REASONS = {
  INPUT_REQUIRED: 'You must include a value for all required parameters.',
  INVALID_ENUM: 'You specified an invalid value.',
  INVALID_PATTERN: "You provided a value that doesn't match the required pattern.",
  INVALID_PATTERN_TARGET_ID: "You specified a policy target ID that doesn't match the required pattern.",
  INVALID_SYNTAX_POLICY_ID: 'You specified an invalid policy ID.',
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
} as const;

export type OrganizationsInputReason = keyof typeof ORGANIZATIONS_INPUT_REASONS;

/** InvalidInputException with its Reason. */
export function organizationsInvalidInput(reason: string, message: string): AwsError {
  return new AwsError('InvalidInputException', message, 400, 'Sender', { Reason: reason });
}

/** The reason for one violation; the member a pattern belongs to picks the ID-specific reasons. */
function organizationsReason(v: Violation): OrganizationsInputReason {
  const member = v.path.slice(v.path.lastIndexOf('.') + 1);
  switch (v.kind) {
    case 'required':
      return 'INPUT_REQUIRED';
    case 'enum':
    case 'type':
      return 'INVALID_ENUM';
    case 'member':
      // A list whose values break their constraints, reported once on the list.
      return 'INVALID_PATTERN';
    case 'pattern':
      if (member === 'policyId') return 'INVALID_SYNTAX_POLICY_ID';
      if (member === 'targetId') return 'INVALID_PATTERN_TARGET_ID';
      return 'INVALID_PATTERN';
    case 'length':
      return /greater than or equal/.test(v.text) ? 'MIN_LENGTH_EXCEEDED' : 'MAX_LENGTH_EXCEEDED';
    case 'range':
      return /greater than or equal/.test(v.text) ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED';
  }
}

const organizations: ConstraintAnswer = (violations) => {
  const first = violations[0];
  if (first === undefined) return standard(violations);
  const reason = organizationsReason(first);
  return organizationsInvalidInput(reason, ORGANIZATIONS_INPUT_REASONS[reason]);
};

/** By the model's `serviceId`. */
const ANSWERS: Readonly<Record<string, ConstraintAnswer>> = {
  Organizations: organizations,
};

/** The error a service answers for these violations (at least one). */
export function constraintError(model: LoadedModel, violations: readonly Violation[]): AwsError {
  return (ANSWERS[model.metadata.serviceId] ?? standard)(violations);
}
