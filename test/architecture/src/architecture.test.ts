// The house rules, checked on the real tree: dependency direction and faces (see rules.ts), no
// module over 500 lines, no `as unknown as` in production code. A made-up workspace shows each
// dependency rule failing once, so a rule that silently stopped biting would be seen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArchitecture, type WorkspacePackage } from './rules.ts';
import { importsOf, ROOT, readWorkspace } from './workspace.ts';

const workspace = readWorkspace();
/** Lines as an editor counts them: a final newline ends the last line, it does not start another. */
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const productionFiles = workspace.flatMap((p) => p.files.filter((f) => f.role === 'source').map((f) => f.path));

describe('the workspace', () => {
  it('holds the packages, services and apps of the layout', () => {
    const names = workspace.map((p) => p.name);
    for (const name of [
      '@restorelab/salesforce',
      '@restorelab/worker',
      '@restorelab/restore-plan',
      '@restorelab/planner',
      '@restorelab/record-writer',
      '@restorelab/file-writer',
      '@restorelab/stack',
      '@restorelab/mock-salesforce',
      '@restorelab/conformance',
    ])
      expect(names).toContain(name);
    expect(productionFiles.length).toBeGreaterThan(100);
  });

  it('keeps every dependency rule', () => {
    expect(checkArchitecture(workspace)).toEqual([]);
  });

  it('has no production module over 500 lines', () => {
    const long = productionFiles
      .map((path) => ({ path, lines: lineCount(readFileSync(join(ROOT, path), 'utf8')) }))
      .filter((f) => f.lines > 500);
    expect(long).toEqual([]);
  });

  it('forces no type through `as unknown as` in production code', () => {
    const forced = productionFiles.filter((path) => /\bas unknown as\b/.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(forced).toEqual([]);
  });
});

describe('the dependency rules', () => {
  const pkg = (
    name: string,
    dir: string,
    kind: WorkspacePackage['kind'],
    imports: string[],
    dependencies: string[] = [],
  ): WorkspacePackage => ({
    name: `@restorelab/${name}`,
    dir,
    kind,
    dependencies: dependencies.map((d) => `@restorelab/${d}`),
    devDependencies: [],
    faces: name === 'salesforce' ? ['.', './client'] : ['.'],
    files: [{ path: `${dir}/src/index.ts`, role: 'source', imports }],
  });
  const base = [
    pkg('salesforce', 'packages/salesforce', 'package', []),
    pkg('record-writer', 'services/record-writer', 'service', []),
    pkg('mock-salesforce', 'mock-salesforce', 'mock', []),
  ];
  const violationsOf = (extra: WorkspacePackage) => checkArchitecture([...base, extra]).map((v) => v.rule);

  it('refuse a service importing another service', () => {
    const planner = pkg('planner', 'services/planner', 'service', ['@restorelab/record-writer'], ['record-writer']);
    expect(violationsOf(planner)).toEqual([
      'a service may not import a service',
      'a service may not depend on a service',
    ]);
  });

  it('refuse a package importing the mock, and an import nobody declared', () => {
    expect(violationsOf(pkg('snapshots', 'packages/snapshots', 'package', ['@restorelab/mock-salesforce']))).toEqual([
      "@restorelab/mock-salesforce is not declared in @restorelab/snapshots's package.json",
      'a package may not import a mock',
    ]);
  });

  it('refuse a file reached inside another package, by name or by path', () => {
    const deep = pkg(
      'worker',
      'packages/worker',
      'package',
      ['@restorelab/salesforce/src/ids.ts', '../../salesforce/src/ids.ts'],
      ['salesforce'],
    );
    expect(violationsOf(deep)).toEqual([
      '@restorelab/salesforce has no face "./src/ids.ts": import only what its exports declare',
      'a relative import stays inside its own package: import the other package by its face',
    ]);
  });

  it('let the mock know only the Salesforce model', () => {
    const mock = pkg('mock-salesforce', 'mock-salesforce', 'mock', ['@restorelab/salesforce/client'], ['salesforce']);
    expect(checkArchitecture([base[0]!, base[1]!, mock]).map((v) => v.rule)).toEqual([
      'the mock imports only the Salesforce model',
    ]);
  });

  it('let apps compose services and the mock', () => {
    const stack = pkg(
      'stack',
      'apps/stack',
      'app',
      ['@restorelab/record-writer', '@restorelab/mock-salesforce', '@restorelab/salesforce/client'],
      ['record-writer', 'mock-salesforce', 'salesforce'],
    );
    expect(violationsOf(stack)).toEqual([]);
  });
});

describe('reading imports', () => {
  it('finds static, re-exported, side-effect and dynamic imports, not commented ones', () => {
    const source = [
      "import { a } from '@restorelab/a';",
      "import type {\n  B,\n} from '@restorelab/b';",
      "export { c } from './c.ts';",
      "import './d.ts';",
      "const e = await import('@restorelab/e');",
      "// import { f } from '@restorelab/f';",
      "/* import { g } from '@restorelab/g'; */",
    ].join('\n');
    expect(importsOf(source).sort()).toEqual(['./c.ts', './d.ts', '@restorelab/a', '@restorelab/b', '@restorelab/e']);
  });
});
