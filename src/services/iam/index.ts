/** The IAM service: every operation Gatehouse serves, in one table the server reads. */
import { operationTable, type OperationTable } from '../operation.js';
import { userOperations } from './users.js';

export const iamOperations: OperationTable = operationTable([...userOperations]);
