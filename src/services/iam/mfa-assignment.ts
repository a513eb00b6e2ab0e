/**
 * MFA devices in use by IAM users: EnableMFADevice (two consecutive codes of the device),
 * DeactivateMFADevice, ResyncMFADevice, ListMFADevices, GetMFADevice. All are authorized on the
 * user (`arn:aws:iam::<account>:user/<name>`), as AWS's self-manage-MFA policy examples show.
 *
 * A user may have up to 8 MFA devices in use (reference_iam-quotas.md). Codes accepted here move
 * the device's last used time step forward, so neither these codes nor older ones are accepted
 * again, here or by STS.
 */
import { awsErrors } from '../../aws/aws-error.js';
import type { WireRecord } from '../../aws/wire-value.js';
import type { UserRecord, VirtualMfaDeviceRecord } from '../../state/records.js';
import type { ReadCollections } from '../../state/store.js';
import type { OperationDef } from '../operation.js';
import { namedUserAuthorization, subjectAuthorization, subjectHolder, userNameField } from './caller-subject.js';
import { requireUser } from './entity-lookup.js';
import { isoSeconds, wireDate } from './iam-dates.js';
import { iamMessages } from './iam-messages.js';
import { requiredString } from './input-fields.js';
import { consecutiveCodesStep, deviceSeed, ENABLE_WINDOW, RESYNC_WINDOW } from './mfa-verification.js';
import { listPage, pageFields, pageRequest } from './paging.js';
import { timeStep } from './totp.js';
import { requireMfaDevice } from './virtual-mfa-devices.js';

export const MAX_MFA_DEVICES_PER_USER = 8;

/** The device `serialNumber` enabled for the holder; NoSuchEntity (recorded wording) otherwise. */
async function requireAssignedDevice(c: ReadCollections, accountId: string, holderId: string, serialNumber: string): Promise<VirtualMfaDeviceRecord> {
  const device = await c.virtualMfaDevices.getById(serialNumber);
  if (device?.AccountId !== accountId || device.UserId !== holderId) throw iamMessages.noSuchMfaDevice(serialNumber);
  return device;
}

function mfaDeviceShape(device: VirtualMfaDeviceRecord, user: UserRecord): WireRecord {
  return { UserName: user.UserName, SerialNumber: device.SerialNumber, EnableDate: wireDate(device.EnableDate ?? device.CreateDate) };
}

export const enableMfaDevice: OperationDef = {
  name: 'EnableMFADevice',
  readOnly: false,
  authorize: (input, ctx) => namedUserAuthorization('iam:EnableMFADevice', input, ctx),
  async handler(input, ctx) {
    const serialNumber = requiredString(input, 'SerialNumber');
    const code1 = requiredString(input, 'AuthenticationCode1');
    const code2 = requiredString(input, 'AuthenticationCode2');
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, requiredString(input, 'UserName'));
      const device = await requireMfaDevice(tx, ctx.accountId, serialNumber);
      if (device.UserId !== undefined) throw iamMessages.mfaDeviceAlreadyEnabled();
      if ((await tx.virtualMfaDevices.count({ scope: ctx.accountId, ref: user.UserId })) >= MAX_MFA_DEVICES_PER_USER) {
        throw awsErrors.limitExceeded('MFADevicesPerUser', MAX_MFA_DEVICES_PER_USER);
      }
      const step = consecutiveCodesStep(deviceSeed(ctx.sealer, device), code1, code2, ctx.now, device.LastUsedStep, ENABLE_WINDOW);
      if (step === undefined) throw iamMessages.invalidAuthenticationCode();
      // Late codes still enable the device, which is then out of sync until resynchronised.
      await tx.virtualMfaDevices.put({ ...device, UserId: user.UserId, EnableDate: isoSeconds(ctx.now), LastUsedStep: step });
    });
    return {};
  },
};

export const deactivateMfaDevice: OperationDef = {
  name: 'DeactivateMFADevice',
  readOnly: false,
  authorize: (input, ctx) => subjectAuthorization('iam:DeactivateMFADevice', input, ctx),
  async handler(input, ctx) {
    const serialNumber = requiredString(input, 'SerialNumber');
    await ctx.store.transaction(async (tx) => {
      const holder = await subjectHolder(tx, ctx, input);
      const device = await requireAssignedDevice(tx, ctx.accountId, holder.holderId, serialNumber);
      // The device stays in the account, unassigned; its last used step is kept, so codes it
      // already gave are not accepted if it is enabled again.
      const { UserId: _user, EnableDate: _enabled, ...unassigned } = device;
      await tx.virtualMfaDevices.put(unassigned);
    });
    return {};
  },
};

export const resyncMfaDevice: OperationDef = {
  name: 'ResyncMFADevice',
  readOnly: false,
  authorize: (input, ctx) => namedUserAuthorization('iam:ResyncMFADevice', input, ctx),
  async handler(input, ctx) {
    const serialNumber = requiredString(input, 'SerialNumber');
    const code1 = requiredString(input, 'AuthenticationCode1');
    const code2 = requiredString(input, 'AuthenticationCode2');
    await ctx.store.transaction(async (tx) => {
      const user = await requireUser(tx, ctx.accountId, requiredString(input, 'UserName'));
      const device = await requireAssignedDevice(tx, ctx.accountId, user.UserId, serialNumber);
      const step = consecutiveCodesStep(deviceSeed(ctx.sealer, device), code1, code2, ctx.now, device.LastUsedStep, RESYNC_WINDOW);
      if (step === undefined) throw iamMessages.invalidAuthenticationCode();
      // The device's clock is where its latest code says it is.
      await tx.virtualMfaDevices.put({ ...device, LastUsedStep: step, DriftSteps: step - timeStep(ctx.now) });
    });
    return {};
  },
};

export const listMfaDevices: OperationDef = {
  name: 'ListMFADevices',
  readOnly: true,
  authorize: (input, ctx) => subjectAuthorization('iam:ListMFADevices', input, ctx),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const holder = await subjectHolder(read, ctx, input);
    const page = await listPage(() => read.virtualMfaDevices.list({ scope: ctx.accountId, ref: holder.holderId, ...pageRequest(input) }));
    const user = holder.user;
    return { MFADevices: user === undefined ? [] : page.items.map((d) => mfaDeviceShape(d, user)), ...pageFields(page) };
  },
};

/**
 * GetMFADevice. AWS documents it for FIDO security keys only; Gatehouse has virtual devices only,
 * and answers for an enabled virtual device as for a security key (AWS's answer for a virtual
 * device is not confirmed by a recording).
 */
export const getMfaDevice: OperationDef = {
  name: 'GetMFADevice',
  readOnly: true,
  authorize: (input, ctx) => subjectAuthorization('iam:GetMFADevice', input, ctx),
  async handler(input, ctx) {
    const read = ctx.store.read;
    const holder = await subjectHolder(read, ctx, input);
    const device = await requireAssignedDevice(read, ctx.accountId, holder.holderId, requiredString(input, 'SerialNumber'));
    return {
      ...userNameField(holder),
      SerialNumber: device.SerialNumber,
      ...(device.EnableDate === undefined ? {} : { EnableDate: wireDate(device.EnableDate) }),
    };
  },
};

export const mfaAssignmentOperations: readonly OperationDef[] = [enableMfaDevice, deactivateMfaDevice, resyncMfaDevice, listMfaDevices, getMfaDevice];
