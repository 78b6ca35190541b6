import { expect, test } from 'vitest';
import { mockTarget } from './targets/mock.ts';

test('smoke', async () => {
  const s = await mockTarget().open();
  try {
    const c = await s.conn.sobject('Contact').create({ LastName: 'x' });
    const p = await s.conn.sobject('Programme__c').create({ Name: 'P', Tag__c: 't:p' });
    const st = await s.conn.sobject('Stage__c').create({ Name: 'S', Tag__c: 't:s', Programme__c: p.id });
    const sp = await s.conn.sobject('Step__c').create({ Name: 'T', Tag__c: 't:t', Stage__c: st.id, Checker__c: c.id });
    console.log(p, st, sp);
    const snap = await s.engine.backup();
    await s.conn.sobject('Programme__c').destroy(p.id as string);
    const sum = await s.engine.summary({ snapshotId: snap, recordId: p.id as string, method: 'related' });
    console.log(JSON.stringify(sum));
    const job = await s.engine.waitForJob(await s.engine.confirm(sum.summaryId));
    console.log(JSON.stringify(job));
    const rows = await s.conn.query('SELECT Id, Tag__c, Stage__c FROM Step__c');
    console.log(rows.records);
    expect(job.status).toBe('succeeded');
  } finally {
    await s.close();
  }
});
