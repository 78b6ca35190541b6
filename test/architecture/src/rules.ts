// The workspace's dependency rules as a pure check over a model of the workspace (packages, their
// declared dependencies and faces, and each file's imports), so a test can run it on the real tree
// and on a made-up one that breaks a rule on purpose.
//
// The rules:
// - a package imports only packages; a service only packages (never another service, an app or
//   the mock); the mock only the Salesforce model face;
// - only apps, the CLI, conformance and tests compose services and the mock;
// - across packages only a declared face (package.json `exports`) is imported, never a file inside,
//   and a relative import never leaves its own package;
// - a `testing` face is for tests only;
// - every @restorelab import of production code is declared in `dependencies`.

/** What a workspace package is, by where it lives. */
export type PackageKind = 'package' | 'cli' | 'service' | 'app' | 'mock' | 'conformance' | 'tests';

export interface SourceFile {
  /** Path from the repository root. */
  path: string;
  /** Tests, test helpers and benchmarks may compose anything their package declares. */
  role: 'source' | 'test';
  imports: string[];
}

export interface WorkspacePackage {
  name: string;
  /** Folder from the repository root. */
  dir: string;
  kind: PackageKind;
  dependencies: string[];
  devDependencies: string[];
  /** Sub-paths of its `exports`: '.' and './client' say `@x/y` and `@x/y/client` may be imported. */
  faces: string[];
  files: SourceFile[];
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** Kinds each kind's production code may import. */
const MAY_IMPORT: Record<PackageKind, ReadonlySet<PackageKind>> = {
  package: new Set(['package']),
  service: new Set(['package']),
  mock: new Set(['package']),
  cli: new Set(['package', 'service', 'app', 'mock', 'conformance']),
  app: new Set(['package', 'service', 'app', 'mock']),
  conformance: new Set(['package', 'service', 'app', 'mock']),
  tests: new Set(['package', 'service', 'app', 'mock', 'conformance', 'cli']),
};

/** The mock simulates Salesforce: of restorelab it may know only the model. */
const MOCK_MAY_IMPORT = new Set(['@restorelab/salesforce']);

const SCOPE = '@restorelab/';

/** `@restorelab/salesforce/client` → ['@restorelab/salesforce', './client']. */
function splitSpecifier(specifier: string): [string, string] {
  const parts = specifier.split('/');
  const name = parts.slice(0, 2).join('/');
  const rest = parts.slice(2).join('/');
  return [name, rest ? `./${rest}` : '.'];
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function dirOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

/** Every broken rule in the workspace; empty when it keeps them all. */
export function checkArchitecture(packages: readonly WorkspacePackage[]): Violation[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const violations: Violation[] = [];
  for (const pkg of packages) {
    for (const file of pkg.files) {
      for (const specifier of file.imports) {
        const broken = (rule: string) => violations.push({ file: file.path, specifier, rule });
        if (specifier.startsWith('.')) {
          const target = normalise(`${dirOf(file.path)}/${specifier}`);
          // Tests and benchmarks may share the root's bench types; nothing else leaves its package.
          const intoRootScripts = file.role === 'test' && target.startsWith('scripts/');
          if (!target.startsWith(`${pkg.dir}/`) && !intoRootScripts)
            broken('a relative import stays inside its own package: import the other package by its face');
          continue;
        }
        if (!specifier.startsWith(SCOPE)) continue;
        const [name, face] = splitSpecifier(specifier);
        const target = byName.get(name);
        if (!target) {
          broken(`${name} is not a workspace package`);
          continue;
        }
        if (target === pkg) {
          // A package's tests and benchmarks may use its face; its own modules import each other.
          if (file.role === 'source') broken('a package imports its own files relatively, not through its face');
          continue;
        }
        if (!target.faces.includes(face)) broken(`${name} has no face "${face}": import only what its exports declare`);
        if (face === './testing' && file.role !== 'test') broken('a testing face is for tests only');
        const declared =
          file.role === 'test'
            ? pkg.dependencies.includes(name) || pkg.devDependencies.includes(name)
            : pkg.dependencies.includes(name);
        if (!declared) broken(`${name} is not declared in ${pkg.name}'s package.json`);
        if (file.role === 'test') continue;
        if (!MAY_IMPORT[pkg.kind].has(target.kind)) broken(`a ${pkg.kind} may not import a ${target.kind}`);
        if (pkg.kind === 'mock' && (!MOCK_MAY_IMPORT.has(name) || face !== '.'))
          broken('the mock imports only the Salesforce model');
      }
    }
    // What package.json depends on obeys the same rules as the imports (dev dependencies serve tests).
    for (const name of pkg.dependencies) {
      const target = byName.get(name);
      if (!target) continue;
      const file = `${pkg.dir}/package.json`;
      if (!MAY_IMPORT[pkg.kind].has(target.kind))
        violations.push({ file, specifier: name, rule: `a ${pkg.kind} may not depend on a ${target.kind}` });
      else if (pkg.kind === 'mock' && !MOCK_MAY_IMPORT.has(name))
        violations.push({ file, specifier: name, rule: 'the mock depends only on the Salesforce model' });
    }
  }
  return violations;
}
