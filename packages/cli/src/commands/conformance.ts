// `restorelab conformance`: the rule suite (the conformance package runs it; this maps flags to it and
// its result to the exit code: 0 passed, 1 a rule failed, 3 something skipped without --allow-skips).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { createOutput } from '../output.ts';
import { parseNonNegativeInt, parsePositiveInt } from '../parse.ts';
import type { GlobalOptions } from '../program.ts';
import { forTerminal } from '../terminal-text.ts';

interface ConformanceFlags {
  target: string;
  rules?: string;
  runs?: string;
  seed?: string;
  path?: string;
  report: string[];
  engine?: string;
  engineToken?: string;
  allowSkips?: boolean;
  workers?: string;
  lanes?: string;
  watch?: boolean;
}

const TARGETS = ['mock', 'stack', 'org'] as const;
const REPORT = /^(junit|html|json):.+$/;

export function registerConformance(program: Command): void {
  program
    .command('conformance')
    .description('Check the restore rules R01-R19 as properties against a target and report (JUnit, HTML, JSON)')
    .option('--target <target>', 'mock (in-process), stack (the service stack) or org (SF_* credentials)', 'mock')
    .option('--rules <ids>', 'only these rules, comma-separated (e.g. R01,R06)')
    .option('--runs <n>', 'generated cases per rule')
    .option('--seed <n>', 'seed of the generated cases (printed with every failure, for replay)')
    .option('--path <path>', 'replay path of a counterexample (with --seed and one rule)')
    .option(
      '--report <kind:file>',
      'write a report: junit:FILE, html:FILE or json:FILE (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--engine <url>', 'restore engine to check: a planner API URL (default: the in-process engine)')
    .option('--engine-token <token>', 'API token of --engine (default: PLANNER_TOKEN)')
    .option('--allow-skips', 'exit 0 even when a rule or target was skipped')
    .option('--workers <n>', 'rules run at once on worker threads, each with its own org and services (mock, stack)')
    .option(
      '--lanes <n>',
      'rules each worker thread runs at once, each on an org and services of its own (mock, stack)',
    )
    .option('--watch', 're-run the selected rules whenever a file under a workspace src/ folder changes')
    .action(async (flags: ConformanceFlags, command: Command) => {
      const out = createOutput(command.optsWithGlobals<GlobalOptions>());
      if (!(TARGETS as readonly string[]).includes(flags.target))
        throw new UsageError(`--target: expected mock, stack or org, got "${flags.target}"`);
      for (const spec of flags.report)
        if (!REPORT.test(spec))
          throw new UsageError(`--report: expected junit:FILE, html:FILE or json:FILE, got "${spec}"`);
      // A report may go to a folder that does not exist yet (reports/ in a fresh CI checkout).
      for (const spec of flags.report)
        await mkdir(dirname(resolve(spec.slice(spec.indexOf(':') + 1))), { recursive: true });
      if (flags.watch && out.json)
        throw new UsageError('--watch runs until Ctrl-C and prints as it goes: it has no --json document');
      if (flags.path !== undefined && flags.seed === undefined)
        throw new UsageError('--path needs the --seed it came with');
      const { CATALOGUE, runConformanceCommand } = await import('@restorelab/conformance');
      const unknown = (flags.rules ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '' && !CATALOGUE.some((rule) => rule.id === id.toUpperCase()));
      if (unknown.length > 0)
        throw new UsageError(`--rules: no rule ${unknown.join(', ')} (the catalogue has R01-R19)`);
      // --json: the JSON report on stdout, the console table on stderr.
      const jsonDir = out.json ? await mkdtemp(join(tmpdir(), 'restorelab-conformance-')) : undefined;
      const jsonFile = jsonDir ? join(jsonDir, 'report.json') : undefined;
      try {
        const engineToken = flags.engineToken ?? (process.env.PLANNER_TOKEN?.trim() || undefined);
        const code = await runConformanceCommand({
          target: flags.target as (typeof TARGETS)[number],
          ...(flags.rules ? { rules: flags.rules } : {}),
          ...(flags.runs ? { runs: parsePositiveInt(flags.runs, '--runs') } : {}),
          ...(flags.seed !== undefined ? { seed: parseNonNegativeInt(flags.seed, '--seed') } : {}),
          ...(flags.path ? { path: flags.path } : {}),
          report: jsonFile ? [...flags.report, `json:${jsonFile}`] : flags.report,
          ...(flags.engine ? { engine: flags.engine } : {}),
          ...(engineToken ? { engineToken } : {}),
          ...(flags.allowSkips ? { allowSkips: true } : {}),
          ...(flags.workers ? { workers: parsePositiveInt(flags.workers, '--workers') } : {}),
          ...(flags.lanes ? { lanes: parsePositiveInt(flags.lanes, '--lanes') } : {}),
          ...(flags.watch ? { watch: true } : {}),
          // Statements are cut to the terminal's width only; in a file or CI log they are printed whole.
          ...(tableWidth(out.json) !== undefined ? { columns: tableWidth(out.json) } : {}),
          // A step per rule as it finishes; the table follows at the end.
          progress: (line) => out.step(line),
          print: (line) =>
            out.json ? process.stderr.write(`${forTerminal(line)}\n`) : out.line(line, { outcomes: true }),
        });
        if (jsonFile) process.stdout.write(await readFile(jsonFile, 'utf8'));
        if (code === EXIT.skipped)
          throw new CliError('SKIPPED', 'something was skipped (see above): pass --allow-skips to accept skips', {
            exitCode: EXIT.skipped,
          });
        if (code !== EXIT.ok)
          throw new CliError('RULES_FAILED', 'a rule failed (see above for the seed to replay it)', { exitCode: code });
      } finally {
        if (jsonDir) await rm(jsonDir, { recursive: true, force: true });
      }
    });
}

/** The width of the terminal the table goes to (stderr with --json), or undefined when it is no terminal. */
function tableWidth(json: boolean): number | undefined {
  const stream = json ? process.stderr : process.stdout;
  return stream.isTTY ? stream.columns : undefined;
}
