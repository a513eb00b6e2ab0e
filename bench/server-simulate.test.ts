import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIMULATED_ACTIONS, simulationRequest, simulationSetup } from './server-simulate.js';
import { signedIamCall } from './server-requests.js';

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const sign = (action: string, params: Record<string, string>) => signedIamCall('http://127.0.0.1:4599', creds, action, params);

test('the simulated user holds 20 policies of 10 statements, 10 of its own and 10 through a group', () => {
  const setup = simulationSetup(sign).map((r) => new URLSearchParams(r.body));
  const created = setup.filter((p) => p.get('Action') === 'CreatePolicy');
  assert.equal(created.length, 20);
  for (const p of created) assert.equal((JSON.parse(p.get('PolicyDocument') ?? '{}') as { Statement: unknown[] }).Statement.length, 10);
  assert.equal(setup.filter((p) => p.get('Action') === 'AttachUserPolicy').length, 10);
  assert.equal(setup.filter((p) => p.get('Action') === 'AttachGroupPolicy').length, 10);
  assert.equal(setup.filter((p) => p.get('Action') === 'AddUserToGroup').length, 1);
});

test('the simulation asks for 50 distinct actions', () => {
  assert.equal(new Set(SIMULATED_ACTIONS).size, 50);
  const params = new URLSearchParams(simulationRequest(sign, '123456789012').body);
  assert.equal(params.get('Action'), 'SimulatePrincipalPolicy');
  assert.equal([...params.keys()].filter((k) => k.startsWith('ActionNames.member.')).length, 50);
});
