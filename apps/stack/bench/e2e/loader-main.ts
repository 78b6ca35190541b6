// The jsforce loader run as a user runs a script: its own Node process, started, logged in, the tree
// inserted, ended. Timed from spawn to exit by the benchmark, like the restore CLI, so both carry
// their process's start-up. Input by environment (the org, the size, the reviewer contacts); it
// prints one JSON line: the new root's id and the calls made.
import { Connection } from 'jsforce';
import { loadTree, treeShape } from './loader.ts';

const { LOADER_URL, LOADER_RECORDS, LOADER_REVIEWERS } = process.env;
if (!LOADER_URL || !LOADER_RECORDS || !LOADER_REVIEWERS) {
  process.stderr.write('loader: LOADER_URL, LOADER_RECORDS and LOADER_REVIEWERS are required\n');
  process.exit(2);
}
const conn = new Connection({ loginUrl: LOADER_URL });
await conn.login('admin@restorelab.test', 'restorelab');
const loaded = await loadTree(
  conn,
  treeShape(Number(LOADER_RECORDS)),
  LOADER_REVIEWERS.split(','),
  'BENCH-E2E-PROCESS',
);
process.stdout.write(`${JSON.stringify({ rootId: loaded.rootId, calls: loaded.calls })}\n`);
