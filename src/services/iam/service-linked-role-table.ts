/**
 * The services CreateServiceLinkedRole knows: for each service principal, the role it creates
 * (in `/aws-service-role/<service>/`), the AWS managed policies attached to it, and whether a
 * CustomSuffix may tell several roles of the service apart. The services Gatehouse emulates come
 * first (EKS: using-service-linked-roles-eks.md; Organizations), then widely used ones. Role names,
 * policies and suffix support are those AWS's recorded replies show; the policy documents are
 * AWS managed policies, named by ARN.
 */

export interface ServiceLinkedRoleSpec {
  readonly service: string;
  readonly roleName: string;
  /** AWS managed policies (under `arn:aws:iam::aws:policy/aws-service-role/`) attached to the role. */
  readonly policies: readonly string[];
  /** Whether CreateServiceLinkedRole accepts a CustomSuffix (then the name is `<roleName>_<suffix>`). */
  readonly customSuffix: boolean;
}

const spec = (service: string, roleName: string, policy: string, customSuffix = false): ServiceLinkedRoleSpec => ({
  service,
  roleName,
  policies: [`arn:aws:iam::aws:policy/aws-service-role/${policy}`],
  customSuffix,
});

export const SERVICE_LINKED_ROLES: readonly ServiceLinkedRoleSpec[] = [
  spec('eks.amazonaws.com', 'AWSServiceRoleForAmazonEKS', 'AmazonEKSServiceRolePolicy'),
  spec('eks-nodegroup.amazonaws.com', 'AWSServiceRoleForAmazonEKSNodegroup', 'AWSServiceRoleForAmazonEKSNodegroup'),
  spec('eks-fargate.amazonaws.com', 'AWSServiceRoleForAmazonEKSForFargate', 'AmazonEKSForFargateServiceRolePolicy'),
  spec('eks-connector.amazonaws.com', 'AWSServiceRoleForAmazonEKSConnector', 'AmazonEKSConnectorServiceRolePolicy'),
  spec('organizations.amazonaws.com', 'AWSServiceRoleForOrganizations', 'AWSOrganizationsServiceTrustPolicy'),
  spec('sso.amazonaws.com', 'AWSServiceRoleForSSO', 'AWSSSOServiceRolePolicy'),
  spec('autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling', 'AutoScalingServiceRolePolicy', true),
  spec('elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing', 'AWSElasticLoadBalancingServiceRolePolicy'),
  spec('ecs.amazonaws.com', 'AWSServiceRoleForECS', 'AmazonECSServiceRolePolicy'),
  spec('spot.amazonaws.com', 'AWSServiceRoleForEC2Spot', 'AWSEC2SpotServiceRolePolicy'),
  spec('spotfleet.amazonaws.com', 'AWSServiceRoleForEC2SpotFleet', 'AWSEC2SpotFleetServiceRolePolicy'),
  spec('rds.amazonaws.com', 'AWSServiceRoleForRDS', 'AmazonRDSServiceRolePolicy'),
  spec('elasticache.amazonaws.com', 'AWSServiceRoleForElastiCache', 'ElastiCacheServiceRolePolicy'),
  spec('es.amazonaws.com', 'AWSServiceRoleForAmazonElasticsearchService', 'AmazonElasticsearchServiceRolePolicy'),
  spec('opensearchservice.amazonaws.com', 'AWSServiceRoleForAmazonOpenSearchService', 'AmazonOpenSearchServiceRolePolicy'),
  spec('cloudtrail.amazonaws.com', 'AWSServiceRoleForCloudTrail', 'CloudTrailServiceRolePolicy'),
  spec('config.amazonaws.com', 'AWSServiceRoleForConfig', 'AWSConfigServiceRolePolicy'),
  spec('guardduty.amazonaws.com', 'AWSServiceRoleForAmazonGuardDuty', 'AmazonGuardDutyServiceRolePolicy'),
  spec('support.amazonaws.com', 'AWSServiceRoleForSupport', 'AWSSupportServiceRolePolicy'),
  spec('trustedadvisor.amazonaws.com', 'AWSServiceRoleForTrustedAdvisor', 'AWSTrustedAdvisorServiceRolePolicy'),
  spec('ssm.amazonaws.com', 'AWSServiceRoleForAmazonSSM', 'AmazonSSMServiceRolePolicy'),
  spec('batch.amazonaws.com', 'AWSServiceRoleForBatch', 'BatchServiceRolePolicy'),
  spec('backup.amazonaws.com', 'AWSServiceRoleForBackup', 'AWSBackupServiceLinkedRolePolicyForBackup'),
  spec('acm.amazonaws.com', 'AWSServiceRoleForCertificateManager', 'CertificateManagerServiceRolePolicy'),
  spec('kafka.amazonaws.com', 'AWSServiceRoleForKafka', 'KafkaServiceRolePolicy'),
  spec('ops.apigateway.amazonaws.com', 'AWSServiceRoleForAPIGateway', 'APIGatewayServiceRolePolicy'),
  spec('lexv2.amazonaws.com', 'AWSServiceRoleForLexV2Bots', 'AmazonLexV2BotPolicy', true),
  spec('connect.amazonaws.com', 'AWSServiceRoleForAmazonConnect', 'AmazonConnectServiceLinkedRolePolicy', true),
];

const BY_SERVICE = new Map(SERVICE_LINKED_ROLES.map((s) => [s.service, s]));

export function serviceLinkedRoleSpec(service: string): ServiceLinkedRoleSpec | undefined {
  return BY_SERVICE.get(service);
}
