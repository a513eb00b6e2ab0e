/**
 * GetAccessKeyInfo: the account an access key ID belongs to. AWS reads it from the key ID itself,
 * for any key, existing or not; Gatehouse's key IDs carry their account the same way.
 */
import { AwsError } from '../../aws/aws-error.js';
import { accountIdOfKey } from '../../aws/ids.js';
import type { OperationDef } from '../operation.js';
import { requiredString } from '../iam/input-fields.js';

export const getAccessKeyInfo: OperationDef = {
  name: 'GetAccessKeyInfo',
  readOnly: true,
  authorize: () => ({ action: 'sts:GetAccessKeyInfo', resource: '*' }),
  handler(input) {
    const keyId = requiredString(input, 'AccessKeyId');
    const account = accountIdOfKey(keyId);
    // AWS's answer to a string that is no key ID is not known beyond the model's length check.
    if (account === undefined) throw new AwsError('InvalidParameterValue', `The access key ID ${keyId} is not valid.`, 400);
    return Promise.resolve({ Account: account });
  },
};
