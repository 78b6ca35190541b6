// Dead letters: a work message that cannot be handled (it breaks its contract, or kept failing
// until its delivery bound) is published with the reason to the job's dead-letter subject, where the
// planner counts it as failed, instead of being redelivered for ever or dropped unseen.

import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { encodeMessage, MSG_ID_HEADER, SUBJECTS } from '@restorelab/contracts';

const JOB_TOKEN = /^[A-Za-z0-9_-]+$/;

/** The job id a work subject ends with (`restorelab.records.batch.<jobId>`), for dead letters. */
export function jobIdOfSubject(subject: string): string {
  const last = subject.split('.').pop() ?? '';
  return JOB_TOKEN.test(last) ? last : 'unknown';
}

export async function publishDeadLetter(js: JetStreamClient, msg: JsMsg, reason: string): Promise<void> {
  const jobId = jobIdOfSubject(msg.subject);
  const msgId = msg.headers?.get(MSG_ID_HEADER);
  await js.publish(
    SUBJECTS.deadLetter(jobId),
    encodeMessage('deadLetter', {
      schemaVersion: 1,
      jobId,
      subject: msg.subject,
      ...(msgId ? { msgId } : {}),
      deliveries: msg.info.deliveryCount,
      reason,
      payload: new TextDecoder().decode(msg.data),
    }),
  );
}
