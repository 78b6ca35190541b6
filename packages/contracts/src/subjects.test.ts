import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fileWorkKindOf, KV_KEYS, MSG_IDS, REDELIVERY, SUBJECTS, workKeyOfMsgId } from './subjects.ts';

const jobIds = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const idx = fc.nat({ max: 10_000 });

describe('subjects and message ids', () => {
  test.prop([jobIds, idx, idx])('a record batch id depends only on job, wave and batch', (job, wave, batch) => {
    expect(MSG_IDS.recordBatch(job, wave, batch)).toBe(MSG_IDS.recordBatch(job, wave, batch));
    expect(MSG_IDS.recordBatch(job, wave, batch)).toBe(`${job}.w${wave}.b${batch}`);
  });

  test.prop([jobIds, idx, idx, idx, idx])('different batches get different ids', (job, w1, b1, w2, b2) => {
    fc.pre(w1 !== w2 || b1 !== b2);
    expect(MSG_IDS.recordBatch(job, w1, b1)).not.toBe(MSG_IDS.recordBatch(job, w2, b2));
  });

  test.prop([jobIds, idx, idx, fc.integer({ min: 2, max: 99 })])(
    "a resumed attempt gets new ids whose work key is the first attempt's",
    (job, wave, batch, attempt) => {
      const first = MSG_IDS.recordBatch(job, wave, batch);
      expect(MSG_IDS.recordBatch(job, wave, batch, 1)).toBe(first);
      const later = MSG_IDS.recordBatch(job, wave, batch, attempt);
      expect(later).not.toBe(first);
      expect(MSG_IDS.recordBatchResult(job, wave, batch, attempt)).not.toBe(
        MSG_IDS.recordBatchResult(job, wave, batch),
      );
      expect(workKeyOfMsgId(job, later)).toBe(workKeyOfMsgId(job, first));
      expect(workKeyOfMsgId(job, MSG_IDS.fileTask(job, batch, attempt))).toBe(`file.${batch}`);
      expect(workKeyOfMsgId(`${job}x`, first)).toBeUndefined();
    },
  );

  it('keeps result ids apart from work ids', () => {
    expect(MSG_IDS.recordBatchResult('j', 1, 2)).not.toBe(MSG_IDS.recordBatch('j', 1, 2));
    expect(MSG_IDS.fileTask('j', 1)).not.toBe(MSG_IDS.attachmentTask('j', 1));
  });

  it('refuses job ids that would break subjects and indexes that are not counts', () => {
    expect(() => SUBJECTS.recordBatch('a.b')).toThrow(RangeError);
    expect(() => SUBJECTS.jobEvent('a*')).toThrow(RangeError);
    expect(() => MSG_IDS.recordBatch('j', -1, 0)).toThrow(RangeError);
    expect(() => MSG_IDS.recordBatch('j', 0, 1.5)).toThrow(RangeError);
  });

  it('tells file tasks from attachment tasks by subject', () => {
    expect(fileWorkKindOf(SUBJECTS.fileTask('j'))).toBe('fileTask');
    expect(fileWorkKindOf(SUBJECTS.attachmentTask('j'))).toBe('attachmentTask');
    expect(fileWorkKindOf(SUBJECTS.recordBatch('j'))).toBeUndefined();
  });

  it('spells ledger keys with the characters KV allows, one key per job and item', () => {
    expect(KV_KEYS.ledger('job-1', 'record:0015g0000000001AAA')).toBe('job-1.record_0015g0000000001AAA');
    expect(KV_KEYS.ledger('job-1', 'file:069')).not.toBe(KV_KEYS.ledger('job-2', 'file:069'));
    expect(KV_KEYS.ledger('j', 'a b:c')).toMatch(/^[-/_=.a-zA-Z0-9]+$/);
  });

  it('has fewer backoff steps than deliveries (the server requires it)', () => {
    expect(REDELIVERY.backoffMs.length).toBeLessThan(REDELIVERY.maxDeliver);
  });
});
