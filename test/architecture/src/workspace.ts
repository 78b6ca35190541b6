// Reads the real workspace into the model the rules check: every package pnpm-workspace.yaml lists,
// its package.json, and the imports of each TypeScript file under it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PackageKind, SourceFile, WorkspacePackage } from './rules.ts';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports?: Record<string, string> | string;
}

/** The folder globs of pnpm-workspace.yaml's `packages:` list (`dir/*` or a plain folder). */
function workspaceDirs(): string[] {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  const list = yaml.split(/^packages:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const dirs: string[] = [];
  for (const match of list.matchAll(/^\s*-\s*['"]?([^'"\s]+)['"]?\s*$/gm)) {
    const pattern = match[1]!;
    if (!pattern.endsWith('/*')) {
      dirs.push(pattern);
      continue;
    }
    const parent = pattern.slice(0, -2);
    for (const entry of readdirSync(join(ROOT, parent), { withFileTypes: true }))
      if (entry.isDirectory()) dirs.push(`${parent}/${entry.name}`);
  }
  return dirs.filter((dir) => statSync(join(ROOT, dir, 'package.json'), { throwIfNoEntry: false })?.isFile());
}

function kindOf(dir: string): PackageKind {
  if (dir === 'packages/cli') return 'cli';
  if (dir.startsWith('packages/')) return 'package';
  if (dir.startsWith('services/')) return 'service';
  if (dir.startsWith('apps/')) return 'app';
  if (dir === 'mock-salesforce') return 'mock';
  if (dir === 'conformance') return 'conformance';
  return 'tests';
}

function* typescriptFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typescriptFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** Module specifiers of static imports and re-exports, and of dynamic imports with a literal. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const m of code.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.add(m[1]!);
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.add(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.add(m[1]!);
  return [...found];
}

/** Tests, their helpers and benchmarks: files that may compose what their package declares. */
function roleOf(path: string): SourceFile['role'] {
  return /\.test\.ts$|\/(test|tests|bench|testing|test-fixtures)\//.test(path) ? 'test' : 'source';
}

export function readWorkspace(): WorkspacePackage[] {
  return workspaceDirs().map((dir) => {
    const json = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as PackageJson;
    const exports = json.exports ?? {};
    const faces = typeof exports === 'string' ? ['.'] : Object.keys(exports);
    const files = [...typescriptFiles(join(ROOT, dir))].map((file) => {
      const path = relative(ROOT, file);
      // This package's own tests hold import statements as strings to read; it imports no workspace code.
      const imports = dir === 'test/architecture' ? [] : importsOf(readFileSync(file, 'utf8'));
      return { path, role: roleOf(path), imports };
    });
    return {
      name: json.name,
      dir,
      kind: kindOf(dir),
      dependencies: Object.keys(json.dependencies ?? {}),
      devDependencies: Object.keys(json.devDependencies ?? {}),
      faces,
      files,
    };
  });
}
