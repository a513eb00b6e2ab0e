/**
 * Virtual MFA devices (id_credentials_mfa_enable_virtual.md): CreateVirtualMFADevice,
 * DeleteVirtualMFADevice, ListVirtualMFADevices; their tags are served by `tags.ts`.
 *
 * A device is an account resource `arn:aws:iam::<account>:mfa/<path><name>`, whose ARN is its
 * serial number. Its name is unique in the account whether or not it was ever enabled: a device
 * created and never enabled (a console MFA assignment cancelled half way) blocks a new device of
 * that name until it is deleted (troubleshoot_general.md, "I am not authorized to perform:
 * iam:DeleteVirtualMFADevice"). The seed is returned by CreateVirtualMFADevice only, as base32
 * text and as a QR code, and kept sealed for checking codes later (`mfa-verification.ts`).
 */
import { randomBytes } from 'node:crypto';
import { iamArn, parseArn, type AccountId } from '../../aws/arn.js';
import { base32Encode } from '../../aws/base32.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { UserRecord, VirtualMfaDeviceRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { Authorization, OperationContext, OperationDef } from '../operation.js';
import { requestTagKeys, resourceTagKeys } from './condition-keys.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { optionalString, requiredString, tagList } from './input-fields.js';
import { otpauthUri, qrCodePng } from './mfa-qr-code.js';
import { SEED_BYTES } from './mfa-verification.js';
import { tagsShape, userShape } from './output-shapes.js';
import { listAll, pageFields, pageInMemory, pageRequest } from './paging.js';
import { ROOT_PATH } from './path-rules.js';
import type { ResourceTarget } from './resource-targets.js';
import { initialTags } from './tag-rules.js';
import { putUnique } from './unique-insert.js';

/** The ARN a serial number names for authorization: itself when it is an ARN, else an MFA ARN of the account. */
function serialResource(ctx: OperationContext, serialNumber: string): string {
  return parseArn(serialNumber) !== undefined ? serialNumber : iamArn(ctx.accountId as AccountId, 'mfa', serialNumber);
}

/** A virtual MFA device of the account by serial number; NoSuchEntity (recorded wording) otherwise. */
export async function requireMfaDevice(c: ReadCollections, accountId: string, serialNumber: string): Promise<VirtualMfaDeviceRecord> {
  const device = await c.virtualMfaDevices.getById(serialNumber);
  if (device?.AccountId !== accountId) throw iamMessages.noSuchMfaDevice(serialNumber);
  return device;
}

/** What authorization needs of a device: its ARN and its tags (`aws:ResourceTag/...`). */
export async function mfaDeviceTarget(ctx: OperationContext, serialNumber: string): Promise<ResourceTarget> {
  const device = await ctx.store.read.virtualMfaDevices.getById(serialNumber);
  return { arn: serialResource(ctx, serialNumber), tags: device?.AccountId === ctx.accountId ? device.Tags : [] };
}

async function deviceAuthorization(action: string, input: WireRecord, ctx: OperationContext): Promise<Authorization> {
  const target = await mfaDeviceTarget(ctx, requiredString(input, 'SerialNumber'));
  return { action, resource: target.arn, keys: resourceTagKeys(target.tags) };
}

