/**
 * EKS's error answers. Texts are AWS's where they are known from recorded responses (quoted in
 * public issue reports of the AWS CLI, Terraform and CDK); where AWS's wording is not known the
 * entry says so.
 */
import { AwsError } from '../../aws/aws-error.js';

const clusterField = (clusterName: string | undefined): Record<string, string> => (clusterName !== undefined ? { clusterName } : {});

export const eksErrors = {
  /** Recorded: "No cluster found for name: my-cluster." */
  noCluster: (name: string): AwsError => new AwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404, 'Sender', clusterField(name)),
  /** Recorded: "Cluster already exists with name: my-cluster". */
  clusterExists: (name: string): AwsError => new AwsError('ResourceInUseException', `Cluster already exists with name: ${name}`, 409, 'Sender', clusterField(name)),
  /** Recorded (CreateCluster with a role EKS cannot assume). */
  roleNotAssumable: (roleArn: string, clusterName: string): AwsError =>
    new AwsError('InvalidParameterException', `Role with arn: ${roleArn}, could not be assumed because it does not exist or the trusted entity is not correct`, 400, 'Sender', clusterField(clusterName)),
  /** Recorded: "Unsupported authentication mode update from CONFIG_MAP to API" (also for the same mode). */
  authenticationModeUpdate: (from: string, to: string, clusterName: string): AwsError =>
    new AwsError('InvalidParameterException', `Unsupported authentication mode update from ${from} to ${to}`, 400, 'Sender', clusterField(clusterName)),
  /** Recorded text; the code is assumed to be InvalidRequestException. */
  accessEntriesNeedApi: (clusterName: string): AwsError =>
    new AwsError('InvalidRequestException', "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.", 400, 'Sender', clusterField(clusterName)),
  /** Recorded: CreateAccessEntry for a principal that has one (409). */
  accessEntryExists: (clusterName: string): AwsError =>
    new AwsError('ResourceInUseException', 'The specified access entry resource is already in use on this cluster.', 409, 'Sender', clusterField(clusterName)),
  /** AWS's exact text for a missing access entry is not known from recordings. */
  noAccessEntry: (clusterName: string, principalArn: string): AwsError =>
    new AwsError('ResourceNotFoundException', `The specified principalArn could not be found: ${principalArn}.`, 404, 'Sender', clusterField(clusterName)),
  /** AWS's exact text is not known from recordings. */
  noPodIdentityAssociation: (clusterName: string, id: string): AwsError =>
    new AwsError('ResourceNotFoundException', `No pod identity association found with id: ${id}.`, 404, 'Sender', clusterField(clusterName)),
  /** AWS's exact text is not known from recordings. */
  podIdentityAssociationExists: (clusterName: string, namespace: string, serviceAccount: string): AwsError =>
    new AwsError('ResourceInUseException', `Association already exists for namespace: ${namespace} and service account: ${serviceAccount}.`, 409, 'Sender', clusterField(clusterName)),
  /** Recorded: "No update found for ID: <id>" (ResourceNotFoundException, with clusterName). */
  noUpdate: (clusterName: string, id: string): AwsError => new AwsError('ResourceNotFoundException', `No update found for ID: ${id}`, 404, 'Sender', clusterField(clusterName)),
  /** Recorded: "No node group found for name: <name>." (with clusterName and nodegroupName). */
  noNodegroup: (clusterName: string, nodegroupName: string): AwsError =>
    new AwsError('ResourceNotFoundException', `No node group found for name: ${nodegroupName}.`, 404, 'Sender', { ...clusterField(clusterName), nodegroupName }),
  /** AWS's exact text for a missing add-on is not known from recordings. */
  noAddon: (clusterName: string, addonName: string): AwsError =>
    new AwsError('ResourceNotFoundException', `No addon: ${addonName} found in cluster: ${clusterName}`, 404, 'Sender', { ...clusterField(clusterName), addonName }),
  /** AWS's exact text for a missing capability is not known from recordings. */
  noCapability: (clusterName: string, capabilityName: string): AwsError =>
    new AwsError('ResourceNotFoundException', `No capability found for name: ${capabilityName}.`, 404, 'Sender', clusterField(clusterName)),
  /** Recorded: UpdateClusterConfig with settings of more than one update type. */
  oneUpdateType: (clusterName: string): AwsError => new AwsError('InvalidParameterException', 'Only one type of update can be allowed.', 400, 'Sender', clusterField(clusterName)),
  /** Recorded: a logging update that changes nothing. */
  noLoggingChange: (clusterName: string): AwsError => new AwsError('InvalidParameterException', 'No changes needed for the logging config provided', 400, 'Sender', clusterField(clusterName)),
  /** A nextToken Gatehouse did not give out. AWS's exact text for it is not known from recordings. */
  invalidNextToken: (clusterName?: string): AwsError => new AwsError('InvalidParameterException', 'The nextToken provided is not valid.', 400, 'Sender', clusterField(clusterName)),
  invalidParameter: (message: string, clusterName?: string): AwsError => new AwsError('InvalidParameterException', message, 400, 'Sender', clusterField(clusterName)),
  invalidRequest: (message: string, clusterName?: string): AwsError => new AwsError('InvalidRequestException', message, 400, 'Sender', clusterField(clusterName)),
  /** AWS's exact text is not known from recordings. */
  noResource: (arn: string): AwsError => new AwsError('NotFoundException', `Resource not found: ${arn}`, 404, 'Sender'),
  badArn: (arn: string): AwsError => new AwsError('BadRequestException', `${arn} is not a valid ARN`, 400, 'Sender'),
};
