// Content-addressed blob folder: `blobs/ab/cdef…` named by the sha256 of the content. Content is
// written to a temporary file while it is hashed (never held whole in memory) and renamed into place,
// so a half-written blob is never visible. Every read checks the hash, so a damaged file is an error
// naming the blob, never wrong bytes.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SnapshotError } from './errors.ts';

export interface PutBlobResult {
  hash: string;
  size: number;
  /** False when the store already held this content. */
  added: boolean;
}

const HASH = /^[0-9a-f]{64}$/;

export class BlobStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(join(this.dir, 'tmp'), { recursive: true });
  }

  pathOf(hash: string): string {
    if (!HASH.test(hash)) throw new SnapshotError('ITEM_NOT_FOUND', `not a blob hash: ${hash}`, { item: hash });
    return join(this.dir, hash.slice(0, 2), hash.slice(2));
  }

  async has(hash: string): Promise<boolean> {
    return (await this.size(hash)) !== undefined;
  }

  /** The size of a stored blob in bytes, or undefined when the store does not hold it. */
  async size(hash: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(hash))).size;
    } catch {
      return undefined;
    }
  }

  /** Streams content into the store; the temp file is removed whatever happens. */
  async put(source: Readable | AsyncIterable<Uint8Array> | Uint8Array | string): Promise<PutBlobResult> {
    const input =
      typeof source === 'string' || source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
    const tmp = join(this.dir, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hasher = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hasher.update(bytes);
        size += bytes.length;
        done(null, bytes);
      },
    });
    try {
      await pipeline(input, tap, createWriteStream(tmp));
      const hash = hasher.digest('hex');
      const target = this.pathOf(hash);
      if (await this.has(hash)) {
        await rm(tmp, { force: true });
        return { hash, size, added: false };
      }
      await mkdir(join(this.dir, hash.slice(0, 2)), { recursive: true });
      await rename(tmp, target);
      return { hash, size, added: true };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** The whole content, verified. For large blobs prefer `stream`. */
  async read(hash: string): Promise<Buffer> {
    const path = this.pathOf(hash);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new SnapshotError('BLOB_MISSING', `blob ${hash} is missing from the store`, { item: hash, cause: err });
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== hash) throw corrupt(hash, actual);
    return bytes;
  }

  /**
   * A verified stream of the content. The file is hashed once before the stream is handed out (so a
   * damaged blob fails before any byte is served), and hashed again while streaming, erroring at the
   * end if the file changed in between.
   */
  async stream(hash: string): Promise<Readable> {
    const path = this.pathOf(hash);
    const first = createHash('sha256');
    try {
      await pipeline(createReadStream(path), async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) first.update(chunk);
      });
    } catch (err) {
      throw new SnapshotError('BLOB_MISSING', `blob ${hash} is missing from the store`, { item: hash, cause: err });
    }
    const actual = first.digest('hex');
    if (actual !== hash) throw corrupt(hash, actual);
    const again = createHash('sha256');
    const check = new Transform({
      transform(chunk: Buffer, _enc, done) {
        again.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        const now = again.digest('hex');
        done(now === hash ? null : corrupt(hash, now));
      },
    });
    const source = createReadStream(path);
    source.on('error', (err) =>
      check.destroy(new SnapshotError('BLOB_MISSING', `blob ${hash} could not be read`, { item: hash, cause: err })),
    );
    return source.pipe(check);
  }
}

function corrupt(hash: string, actual: string): SnapshotError {
  return new SnapshotError('BLOB_CORRUPT', `blob ${hash} is corrupt: its content hashes to ${actual}`, {
    item: hash,
  });
}