export const createVirtualMfaDevice: OperationDef = {
  name: 'CreateVirtualMFADevice',
  readOnly: false,
  authorize(input, ctx) {
    const name = requiredString(input, 'VirtualMFADeviceName');
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    return { action: 'iam:CreateVirtualMFADevice', resource: iamArn(ctx.accountId as AccountId, 'mfa', name, path), keys: requestTagKeys(tagList(input)) };
  },
  async handler(input, ctx) {
    const name = requiredString(input, 'VirtualMFADeviceName');
    // The model's pattern is checked by the decoder; IAM accepts empty segments in MFA paths
    // (recorded: `/test//double/`), unlike its rule for users.
    const path = optionalString(input, 'Path') ?? ROOT_PATH;
    const tags = initialTags(tagList(input));
    const serialNumber = iamArn(ctx.accountId as AccountId, 'mfa', name, path);
    const seed = randomBytes(SEED_BYTES);
    const png = await qrCodePng(otpauthUri(seed, name, ctx.accountId));
    const device: VirtualMfaDeviceRecord = {
      AccountId: ctx.accountId,
      SerialNumber: serialNumber,
      Path: path,
      VirtualMFADeviceName: name,
      SealedSeed: ctx.sealer.seal(seed, serialNumber),
      CreateDate: isoSeconds(ctx.now),
      Tags: tags,
    };
    await ctx.store.transaction(async (tx) => {
      // The same name and path is the same serial number: an existing record would be replaced.
      if ((await tx.virtualMfaDevices.getById(serialNumber)) !== undefined) throw iamMessages.mfaDeviceAlreadyExists();
      await putUnique(tx.virtualMfaDevices, device, () => iamMessages.mfaDeviceAlreadyExists());
    });
    return {
      VirtualMFADevice: {
        SerialNumber: serialNumber,
        // Both are blobs on the wire: the base32 text's bytes, and the PNG's.
        Base32StringSeed: Buffer.from(base32Encode(seed), 'ascii'),
        QRCodePNG: png,
        ...(tags.length > 0 ? { Tags: tagsShape(tags) } : {}),
      },
    };
  },
};

export const deleteVirtualMfaDevice: OperationDef = {
  name: 'DeleteVirtualMFADevice',
  readOnly: false,
  authorize: (input, ctx) => deviceAuthorization('iam:DeleteVirtualMFADevice', input, ctx),
  async handler(input, ctx) {
    const serialNumber = requiredString(input, 'SerialNumber');
    await ctx.store.transaction(async (tx) => {
      const device = await requireMfaDevice(tx, ctx.accountId, serialNumber);
      if (device.UserId !== undefined) throw iamMessages.mfaDeviceStillEnabled();
      await tx.virtualMfaDevices.delete(device.SerialNumber);
    });
    return {};
  },
};

type AssignmentStatus = 'Assigned' | 'Unassigned' | 'Any';

/** ListVirtualMFADevices' entry: SerialNumber, and for an enabled device its user and EnableDate (recorded). */
function listedDevice(device: VirtualMfaDeviceRecord, user: UserRecord | undefined): WireRecord {
  if (device.UserId === undefined || user === undefined) return { SerialNumber: device.SerialNumber };
  const { Path, UserName, UserId, Arn, CreateDate, PasswordLastUsed } = userShape(user, 'list');
  return {
    SerialNumber: device.SerialNumber,
    User: { Path, UserName, UserId, Arn, CreateDate, ...(PasswordLastUsed === undefined ? {} : { PasswordLastUsed }) },
    ...(device.EnableDate === undefined ? {} : { EnableDate: wireDate(device.EnableDate) }),
  };
}

export const listVirtualMfaDevices: OperationDef = {
  name: 'ListVirtualMFADevices',
  readOnly: true,
  authorize: () => ({ action: 'iam:ListVirtualMFADevices', resource: '*' }),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const status = (optionalString(input, 'AssignmentStatus') ?? 'Any') as AssignmentStatus;
    const all = await listAll((marker) => read.virtualMfaDevices.list({ scope: ctx.accountId, ...(marker === undefined ? {} : { marker }), maxItems: 1000 }));
    const wanted = all.filter((d) => status === 'Any' || (status === 'Assigned') === (d.UserId !== undefined));
    const page = pageInMemory(wanted, pageRequest(input));
    const entries: WireRecord[] = [];
    for (const device of page.items) {
      const user = device.UserId === undefined ? undefined : await read.users.getById(device.UserId);
      entries.push(listedDevice(device, user));
    }
    return { VirtualMFADevices: entries, ...pageFields(page) };
  },
};

export const virtualMfaDeviceOperations: readonly OperationDef[] = [createVirtualMfaDevice, deleteVirtualMfaDevice, listVirtualMfaDevices];
