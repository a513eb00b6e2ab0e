/**
 * The AWS managed policies Gatehouse knows, with their current default documents. They are not
 * stored per account: attachments name them by ARN, and GetPolicy / GetPolicyVersion answer from
 * this table.
 *
 * Documents are AWS's published default versions. AdministratorAccess's PolicyId, creation date
 * and version come from recorded ListPolicies output; IAMReadOnlyAccess's version and version date
 * from recorded GetPolicyVersion output. The other PolicyIds, version numbers and dates are not
 * confirmed by a recording (marked below).
 */
export interface AwsManagedPolicy {
  readonly PolicyName: string;
  readonly PolicyId: string;
  readonly Arn: string;
  readonly Path: string;
  readonly Description: string;
  readonly DefaultVersionId: string;
  readonly CreateDate: string;
  readonly UpdateDate: string;
  readonly Document: string;
}

function managed(p: Omit<AwsManagedPolicy, 'Arn' | 'Path' | 'Document'> & { readonly document: object }): AwsManagedPolicy {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: `arn:aws:iam::aws:policy/${p.PolicyName}`,
    Path: '/',
    Description: p.Description,
    DefaultVersionId: p.DefaultVersionId,
    CreateDate: p.CreateDate,
    UpdateDate: p.UpdateDate,
    Document: JSON.stringify(p.document),
  };
}

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  managed({
    PolicyName: 'AdministratorAccess',
    PolicyId: 'ANPAIWMBCKSKIEE64ZLYK',
    Description: 'Provides full access to AWS services and resources.',
    DefaultVersionId: 'v1',
    CreateDate: '2015-02-06T18:39:46Z',
    UpdateDate: '2015-02-06T18:39:46Z',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  }),
  managed({
    PolicyName: 'IAMFullAccess',
    // PolicyId, version and dates not confirmed by a recording.
    PolicyId: 'ANPAI7XKCFMBPM3QQRRVQ',
    Description: 'Provides full access to IAM via the AWS Management Console.',
    DefaultVersionId: 'v2',
    CreateDate: '2015-02-06T18:40:38Z',
    UpdateDate: '2019-06-21T19:40:00Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'iam:*',
            'organizations:DescribeAccount',
            'organizations:DescribeOrganization',
            'organizations:DescribeOrganizationalUnit',
            'organizations:DescribePolicy',
            'organizations:ListChildren',
            'organizations:ListParents',
            'organizations:ListPoliciesForTarget',
            'organizations:ListRoots',
            'organizations:ListPolicies',
            'organizations:ListTargetsForPolicy',
          ],
          Resource: '*',
        },
      ],
    },
  }),
  managed({
    PolicyName: 'IAMReadOnlyAccess',
    // PolicyId and CreateDate not confirmed by a recording.
    PolicyId: 'ANPAJKSO7NDY4T57MWDSQ',
    Description: 'Provides read only access to IAM via the AWS Management Console.',
    DefaultVersionId: 'v4',
    CreateDate: '2015-02-06T18:40:39Z',
    UpdateDate: '2018-01-25T19:11:27Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'iam:GenerateCredentialReport',
            'iam:GenerateServiceLastAccessedDetails',
            'iam:Get*',
            'iam:List*',
            'iam:SimulateCustomPolicy',
            'iam:SimulatePrincipalPolicy',
          ],
          Resource: '*',
        },
      ],
    },
  }),
  managed({
    // PolicyId, version and dates from recorded ListPolicies output.
    PolicyName: 'AmazonS3FullAccess',
    PolicyId: 'ANPAIFIR6V6BVTRAHWINE',
    Description: 'Provides full access to all buckets via the AWS Management Console.',
    DefaultVersionId: 'v2',
    CreateDate: '2015-02-06T18:40:58Z',
    UpdateDate: '2021-09-27T20:16:37Z',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }] },
  }),
  managed({
    // PolicyId, version and dates from recorded ListPolicies output.
    PolicyName: 'AmazonS3ReadOnlyAccess',
    PolicyId: 'ANPAIZTJ4DXE7G6AGAE6M',
    Description: 'Provides read only access to all buckets via the AWS Management Console.',
    DefaultVersionId: 'v3',
    CreateDate: '2015-02-06T18:40:59Z',
    UpdateDate: '2023-08-10T21:31:39Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' },
      ],
    },
  }),
  managed({
    PolicyName: 'PowerUserAccess',
    // PolicyId, version and dates not confirmed by a recording.
    PolicyId: 'ANPAJYRXTHIB4FOVS3ZXS',
    Description: 'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    DefaultVersionId: 'v5',
    CreateDate: '2015-02-06T18:39:47Z',
    UpdateDate: '2023-07-06T22:04:00Z',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: [
            'account:GetAccountInformation',
            'account:GetPrimaryEmail',
            'account:ListRegions',
            'iam:CreateServiceLinkedRole',
            'iam:DeleteServiceLinkedRole',
            'iam:ListRoles',
            'organizations:DescribeOrganization',
          ],
          Resource: '*',
        },
      ],
    },
  }),
];

const BY_ARN = new Map(AWS_MANAGED_POLICIES.map((p) => [p.Arn, p]));

/** The AWS managed policy with this ARN, if Gatehouse knows it. */
export function awsManagedPolicy(policyArn: string): AwsManagedPolicy | undefined {
  return BY_ARN.get(policyArn);
}

/** Is this ARN in the AWS managed namespace (`arn:aws:iam::aws:policy/...`)? */
export function isAwsManagedArn(policyArn: string): boolean {
  return /^arn:[a-z-]+:iam::aws:policy\//.test(policyArn);
}
