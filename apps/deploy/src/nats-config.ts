// What each restorelab service may publish and subscribe to on NATS, derived from the names in
// @restorelab/contracts, and the nats-server config made from it (apps/deploy/nats/restorelab.conf).
// Anything not listed is refused: NATS permissions with an allow list deny the rest.
//
//   node apps/deploy/src/nats-config.ts > apps/deploy/nats/restorelab.conf      (a test checks they agree)
//
// Notes on the JetStream API subjects (nats.js 3 against nats-server 2.9+):
// - consumers are created on `$JS.API.CONSUMER.CREATE.<stream>.<name>[.<filter subject>]`;
// - KV writes are publishes to `$KV.<bucket>.<key>`, so a user can be limited to some keys; KV and
//   object-store reads are message gets, `$JS.API.STREAM.MSG.GET.<stream>`, one subject per bucket;
// - replies come to `_INBOX.<user>.…` (the runtime names each user's inbox so, see natsInboxPrefix), so no
//   user can read another's replies, including the work a pull consumer hands it.
import { CONSUMERS, consumerSpecs, KV_BUCKETS, OBJECT_BUCKETS, STREAMS, SUBJECTS } from '@restorelab/contracts';
import { NATS_PASSWORD_VARIABLES, type NatsUser } from './compose-secrets.ts';

export interface UserPermissions {
  /** Subjects the user may publish to (requests included). */
  publish: string[];
  /** Subjects the user may subscribe to. */
  subscribe: string[];
}

const API = '$JS.API';
const kvStream = (bucket: string) => `KV_${bucket}`;
const kvSubjects = (bucket: string) => `$KV.${bucket}`;
const objStream = (bucket: string) => `OBJ_${bucket}`;
const objSubjects = (bucket: string) => `$O.${bucket}`;

/** A per-job subject of contracts with its job id as a wildcard: `restorelab.results.records.*`. */
function anyJob(subject: (jobId: string) => string): string {
  const sample = subject('JOB');
  if (!sample.endsWith('.JOB')) throw new Error(`expected the job id last in ${sample}`);
  return `${sample.slice(0, -'JOB'.length)}*`;
}

/**
 * What ensureJetStream asks of the JetStream API: every service runs it at start (the writers in
 * packages/worker/src/run-worker.ts, the planner in startPlanner), so every service needs it. It reads,
 * creates and updates the restorelab streams and durable consumers and creates the buckets; it deletes
 * and purges nothing.
 *
 * Only the planner holds these: creating and updating streams and durable consumers is an
 * administrator's power (a writer holding it could give another writer's work stream a source reading
 * its own subjects and widen that writer's filter, tried on nats-server 2.9.10). On a shared server
 * the writers wait for the planner's set-up (awaitJetStream) and only look (checkJetStreamApi).
 */
function ensureJetStreamApi(): string[] {
  const streams = Object.values(STREAMS);
  const buckets = [...Object.values(KV_BUCKETS).map(kvStream), objStream(OBJECT_BUCKETS.content)];
  return [
    `${API}.INFO`,
    ...[...streams, ...buckets].flatMap((s) => [`${API}.STREAM.INFO.${s}`, `${API}.STREAM.CREATE.${s}`]),
    ...streams.map((s) => `${API}.STREAM.UPDATE.${s}`),
    ...consumerSpecs().flatMap(({ stream, config }) => [
      `${API}.CONSUMER.INFO.${stream}.${config.durable_name}`,
      `${API}.CONSUMER.CREATE.${stream}.${config.durable_name}.>`,
    ]),
  ];
}

/** Looking whether the set-up exists: what awaitJetStream asks, and nothing that changes it. */
function checkJetStreamApi(): string[] {
  const streams = Object.values(STREAMS);
  const buckets = [...Object.values(KV_BUCKETS).map(kvStream), objStream(OBJECT_BUCKETS.content)];
  return [
    `${API}.INFO`,
    ...[...streams, ...buckets].map((s) => `${API}.STREAM.INFO.${s}`),
    ...consumerSpecs().map(({ stream, config }) => `${API}.CONSUMER.INFO.${stream}.${config.durable_name}`),
  ];
}

