import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT, awsError, call, context, NOW, openTestStore } from './test-context.js';
import { REPORT_LIFETIME_MS } from './credential-report.js';

void test('a report is served for four hours, then GetCredentialReport answers ReportExpired and Generate starts a new one', async () => {
  const opened = await openTestStore();
  const store = opened.store;
  try {
    const at = (ms: number) => context(store, undefined, new Date(NOW.getTime() + ms));
    await assert.rejects(call(at(0), 'GetCredentialReport'), { ...awsError('ReportNotPresent', ''), httpStatus: 410 });
    assert.deepEqual(await call(at(0), 'GenerateCredentialReport'), { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
    await call(at(0), 'CreateUser', { UserName: 'after-the-report' });
    assert.deepEqual(await call(at(REPORT_LIFETIME_MS - 1000), 'GenerateCredentialReport'), { State: 'COMPLETE' });
    const report = await call(at(REPORT_LIFETIME_MS - 1000), 'GetCredentialReport');
    assert.deepEqual(report.GeneratedTime, NOW);
    assert.ok(!Buffer.from(report.Content as Uint8Array).toString().includes('after-the-report'));
    await assert.rejects(call(at(REPORT_LIFETIME_MS), 'GetCredentialReport'), { ...awsError('ReportExpired', ''), httpStatus: 410 });
    assert.equal((await call(at(REPORT_LIFETIME_MS), 'GenerateCredentialReport')).State, 'STARTED');
    const fresh = Buffer.from((await call(at(REPORT_LIFETIME_MS), 'GetCredentialReport')).Content as Uint8Array).toString();
    assert.match(fresh, new RegExp(`\\nafter-the-report,arn:aws:iam::${ACCOUNT}:user/after-the-report,2024-05-01T12:00:00\\+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A$`));
  } finally {
    await opened.close();
  }
});
