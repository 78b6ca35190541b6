// Reading content over a real nats-server: one-chunk objects by a direct get (checked against their
// metadata), larger and empty ones through the object store, and a clear error for a damaged chunk.
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import { ensureJetStream, OBJECT_BUCKETS } from '@restorelab/contracts';
import { createLogger, type NatsHandle, useNats } from '@restorelab/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readObject } from './content.ts';

let nats: NatsHandle;
let store: ObjectStore;

beforeAll(async () => {
  const logger = createLogger({ name: 'content-test', level: 'silent' });
  nats = await useNats({ name: 'content-test', logger, env: {}, registerShutdown: false });
  await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
  store = await new Objm(jetstream(nats.nc)).open(OBJECT_BUCKETS.content);
}, 30_000);

afterAll(async () => {
  await nats?.close();
});

describe('readObject', () => {
  it('reads objects of no, one and several chunks back whole, and null for a missing one', async () => {
    const jsm = await jetstreamManager(nats.nc);
    for (const size of [0, 1, 5_000, 128 * 1024, 300_000]) {
      const bytes = randomBytes(size);
      await store.putBlob({ name: `blob-${size}` }, bytes);
      const read = await readObject(store, jsm, `blob-${size}`);
      expect(Buffer.from(read ?? new Uint8Array()).equals(bytes), `${size} bytes`).toBe(true);
    }
    expect(await readObject(store, jsm, 'no-such-blob')).toBeNull();
  });

  it('refuses a one-chunk object whose chunk no longer matches its digest', async () => {
    const jsm = await jetstreamManager(nats.nc);
    await store.putBlob({ name: 'tampered' }, Buffer.from('the original content'));
    const info = await store.info('tampered');
    // Another message on the chunk subject: the latest one is what a direct get answers.
    await jetstream(nats.nc).publish(
      `$O.${OBJECT_BUCKETS.content}.C.${info?.nuid}`,
      Buffer.from('the altered content!'),
    );
    await expect(readObject(store, jsm, 'tampered')).rejects.toMatchObject({ code: 'CONTENT_MISMATCH' });
  });
});
