/** Errors built from a service model's error shapes, with the status and fault the model gives. */
import { AwsError } from './aws-error.js';
import type { LoadedModel } from './model.js';

/** An `AwsError` for one of the model's error codes, with the status and fault the model gives it. */
export function modelError(model: LoadedModel, code: string, message: string): AwsError {
  const found = model.errorShape(code);
  const status = found?.shape.error?.httpStatusCode;
  if (found === undefined) return new AwsError(code, message);
  const fault = found.shape.error?.senderFault === true || status === undefined || status < 500 ? 'Sender' : 'Receiver';
  return new AwsError(code, message, status, fault);
}