/** Pulling from a durable work consumer and settling its messages (ack, nak, in progress). */
function pull(stream: string, durable: string): string[] {
  return [
    `${API}.CONSUMER.INFO.${stream}.${durable}`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

/**
 * An ordered consumer (what nats.js uses to replay a stream, list KV keys or read a large object): created
 * with a generated name, optionally limited to `filter`, asked for its info, deleted and made again when
 * it falls behind; a pull one is asked for messages, a push one answers flow control.
 */
function ordered(stream: string, kind: 'pull' | 'push', filter?: string): string[] {
  return [
    `${API}.CONSUMER.CREATE.${stream}.*${filter ? `.${filter}` : ''}`,
    `${API}.CONSUMER.INFO.${stream}.*`,
    `${API}.CONSUMER.DELETE.${stream}.*`,
    kind === 'pull' ? `${API}.CONSUMER.MSG.NEXT.${stream}.*` : `$JS.FC.${stream}.>`,
  ];
}

/** Reading objects of the content bucket: metadata and one-chunk content by message get, larger by a consumer. */
function readContent(): string[] {
  const stream = objStream(OBJECT_BUCKETS.content);
  return [`${API}.STREAM.MSG.GET.${stream}`, ...ordered(stream, 'push', `${objSubjects(OBJECT_BUCKETS.content)}.C.*`)];
}

const inbox = (user: NatsUser) => `_INBOX.${user}.>`;

/** Each service's permissions, each subject once. */
export function natsPermissions(): Record<NatsUser, UserPermissions> {
  const lists = permissionLists();
  for (const [user, p] of Object.entries(lists)) {
    p.publish = [...new Set(p.publish)];
    p.subscribe = [...new Set(p.subscribe)];
    // nats-server reads an empty allow list as no limit at all, not as nothing allowed.
    if (p.publish.length === 0 || p.subscribe.length === 0) throw new Error(`${user}: an empty list allows everything`);
  }
  return lists;
}

function permissionLists(): Record<NatsUser, UserPermissions> {
  const ledger = KV_BUCKETS.writeLedger;
  // The write ledger's keys are `<jobId>.<kind>.<item>` (packages/worker/src/write-ledger.ts): each writer
  // writes the entries of its own kinds only. Reads are message gets on the bucket's stream (a bucket
  // opened with `Kvm.open` does not use direct gets), which a subject cannot narrow to some keys.
  const ledgerKeys = (kind: string) => [`${kvSubjects(ledger)}.*.${kind}.*`];
  const jobs = KV_BUCKETS.jobs;
  const content = OBJECT_BUCKETS.content;
  return {
    planner: {
      publish: [
        ...ensureJetStreamApi(),
        // work out, job events out
        anyJob(SUBJECTS.recordBatch),
        anyJob(SUBJECTS.fileTask),
        anyJob(SUBJECTS.attachmentTask),
        anyJob(SUBJECTS.jobEvent),
        SUBJECTS.resultForwardAll,
        SUBJECTS.plannerAliveAll,
        // results in
        ...pull(STREAMS.results, CONSUMERS.plannerResults),
        // a job's events replayed for monitors (services/planner/src/jobs/events.ts)
        ...ordered(STREAMS.events, 'pull', SUBJECTS.jobEventsAll),
        // plans and job state: put, get, list keys
        `${kvSubjects(jobs)}.>`,
        `${API}.STREAM.MSG.GET.${kvStream(jobs)}`,
        // released claims removed up to their revision, leaving no delete marker (claims.ts)
        `${API}.STREAM.PURGE.${kvStream(jobs)}`,
        ...ordered(kvStream(jobs), 'push', `${kvSubjects(jobs)}.>`),
        // file content in (and large plans): write, replace (purging the old chunks), read
        `${objSubjects(content)}.>`,
        `${API}.STREAM.PURGE.${objStream(content)}`,
        ...readContent(),
      ],
      // results handed over by another planner sharing the results consumer (result-forwarding.ts)
      // and whether the planner holding a job's lease is alive (job-leases.ts)
      subscribe: [inbox('planner'), SUBJECTS.deadLettersAll, SUBJECTS.resultForwardAll, SUBJECTS.plannerAliveAll],
    },
    'record-writer': {
      publish: [
        ...checkJetStreamApi(),
        ...pull(STREAMS.records, CONSUMERS.recordWriter),
        anyJob(SUBJECTS.recordBatchResult),
        anyJob(SUBJECTS.deadLetter),
        ...ledgerKeys('record'),
        `${API}.STREAM.MSG.GET.${kvStream(ledger)}`,
      ],
      subscribe: [inbox('record-writer')],
    },
    'file-writer': {
      publish: [
        ...checkJetStreamApi(),
        ...pull(STREAMS.files, CONSUMERS.fileWriter),
        anyJob(SUBJECTS.fileTaskResult),
        anyJob(SUBJECTS.deadLetter),
        ...ledgerKeys('file'),
        ...ledgerKeys('attachment'),
        `${API}.STREAM.MSG.GET.${kvStream(ledger)}`,
        ...readContent(),
      ],
      subscribe: [inbox('file-writer')],
    },
  };
}

const quote = (subject: string) => JSON.stringify(subject);

/** apps/deploy/nats/restorelab.conf. */
export function renderNatsConfig(): string {
  const users = Object.entries(natsPermissions()).map(([user, p]) => {
    const list = (subjects: string[]) => subjects.map((s) => `          ${quote(s)}`).join('\n');
    return [
      `    {`,
      `      user: ${quote(user)}`,
      `      password: $${NATS_PASSWORD_VARIABLES[user as NatsUser]}`,
      `      permissions: {`,
      `        publish: [`,
      list(p.publish),
      `        ]`,
      `        subscribe: [`,
      list(p.subscribe),
      `        ]`,
      `      }`,
      `    }`,
    ].join('\n');
  });
  return `# nats-server config of docker-compose.yml. GENERATED by \`node apps/deploy/src/nats-config.ts\` from the names
# in @restorelab/contracts: edit permissions.ts, not this file.
#
# Every client logs in: one user per service, each allowed only the subjects it uses (anything else is
# refused). No anonymous access. The passwords come from secrets/passwords.conf, which the compose
# \`secrets\` step writes (apps/deploy/src/compose-secrets.ts) into the volume mounted beside this file.
# Client port 4222 on every interface of the container (the compose network); the monitoring port only on
# the container's loopback, for its health check.

include "secrets/passwords.conf"

listen: "0.0.0.0:4222"
http: "127.0.0.1:8222"

authorization {
  users = [
${users.join('\n')}
  ]
}
`;
}

if (import.meta.main) process.stdout.write(renderNatsConfig());
