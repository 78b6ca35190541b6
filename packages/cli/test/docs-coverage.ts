// How each command of the user docs is kept true: run as written by the walk-through
// (docs-commands.test.ts), or covered by a named test that does what it does. A new command in a
// doc, or a new option on a documented command, gets a line here; the test fails until it has one.

export type Coverage =
  /** Run by the walk-through, as written (after the listed adaptations). */
  | { by: 'walk-through' }
  /** Covered by a test file that contains `contains` (so a renamed or emptied test is noticed). */
  | { by: 'test'; file: string; contains: string }
  /** Needs what no test here can have (a real Salesforce org, Docker); says so. */
  | { by: 'none'; reason: string };

const walk = { by: 'walk-through' } as const;
const test = (file: string, contains: string): Coverage => ({ by: 'test', file, contains });

/** Keyed by the normalized command (comments dropped, blanks collapsed: see docs-blocks.ts). */
export const COVERAGE: Record<string, Coverage> = {
  // README.md and quick-start.md, step 1
  'bash scripts/demo.sh': walk,
  'bash scripts/test.sh': test('.ci/run', 'bash scripts/test.sh'),
  // quick-start.md, steps 2-7
  'pnpm exec restorelab dev': walk,
  'pnpm exec restorelab snapshots': walk,
  'pnpm exec restorelab ls': walk,
  'pnpm exec restorelab ls Objects': walk,
  'pnpm exec restorelab ls Objects/Account': walk,
  'pnpm exec restorelab search Globex': walk,
  'pnpm exec restorelab show Globex': walk,
  'DEV=.restorelab/dev.json': walk,
  'MOCK=$(node -pe "require(\'./$DEV\').mock.url")': walk,
  'TOKEN=$(curl -s "$MOCK/services/oauth2/token" -d grant_type=password -d client_id=restorelab -d username="$(node -pe "require(\'./$DEV\').mock.username")" -d password="$(node -pe "require(\'./$DEV\').mock.password")" | node -pe \'JSON.parse(require("fs").readFileSync(0)).access_token\')':
    walk,
  'ID=$(pnpm --silent exec restorelab search Globex --json | node -pe \'JSON.parse(require("fs").readFileSync(0)).items.find(i => i.type === "Account").id\')':
    walk,
  'curl -s -X DELETE -H "Authorization: Bearer $TOKEN" "$MOCK/services/data/v62.0/sobjects/Account/$ID"': walk,
  'pnpm exec restorelab restore Globex --related --dry-run': walk,
  'pnpm exec restorelab restore Globex --related': walk,
  'pnpm exec restorelab jobs': walk,
  'pnpm exec restorelab jobs show <job-id>': walk,
  'pnpm exec restorelab jobs watch <job-id>': walk,
  'pnpm exec restorelab conformance --target mock --rules R06,R07': walk,
  // cli.md, Examples
  'pnpm exec restorelab --help': walk,
  'pnpm exec restorelab backup --objects Account,Contact': walk,
  'pnpm exec restorelab ls Objects/Account --limit 2': walk,
  'pnpm exec restorelab download Globex -o globex.json': walk,
  'pnpm exec restorelab share Globex --expires 30m': walk,
  'pnpm exec restorelab restore Globex --related --yes': walk,
  // cli.md, docker-compose
  'docker compose up --build': test('packages/cli/test/compose.test.ts', 'docker-compose.yml'),
  'export PLANNER_TOKEN=$(docker compose exec -T planner cat /secrets/planner/planner-token)': test(
    'packages/cli/test/compose-secrets.test.ts',
    'planner-token',
  ),
  'PLANNER_URL=http://127.0.0.1:7420 pnpm exec restorelab backup': test(
    'packages/cli/src/planner/target.test.ts',
    'PLANNER_URL / PLANNER_TOKEN',
  ),
  // conformance.md
  'pnpm exec restorelab conformance --target mock': test(
    'packages/cli/test/ci-example.test.ts',
    'restorelab conformance',
  ),
  'pnpm exec restorelab conformance --target mock --rules R07,R08 --runs 50': test(
    'packages/cli/src/commands/conformance.test.ts',
    '--rules',
  ),
  'pnpm exec restorelab conformance --target mock --report junit:reports/conformance.xml': test(
    'packages/cli/test/ci-example.test.ts',
    'conformance.xml',
  ),
  'pnpm exec restorelab conformance --target mock --rules R09': test(
    'conformance/src/run.mock.test.ts',
    'every rule passes on the mock target',
  ),
  'pnpm exec restorelab conformance --target stack --runs 5': test(
    'conformance/src/targets/stack.test.ts',
    'stackTarget',
  ),
  'SF_USERNAME=qa@example.com SF_PASSWORD=… pnpm exec restorelab conformance --target org --runs 2': test(
    'conformance/src/targets/org.test.ts',
    'SF_USERNAME',
  ),
  'pnpm exec restorelab conformance --target mock --engine http://127.0.0.1:7420 --engine-token "$PLANNER_TOKEN"': test(
    'conformance/src/targets/stack.test.ts',
    "reached only through the planner's HTTP API",
  ),
  'sf project deploy start --source-dir conformance/fixture-org/force-app --target-org <alias>': {
    by: 'none',
    reason: 'deploys to a real Salesforce org with the sf CLI; nothing here reaches one',
  },
  // operations.md
  'NATS_URL=nats://n1:4222,nats://n2:4222,nats://n3:4222': test(
    'test/reliability/src/nats-cluster.test.ts',
    'natsUrl: cluster.url',
  ),
  'JETSTREAM_REPLICAS=3 node services/planner/src/main.ts': test(
    'test/reliability/src/nats-cluster.test.ts',
    'JETSTREAM_REPLICAS',
  ),
  // reliability.md: the commands run these tests
  'pnpm exec vitest run --project @restorelab/reliability-tests': test(
    'test/reliability/vitest.config.ts',
    '@restorelab/reliability-tests',
  ),
  'pnpm exec vitest run --project @restorelab/reliability-tests src/crashes.test.ts': test(
    'test/reliability/src/crashes.test.ts',
    'describe(',
  ),
  'pnpm exec vitest run --project @restorelab/reliability-tests src/nats-cluster.test.ts': test(
    'test/reliability/src/nats-cluster.test.ts',
    'describe(',
  ),
  'RELIABILITY_REPEATS=5 pnpm exec vitest run --project @restorelab/reliability-tests': test(
    'test/reliability/src/harness/repeats.ts',
    'RELIABILITY_REPEATS',
  ),
  'RELIABILITY_SEED=573445046 pnpm exec vitest run --project @restorelab/reliability-tests src/crashes.test.ts -t "record-writer"':
    test('test/reliability/src/crashes.test.ts', "seededRuns('kill record-writer')"),
  'RELIABILITY_REPEATS=5 pnpm exec vitest run --project @restorelab/reliability-tests src/nats-cluster.test.ts': test(
    'test/reliability/src/nats-cluster.test.ts',
    'seededRuns(',
  ),
  'pnpm exec vitest run --project @restorelab/reliability-tests src/nats-quorum.test.ts': test(
    'test/reliability/src/nats-quorum.test.ts',
    'describe(',
  ),
  'RELIABILITY_QUORUM_DOWN_MS=90000 pnpm exec vitest run --project @restorelab/reliability-tests src/nats-quorum.test.ts':
    test('test/reliability/src/nats-quorum.test.ts', 'RELIABILITY_QUORUM_DOWN_MS'),
};

/**
 * Where the walk-through cannot run a doc's text verbatim, what it runs instead. Each must still
 * match its doc (the test fails on a stale one).
 */
export const ADAPTATIONS: ReadonlyArray<{ doc: string; from: string; to: string; why: string }> = [
  {
    doc: 'docs/quick-start.md',
    from: 'pnpm exec restorelab jobs show <job-id>',
    to: 'pnpm exec restorelab jobs show "$JOB_ID"',
    why: '<job-id> stands for the id restore printed',
  },
  {
    doc: 'docs/quick-start.md',
    from: 'pnpm exec restorelab jobs watch <job-id>',
    to: 'pnpm exec restorelab jobs watch "$JOB_ID"',
    why: '<job-id> stands for the id restore printed',
  },
];
