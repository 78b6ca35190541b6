// Reading file content from the JetStream object store. The object store's own get opens an ordered
// consumer on the object's chunks for every read: a consumer created and left to expire on the
// server, for content that is almost always one chunk (128 KiB). An object of one chunk is read here
// with one direct message get instead, checked against the size and SHA-256 digest its metadata
// holds; anything larger goes through the object store's get.
import { createHash } from 'node:crypto';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { ObjectStore } from '@nats-io/obj';
import { FileWriterError } from './errors.ts';

const DIGEST_PREFIX = 'SHA-256=';

/** The object's bytes, or null when there is no such object. */
export async function readObject(store: ObjectStore, jsm: JetStreamManager, name: string): Promise<Uint8Array | null> {
  const info = await store.info(name);
  if (!info || info.deleted) return null;
  if (info.chunks !== 1 || !info.digest.startsWith(DIGEST_PREFIX)) return store.getBlob(name);
  const message = await jsm.streams.getMessage(`OBJ_${info.bucket}`, {
    last_by_subj: `$O.${info.bucket}.C.${info.nuid}`,
  });
  const data = message?.data;
  const expected = Buffer.from(info.digest.slice(DIGEST_PREFIX.length), 'base64url');
  if (!data || data.byteLength !== info.size || !createHash('sha256').update(data).digest().equals(expected)) {
    throw new FileWriterError(
      'CONTENT_MISMATCH',
      `content ${name} does not match its metadata (size ${info.size}, ${info.digest})`,
      { contentKey: name },
    );
  }
  return data;
}
