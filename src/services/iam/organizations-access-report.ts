/**
 * GenerateOrganizationsAccessReport / GetOrganizationsAccessReport: service last-accessed data for
 * an AWS Organizations entity. IAM answers them only for "your Organizations management account
 * credentials" with "SCPs ... enabled for your organization root" (the operations' API reference).
 * Gatehouse holds no organization for an account to manage, so no caller has that access: Generate
 * is refused and no report exists to Get. AWS's wording for the refusal is not known from a
 * recording; it is an AccessDenied that says what is missing.
 */
import { AwsError } from '../../aws/aws-error.js';
import type { OperationDef } from '../operation.js';
import { requiredString } from './input-fields.js';

export const generateOrganizationsAccessReport: OperationDef = {
  name: 'GenerateOrganizationsAccessReport',
  readOnly: false,
  authorize: () => ({ action: 'iam:GenerateOrganizationsAccessReport', resource: '*' }),
  handler(input) {
    requiredString(input, 'EntityPath');
    return Promise.reject(
      new AwsError(
        'AccessDenied',
        'Organizations access reports are available only to the management account of an organization with service control policies enabled.',
      ),
    );
  },
};

export const getOrganizationsAccessReport: OperationDef = {
  name: 'GetOrganizationsAccessReport',
  readOnly: true,
  authorize: () => ({ action: 'iam:GetOrganizationsAccessReport', resource: '*' }),
  handler(input) {
    const jobId = requiredString(input, 'JobId');
    // The same wording as for a service last-accessed job that does not exist (not recorded).
    return Promise.reject(new AwsError('NoSuchEntity', `The job with ID ${jobId} cannot be found.`));
  },
};

export const organizationsAccessReportOperations: readonly OperationDef[] = [generateOrganizationsAccessReport, getOrganizationsAccessReport];
