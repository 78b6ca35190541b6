// Reads back everything restorelab keeps in JetStream: every KV entry (job states, plans, the write
// ledger) and every message still held by a stream (job events, dead letters), as text, so a test
// can scan what the stack wrote.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';

export interface NatsDump {
  kv: Array<{ bucket: string; key: string; value: string }>;
  streams: Array<{ stream: string; subject: string; data: string }>;
}

export async function dumpNats(url: string): Promise<NatsDump> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    const dump: NatsDump = { kv: [], streams: [] };
    const kvm = new Kvm(js);
    for await (const status of kvm.list()) {
      const bucket = status.bucket;
      const kv = await kvm.open(bucket);
      for await (const key of await kv.keys()) {
        const entry = await kv.get(key);
        if (entry) dump.kv.push({ bucket, key, value: entry.string() });
      }
    }
    for await (const info of jsm.streams.list()) {
      const name = info.config.name;
      if (name.startsWith('KV_') || name.startsWith('OBJ_')) continue;
      // Work queues cannot take a second consumer; what they held has been consumed away anyway.
      if (info.state.messages === 0 || info.config.retention === RetentionPolicy.Workqueue) continue;
      await jsm.consumers.add(name, {
        name: 'scan',
        ack_policy: AckPolicy.None,
        deliver_policy: DeliverPolicy.All,
        inactive_threshold: 30_000_000_000,
      });
      const consumer = await js.consumers.get(name, 'scan');
      let left = info.state.messages;
      while (left > 0) {
        const batch = await consumer.fetch({ max_messages: Math.min(left, 500), expires: 2_000 });
        let got = 0;
        for await (const m of batch) {
          dump.streams.push({ stream: name, subject: m.subject, data: m.string() });
          got++;
        }
        if (got === 0) break;
        left -= got;
      }
      await jsm.consumers.delete(name, 'scan');
    }
    return dump;
  } finally {
    await nc.close();
  }
}
