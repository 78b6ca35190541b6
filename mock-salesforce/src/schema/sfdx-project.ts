// Finding the object folders of an SFDX project: `sfdx-project.json` names the package
// directories; inside them, every folder called `objects` holds one folder per object.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SchemaError } from './errors.ts';

const projectFileSchema = z.object({
  packageDirectories: z.array(z.object({ path: z.string().min(1) }).loose()).min(1),
});

/** Absolute paths of the package directories named by `sfdx-project.json`. */
export async function packageDirectories(projectDir: string): Promise<string[]> {
  const file = join(projectDir, 'sfdx-project.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SchemaError('FILE_NOT_FOUND', 'cannot read the file', { file, cause });
    }
    if (!(await isDirectory(projectDir))) {
      throw new SchemaError('FILE_NOT_FOUND', 'no such metadata folder', { file: projectDir });
    }
    // No project file: the conventional folder if there is one, else the folder itself
    // (a bare package directory such as `force-app/main/default`).
    const conventional = join(projectDir, 'force-app', 'main', 'default');
    return [(await isDirectory(conventional)) ? conventional : projectDir];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SchemaError('BAD_JSON', `malformed JSON: ${(cause as Error).message}`, { file, cause });
  }
  const parsed = projectFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new SchemaError('BAD_METADATA', `invalid sfdx-project.json: ${z.prettifyError(parsed.error)}`, { file });
  }
  return parsed.data.packageDirectories.map((d) => resolve(projectDir, d.path));
}

/** Every `objects` folder under the package directories, in a stable order. */
export async function objectsFolders(packageDirs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const dir of packageDirs) await collect(dir, found);
  return found;
}

async function collect(dir: string, found: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // a package directory that does not exist holds no objects
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'objects') found.push(path);
    else await collect(path, found);
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Sorted names of the files in `dir` ending in `suffix` (none when the folder is absent). */
export async function filesEndingWith(dir: string, suffix: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith(suffix)).sort();
  } catch {
    return [];
  }
}

export async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
