// The events one transition publishes, per batch and not per record: the state machine tells each
// item's outcome, and a batch of 200 records would otherwise publish 200 events (50,000 for a job of
// 50,000 records, which followers then replay). Successes are told by the progress event alone;
// the failures of a transition become one `failures` event naming the first few.
import { FAILURES_NAMED } from '@restorelab/contracts';
import type { JobEventBody } from './job-state.ts';

type FailuresEvent = Extract<JobEventBody, { type: 'failures' }>;

export function batchEvents(events: readonly JobEventBody[]): JobEventBody[] {
  const out: JobEventBody[] = [];
  let failures: FailuresEvent | undefined;
  for (const event of events) {
    if (event.type !== 'item') {
      out.push(event);
      continue;
    }
    if (event.outcome !== 'failed') continue;
    if (!failures) {
      failures = { type: 'failures', count: 0, failures: [] };
      out.push(failures);
    }
    failures.count++;
    if (failures.failures.length < FAILURES_NAMED) {
      failures.failures.push({
        itemId: event.itemId,
        objectType: event.objectType,
        error: event.error ?? { code: 'UNKNOWN_ERROR', message: 'no reason given', fields: [] },
      });
    }
  }
  return out;
}
