// `restorelab download`: save a backed-up record (as JSON), file or attachment as it was backed up.
import { createWriteStream, existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { formatBytes } from '../format.ts';
import { clientContext, pickItem, withPlannerOptions } from './client-command.ts';

interface DownloadOptions {
  snapshot?: string;
  org?: string;
  output?: string;
  force?: boolean;
}

/** Why a file could not be written, in words (the folder is missing, not writable, …). */
function writeFailure(error: unknown, dir: string): string {
  switch ((error as { code?: unknown }).code) {
    case 'ENOENT':
      return `the folder ${dir} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write in ${dir}`;
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The name the planner gave a download, reduced to a base name (never a path out of the folder). */
export function safeFileName(name: string | undefined, fallback: string): string {
  const safe = basename((name ?? fallback).replaceAll('\\', '/'));
  return safe === '' || safe === '.' || safe === '..' ? fallback : safe;
}

export function registerDownload(program: Command): void {
  withPlannerOptions(
    program
      .command('download')
      .description('Download a record (JSON), a file or an attachment as backed up')
      .argument('<item>', 'id, browse path or a name that matches one item')
      .option('-o, --output <file>', 'where to save it ("-" for stdout; default: its original name here)')
      .option('--force', 'overwrite an existing file')
      .option('--snapshot <id>', 'snapshot to read (default: the newest one)')
      .option('--org <id>', "the org whose newest snapshot to read (default: the planner's org)"),
  ).action(async (text: string, options: DownloadOptions, command: Command) => {
    const { client, out } = clientContext(command);
    const { snapshotId, item } = await pickItem(client, options, text);
    const download = await client.download(snapshotId, item.kind, item.id);
    const contentType = download.contentType;
    if (options.output === '-') {
      await pipeline(Readable.fromWeb(download.body as never), process.stdout, { end: false });
      return;
    }
    const fallback = item.kind === 'record' ? `${item.id}.json` : item.id;
    const file = resolve(options.output ?? safeFileName(download.fileName, fallback));
    if (existsSync(file) && !options.force) {
      await download.body.cancel();
      throw new CliError(
        'FILE_EXISTS',
        `${file} already exists: pass --force to overwrite it or -o to pick another name`,
      );
    }
    const stream = createWriteStream(file);
    try {
      await pipeline(Readable.fromWeb(download.body as never), stream);
    } catch (error) {
      throw new CliError('CANNOT_WRITE', `cannot write ${file}: ${writeFailure(error, dirname(file))}`, {
        cause: error,
      });
    }
    const saved = {
      snapshotId,
      kind: item.kind,
      id: item.id,
      name: item.name,
      file,
      bytes: stream.bytesWritten,
      contentType,
    };
    out.result(saved, (s) =>
      out.line(`saved ${s.kind} ${s.id} to ${s.file} (${formatBytes(s.bytes)}, ${s.contentType})`),
    );
  });
}
