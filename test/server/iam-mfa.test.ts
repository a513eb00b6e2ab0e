/**
 * Virtual MFA devices through the JS SDK v3, with codes from an independent authenticator
 * implementation: the seed and QR code CreateVirtualMFADevice hands out, EnableMFADevice with two
 * consecutive codes, codes never accepted twice, resync, deactivation, tags, listings with their
 * assignment filter and paging, the STS code check (`verifyTotp`), and the troubleshooting case
 * of a device created but never enabled (troubleshoot_general.md, "I am not authorized to
 * perform: iam:DeleteVirtualMFADevice").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  GetMFADeviceCommand,
  ListMFADeviceTagsCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { URI, TOTP } from 'otpauth';
import { ACCOUNT_ID, createUserWithKey, startFixture, type GatehouseFixture } from '../support/gatehouse-fixture.js';
import { policyDocument, rejectsWithAws } from '../support/aws-assertions.js';
import { authenticatorFor, SELF_MANAGE_MFA_POLICY } from '../support/mfa-fixtures.js';
import { readQrCode } from '../support/qr-reader.js';
import { verifyTotp } from '../../src/services/iam/mfa-verification.js';
import { secretSealer } from '../../src/state/secret-sealer.js';
import { loadSealingKey } from '../../src/server/sealing-key.js';

const INVALID_CODE = { code: 'InvalidAuthenticationCode', message: 'Authentication code for device is not valid.', status: 403 };

describe('IAM virtual MFA devices through the JS SDK v3', () => {
  let gh: GatehouseFixture;
  let iam: IAMClient;
  before(async () => {
    gh = await startFixture();
    iam = gh.iam;
  });
  after(() => gh.close());

  async function createDevice(name: string, path?: string) {
    const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, ...(path === undefined ? {} : { Path: path }) }));
    const device = out.VirtualMFADevice!;
    return { serial: device.SerialNumber!, seed: device.Base32StringSeed!, png: device.QRCodePNG!, app: authenticatorFor(device.Base32StringSeed!) };
  }

  it('creates a device: its ARN is the serial number, the seed is 64 base32 characters, the QR code carries the same seed', async () => {
    const { serial, seed, png } = await createDevice('alpha');
    assert.equal(serial, `arn:aws:iam::${ACCOUNT_ID}:mfa/alpha`);
    const base32 = Buffer.from(seed).toString('ascii');
    assert.match(base32, /^[A-Z2-7]{64}$/);
    const uri = readQrCode(png);
    assert.ok(uri?.startsWith('otpauth://totp/'), uri);
    const fromQr = URI.parse(uri ?? '');
    assert.ok(fromQr instanceof TOTP);
    assert.equal(fromQr.secret.base32, base32);
    assert.equal(fromQr.label, `alpha@${ACCOUNT_ID}`);
    const withPath = await createDevice('beta', '/team//sub/');
    assert.equal(withPath.serial, `arn:aws:iam::${ACCOUNT_ID}:mfa/team//sub/beta`);
    // The seed is shown once: the audit trail records the call without it, and the store keeps it sealed.
    const trail = await gh.cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateVirtualMFADevice' }] }));
    const event = (trail.Events ?? []).map((e) => e.CloudTrailEvent ?? '').find((e) => e.includes('mfa/alpha'));
    assert.ok(event !== undefined);
    assert.ok(!event.includes(base32) && !event.toLowerCase().includes('base32stringseed') && !event.toLowerCase().includes('qrcodepng'));
    const stored = await gh.server.store.read.virtualMfaDevices.getById(serial);
    assert.match(stored?.SealedSeed ?? '', /^v1\./);
    assert.ok(!JSON.stringify(stored).includes(base32));
  });

  it('refuses a second device of the same name, a bad path, and unknown serial numbers with AWS\'s words', async () => {
    await createDevice('gamma');
    await rejectsWithAws(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'gamma' })), { code: 'EntityAlreadyExists', message: 'MFA device already exists.', status: 409 });
    await rejectsWithAws(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'GAMMA', Path: '/other/' })), { code: 'EntityAlreadyExists', message: 'MFA device already exists.' });
    for (const Path of ['invalid-path/', '/invalid-path']) {
      await rejectsWithAws(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'delta', Path })), {
        code: 'ValidationError',
        message: 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
        status: 400,
      });
    }
    const missing = `arn:aws:iam::${ACCOUNT_ID}:mfa/nonexistent-device`;
    await rejectsWithAws(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: missing })), {
      code: 'NoSuchEntity',
      message: `MFA Device with serial number ${missing} does not exist.`,
      status: 404,
    });
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/gamma` }));
    await createDevice('gamma');
  });

  it('enables a device with two consecutive codes, refuses wrong, reused and reversed codes, and lists it as assigned', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'mia' }));
    const { serial, app } = await createDevice('mia-phone');
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mia' }))).MFADevices, []);
    await rejectsWithAws(iam.send(new EnableMFADeviceCommand({ UserName: 'mia', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })), INVALID_CODE);
    await rejectsWithAws(
      iam.send(new EnableMFADeviceCommand({ UserName: 'mia', SerialNumber: serial, AuthenticationCode1: app.code(0), AuthenticationCode2: app.code(-1) })),
      INVALID_CODE,
    );
    await rejectsWithAws(
      iam.send(new EnableMFADeviceCommand({ UserName: 'nobody', SerialNumber: serial, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) })),
      { code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.', status: 404 },
    );
    await iam.send(new EnableMFADeviceCommand({ UserName: 'mia', SerialNumber: serial, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) }));
    const listed = (await iam.send(new ListMFADevicesCommand({ UserName: 'mia' }))).MFADevices ?? [];
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.SerialNumber, serial);
    assert.equal(listed[0]?.UserName, 'mia');
    assert.ok(listed[0]?.EnableDate instanceof Date);
    const got = await iam.send(new GetMFADeviceCommand({ UserName: 'mia', SerialNumber: serial }));
    assert.equal(got.SerialNumber, serial);
    const assigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices ?? [];
    const entry = assigned.find((d) => d.SerialNumber === serial);
    assert.equal(entry?.User?.UserName, 'mia');
    assert.equal(entry?.User?.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/mia`);
    assert.ok(entry?.EnableDate instanceof Date);
    const unassigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices ?? [];
    assert.ok(!unassigned.some((d) => d.SerialNumber === serial));
    // Enabled devices cannot be enabled again, deleted, nor their user deleted.
    await rejectsWithAws(
      iam.send(new EnableMFADeviceCommand({ UserName: 'mia', SerialNumber: serial, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) })),
      { code: 'EntityAlreadyExists', message: 'MFA Device is already in use.' },
    );
    await rejectsWithAws(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), { code: 'DeleteConflict', message: 'Cannot delete entity, must deactivate MFA device first.', status: 409 });
    await rejectsWithAws(iam.send(new DeleteUserCommand({ UserName: 'mia' })), { code: 'DeleteConflict', message: 'Cannot delete entity, must delete MFA device first.', status: 409 });
    // Deactivated, the device is unassigned; the codes it already gave are not accepted again.
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mia', SerialNumber: serial }));
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mia' }))).MFADevices, []);
    await rejectsWithAws(
      iam.send(new EnableMFADeviceCommand({ UserName: 'mia', SerialNumber: serial, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) })),
      INVALID_CODE,
    );
    await rejectsWithAws(iam.send(new DeactivateMFADeviceCommand({ UserName: 'mia', SerialNumber: serial })), {
      code: 'NoSuchEntity',
      message: `MFA Device with serial number ${serial} does not exist.`,
      status: 404,
    });
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await iam.send(new DeleteUserCommand({ UserName: 'mia' }));
  });

  it('checks STS codes with verifyTotp: the device\'s current code once, never twice, nor an older one; a resync moves the device\'s clock', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'noah' }));
    const { serial, app } = await createDevice('noah-phone');
    const deps = { store: gh.server.store, sealer: secretSealer(loadSealingKey(gh.dataDir)), accountId: ACCOUNT_ID };
    assert.deepEqual(await verifyTotp(deps, serial, app.code(), new Date()), { ok: false, reason: 'not-enabled' });
    const enabledAt = Date.now();
    await iam.send(new EnableMFADeviceCommand({ UserName: 'noah', SerialNumber: serial, AuthenticationCode1: app.code(-2, enabledAt), AuthenticationCode2: app.code(-1, enabledAt) }));
    const userId = (await gh.server.store.read.users.getByName(ACCOUNT_ID, 'noah'))?.UserId;
    const now = new Date(enabledAt);
    const check = await verifyTotp(deps, serial, app.code(0, enabledAt), now);
    assert.equal(check.ok, true);
    assert.equal(check.ok && check.userId, userId);
    assert.deepEqual(await verifyTotp(deps, serial, app.code(0, enabledAt), now), { ok: false, reason: 'code-reused' });
    assert.deepEqual(await verifyTotp(deps, serial, app.code(-1, enabledAt), now), { ok: false, reason: 'code-reused' });
    assert.deepEqual(await verifyTotp(deps, serial, app.code(5, enabledAt), now), { ok: false, reason: 'invalid-code' });
    assert.deepEqual(await verifyTotp(deps, `arn:aws:iam::${ACCOUNT_ID}:mfa/none`, '123456', now), { ok: false, reason: 'no-such-device' });
    assert.deepEqual(await verifyTotp({ ...deps, accountId: '210987654321' }, serial, app.code(1, enabledAt), now), { ok: false, reason: 'no-such-device' });
    // The phone's clock runs 5 minutes (10 steps) fast: its codes fail until a resync with two of them.
    const fast = (at: number): string => app.code(10, at);
    const inAMinute = new Date(Date.now() + 60_000);
    assert.deepEqual(await verifyTotp(deps, serial, fast(inAMinute.getTime()), inAMinute), { ok: false, reason: 'invalid-code' });
    await rejectsWithAws(iam.send(new ResyncMFADeviceCommand({ UserName: 'noah', SerialNumber: serial, AuthenticationCode1: '000000', AuthenticationCode2: '111111' })), INVALID_CODE);
    const resyncAt = Date.now();
    await iam.send(new ResyncMFADeviceCommand({ UserName: 'noah', SerialNumber: serial, AuthenticationCode1: app.code(9, resyncAt), AuthenticationCode2: fast(resyncAt) }));
    const afterResync = new Date(resyncAt + 60_000);
    assert.equal((await verifyTotp(deps, serial, fast(afterResync.getTime()), afterResync)).ok, true);
    assert.deepEqual(await verifyTotp(deps, serial, fast(afterResync.getTime()), afterResync), { ok: false, reason: 'code-reused' });
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'noah', SerialNumber: serial }));
  });

  it('tags a device and lists its tags; tags also come with CreateVirtualMFADevice', async () => {
    const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'tagged', Tags: [{ Key: 'owner', Value: 'ops' }] }));
    assert.deepEqual(out.VirtualMFADevice?.Tags, [{ Key: 'owner', Value: 'ops' }]);
    const serial = out.VirtualMFADevice?.SerialNumber ?? '';
    await iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'env', Value: 'prod' }] }));
    assert.deepEqual((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [
      { Key: 'owner', Value: 'ops' },
      { Key: 'env', Value: 'prod' },
    ]);
    await iam.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['owner'] }));
    assert.deepEqual((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [{ Key: 'env', Value: 'prod' }]);
    await rejectsWithAws(iam.send(new ListMFADeviceTagsCommand({ SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/untagged-none` })), {
      code: 'NoSuchEntity',
      message: `MFA Device with serial number arn:aws:iam::${ACCOUNT_ID}:mfa/untagged-none does not exist.`,
    });
  });

  it('authorizes device tags with aws:ResourceTag and aws:RequestTag', async () => {
    const tagger = await createUserWithKey(iam, 'tagger');
    const policy = policyDocument(
      { Effect: 'Allow', Action: ['iam:TagMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': 'tagger' } } },
      { Effect: 'Deny', Action: 'iam:TagMFADevice', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } } },
    );
    await iam.send(new PutUserPolicyCommand({ UserName: 'tagger', PolicyName: 'own-devices', PolicyDocument: policy }));
    const mine = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'mine', Tags: [{ Key: 'owner', Value: 'tagger' }] }))).VirtualMFADevice!.SerialNumber!;
    const theirs = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'theirs' }))).VirtualMFADevice!.SerialNumber!;
    const asTagger = gh.iamAs(tagger);
    await asTagger.send(new TagMFADeviceCommand({ SerialNumber: mine, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await rejectsWithAws(asTagger.send(new TagMFADeviceCommand({ SerialNumber: mine, Tags: [{ Key: 'env', Value: 'prod' }] })), {
      code: 'AccessDenied',
      message: `User: ${tagger.arn} is not authorized to perform: iam:TagMFADevice on resource: ${mine} with an explicit deny in an identity-based policy`,
    });
    await rejectsWithAws(asTagger.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: theirs })), {
      code: 'AccessDenied',
      message: `User: ${tagger.arn} is not authorized to perform: iam:DeleteVirtualMFADevice on resource: ${theirs} because no identity-based policy allows the iam:DeleteVirtualMFADevice action`,
    });
    await asTagger.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: mine }));
  });

  it('pages ListVirtualMFADevices with MaxItems and Marker, and refuses a marker it did not issue', async () => {
    for (let i = 0; i < 3; i++) await createDevice(`page-${i}`);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 2, Marker: marker }));
      assert.ok((page.VirtualMFADevices ?? []).length <= 2);
      seen.push(...(page.VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? ''));
      marker = page.IsTruncated === true ? page.Marker : undefined;
    } while (marker !== undefined);
    const all = ((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }))).VirtualMFADevices ?? []).map((d) => d.SerialNumber ?? '');
    assert.deepEqual(seen, all);
    for (let i = 0; i < 3; i++) assert.ok(all.includes(`arn:aws:iam::${ACCOUNT_ID}:mfa/page-${i}`));
    await rejectsWithAws(iam.send(new ListVirtualMFADevicesCommand({ Marker: 'invalid-marker-value' })), { code: 'ValidationError', message: 'Invalid Marker.', status: 400 });
  });

  it('counts devices in GetAccountSummary: MFADevices for every device, MFADevicesInUse for enabled ones', async () => {
    const before = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
    await iam.send(new CreateUserCommand({ UserName: 'olga' }));
    const { serial, app } = await createDevice('olga-phone');
    const created = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
    assert.equal(created.MFADevices, (before.MFADevices ?? 0) + 1);
    assert.equal(created.MFADevicesInUse, before.MFADevicesInUse);
    await iam.send(new EnableMFADeviceCommand({ UserName: 'olga', SerialNumber: serial, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) }));
    const enabled = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
    assert.equal(enabled.MFADevicesInUse, (before.MFADevicesInUse ?? 0) + 1);
    assert.equal(enabled.AccountMFAEnabled, 0);
  });

  describe('a device created but never enabled (troubleshoot_general.md)', () => {
    it('blocks a new one of the same name; with AWS\'s self-manage-MFA policy Diego may not delete it; the administrator deletes it and Diego starts again', async () => {
      const diego = await createUserWithKey(iam, 'Diego');
      await iam.send(new PutUserPolicyCommand({ UserName: 'Diego', PolicyName: 'SelfManageMFA', PolicyDocument: SELF_MANAGE_MFA_POLICY }));
      const asDiego = gh.iamAs(diego);
      // The console's assignment began (the device is created) and was cancelled before enabling.
      const first = await asDiego.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'Diego' }));
      const serial = first.VirtualMFADevice!.SerialNumber!;
      assert.equal(serial, `arn:aws:iam::${ACCOUNT_ID}:mfa/Diego`);
      await rejectsWithAws(asDiego.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'Diego' })), { code: 'EntityAlreadyExists', message: 'MFA device already exists.', status: 409 });
      await rejectsWithAws(asDiego.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), {
        code: 'AccessDenied',
        message: `User: arn:aws:iam::${ACCOUNT_ID}:user/Diego is not authorized to perform: iam:DeleteVirtualMFADevice on resource: arn:aws:iam::${ACCOUNT_ID}:mfa/Diego with an explicit deny in an identity-based policy`,
        status: 403,
      });
      // The administrator's fix: find the unassigned device and delete it; no policy is edited.
      const unassigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices ?? [];
      assert.ok(unassigned.some((d) => d.SerialNumber === serial && d.User === undefined));
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
      // Diego assigns a new device and enables it himself, as the policy allows.
      const again = await asDiego.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'Diego' }));
      const app = authenticatorFor(again.VirtualMFADevice!.Base32StringSeed!);
      await asDiego.send(new EnableMFADeviceCommand({ UserName: 'Diego', SerialNumber: serial, AuthenticationCode1: app.code(-1), AuthenticationCode2: app.code(0) }));
      const mine = (await asDiego.send(new ListMFADevicesCommand({ UserName: 'Diego' }))).MFADevices ?? [];
      assert.deepEqual(mine.map((d) => d.SerialNumber), [serial]);
    });
  });
});
