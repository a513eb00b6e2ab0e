/**
 * The doctor's calls through the AWS SDK for JavaScript v3 — the same code path against
 * Gatehouse (`--endpoint`, signed with the standard chain or the data directory's root profile)
 * and against a real account (the standard credential chain, `--profile`, `--region`). Loaded
 * only when the doctor reads an account: recognising text needs no SDK.
 */
import type { AwsService, SendCall } from './account-reader.js';

export interface SdkTarget {
  /** Gatehouse's endpoint; undefined for AWS itself. */
  readonly endpoint?: string;
  readonly region: string;
  readonly profile?: string;
  /** Static credentials (Gatehouse's root profile); undefined for the SDK's default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

interface SdkClient {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}

type ClientModule = Record<string, unknown>;

const MODULES: Readonly<Record<AwsService, { readonly load: () => Promise<ClientModule>; readonly client: string }>> = {
  iam: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' },
  sts: { load: () => import('@aws-sdk/client-sts'), client: 'STSClient' },
  organizations: { load: () => import('@aws-sdk/client-organizations'), client: 'OrganizationsClient' },
  eks: { load: () => import('@aws-sdk/client-eks'), client: 'EKSClient' },
};

/** A sender over SDK clients made on first use; `close` destroys them. */
export function sdkSender(target: SdkTarget): { send: SendCall; close: () => void } {
  // The SDK warns on Node 20 about its releases of next year, not this one; the warning would be
  // mixed into the command's answer.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const clients = new Map<AwsService, { client: SdkClient; module: ClientModule }>();
  const clientFor = async (service: AwsService): Promise<{ client: SdkClient; module: ClientModule }> => {
    let c = clients.get(service);
    if (c === undefined) {
      const spec = MODULES[service];
      const module = await spec.load();
      const Client = module[spec.client] as new (config: Record<string, unknown>) => SdkClient;
      // IAM and Organizations are global services signed for us-east-1 (aws partition); STS and EKS are regional.
      const region = service === 'sts' || service === 'eks' ? target.region : 'us-east-1';
      const client = new Client({
        region,
        maxAttempts: 2,
        ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
        ...(target.profile !== undefined ? { profile: target.profile } : {}),
        ...(target.credentials !== undefined ? { credentials: target.credentials } : {}),
      });
      c = { client, module };
      clients.set(service, c);
    }
    return c;
  };
  return {
    async send(service, operation, input) {
      const { client, module } = await clientFor(service);
      const Command = module[`${operation}Command`] as (new (input: unknown) => unknown) | undefined;
      if (Command === undefined) throw new Error(`the SDK has no ${service} ${operation}`);
      return (await client.send(new Command(input))) as Record<string, unknown>;
    },
    close() {
      for (const { client } of clients.values()) client.destroy();
    },
  };
}
