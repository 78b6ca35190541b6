// R15: a restored file keeps its owner; the admin running the restore becomes its creator.
import { demand, scenarioArb, scenarioRule } from './rule.ts';

export const r15 = scenarioRule(
  {
    id: 'R15',
    slug: 'file-owner-creator',
    statement:
      "A restored file keeps its owner, is created by the admin running the restore, and sits in the owner's library.",
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['delete'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
  }),
  (o, s) => {
    for (const [i] of s.world.files.entries()) {
      const live = o.after.files.find((f) => f.index === i);
      if (!live) continue;
      demand(
        'R15',
        live.ownerId === o.world.owners[i],
        `file ${i} is owned by ${live.ownerId}, backed up with owner ${o.world.owners[i]}`,
      );
      demand(
        'R15',
        live.createdById === o.world.adminUserId,
        `file ${i} was created by ${live.createdById}, not the admin`,
      );
    }
  },
);
