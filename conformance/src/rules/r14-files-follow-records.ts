// R14: restoring a record brings its files and attachments; with related records, theirs too. Restored
// again, the records, files and attachments the first restore re-created are those items: still one
// of each.
// Branches the generator reaches: any hierarchy with 0–2 files and 0–2 attachments on any of its
// records; each record deleted (files and attachments re-created with it) or left (still there);
// each attachment left (skipped) or given other content and privacy after the backup (overwritten
// with the backed-up ones); restored from the top with related records, once or twice.
import type { Scenario } from '../scenario.ts';
import { demand, only, scenarioArb, scenarioRule, scopeOf } from './rule.ts';

const rule = scenarioRule(
  {
    id: 'R14',
    slug: 'files-follow-records',
    statement: 'Files and attachments come back with the record they hang on, and with every related record restored.',
  },
  scenarioArb({
    maxFiles: 2,
    maxAttachments: 2,
    records: ['delete', 'leave'],
    files: ['leave'],
    attachmentChanges: ['leave', 'modify'],
    method: 'related',
    secondSnapshot: false,
    repeat: 'maybe',
  }),
  (o, s) => {
    const scope = new Set(scopeOf(o, s));
    for (const [i, file] of s.world.files.entries()) {
      const row = only(o.after, file.on);
      if (!scope.has(file.on) || !row) continue;
      const live = o.after.files.find((f) => f.index === i);
      demand(
        'R14',
        live?.links.some((l) => l.linkedEntityId === row.id),
        `file ${i} is not linked to restored ${file.on}`,
      );
    }
    for (const [i, attachment] of s.world.attachments.entries()) {
      const row = only(o.after, attachment.on);
      if (!scope.has(attachment.on) || !row) continue;
      const live = o.after.attachments.find((a) => a.name === `${o.world.tag}-attachment-${i}.txt`);
      demand('R14', live?.parentId === row.id, `attachment ${i} did not come back on restored ${attachment.on}`);
      // Re-created, overwritten or skipped, it holds what was backed up (content and privacy).
      const change = s.changes.attachments?.[i] ?? 'leave';
      demand(
        'R14',
        live.body === `${o.world.tag} attachment ${i}\n` && live.isPrivate === attachment.isPrivate,
        `attachment ${i} (${change}) holds ${JSON.stringify(live.body)}${live.isPrivate ? ', private' : ''}; backed up ${JSON.stringify(`${o.world.tag} attachment ${i}\n`)}${attachment.isPrivate ? ', private' : ''}`,
      );
    }
    // One of each, however often restored: a second restore overwrites the first one's copies (R07, R19).
    for (const [key, rows] of o.after.rows) demand('R14', rows.length <= 1, `${key} exists ${rows.length} times`);
    for (const i of s.world.files.keys()) {
      const n = o.after.files.filter((f) => f.index === i).length;
      demand('R14', n <= 1, `file ${i} exists as ${n} documents`);
    }
    for (const i of s.world.attachments.keys()) {
      const n = o.after.attachments.filter((a) => a.name === `${o.world.tag}-attachment-${i}.txt`).length;
      demand('R14', n <= 1, `attachment ${i} exists ${n} times`);
    }
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);

/**
 * Always tried: a deleted Programme with an attachment, restored twice with related records. The
 * second restore once made a second attachment on the first one's copy.
 */
const restoredTwice: Scenario = {
  world: {
    hierarchy: {
      account: false,
      cases: [],
      recordType: 'master',
      status: 'Planned',
      stages: [{ steps: 0 }],
      leadStage: false,
    },
    files: [{ on: 'stage0', versions: 1, ownedByOther: false, share: null }],
    attachments: [{ on: 'prog', isPrivate: false }],
  },
  secondSnapshot: false,
  changes: { records: { prog: 'delete', stage0: 'delete' }, files: ['leave'] },
  sameTime: false,
  request: { root: 'prog', method: 'related', snapshot: 'default' },
  repeat: true,
};

export const r14 = { ...rule, examples: [restoredTwice] };
