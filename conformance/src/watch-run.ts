// One run of `--watch`, in its own process: the options come as JSON in argv[2]; the exit code is the run's.
//
// With `--warm` (argv[3]) the process prepares before it is needed: it opens the target's sessions (org,
// NATS, services: most of a run's wall time) and waits for the watcher's message naming the files that
// changed. If one of them is a module this process already loaded, what it prepared is stale: it says
// so and ends, and the watcher starts a cold run. Otherwise (a rule's own file, the usual edit) it loads
// the rules now, fresh from disk, and runs them on the open sessions.
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const loaded = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith('file:')) loaded.add(fileURLToPath(url));
    return nextLoad(url, context);
  },
});

/** Run now, these files having changed since the set-up began; or stop unused. */
export type WarmGo = { changed: string[] } | { stop: true };
export type WarmReply = { ready: true } | { stale: boolean };

const options = JSON.parse(process.argv[2] ?? '{}');
if (process.argv[3] !== '--warm') {
  const { runConformanceCommand } = await import('./command.ts');
  process.exitCode = await runConformanceCommand({ ...options, watch: false });
} else {
  // Listening before the set-up: the watcher may say "go" while the sessions are still opening.
  const go = new Promise<WarmGo>((resolve) => process.once('message', resolve));
  const { targetOf } = await import('./command-target.ts');
  const target = targetOf(options);
  // A target that cannot run (no org credentials) has nothing to prepare; a set-up that fails is left
  // to the cold run, which reports it in full. Either way this process stays silent until "go".
  const count = target.unavailable ? 0 : Number(process.argv[4] ?? 1);
  const sessions = await Promise.all(Array.from({ length: count }, () => target.open())).catch(() => {
    process.exit(0);
  });
  const closeAll = async () => {
    for (const session of sessions.splice(0)) await session.close();
  };
  const send = (reply: WarmReply) => process.send?.(reply);
  // The watcher died before it needed this run (a watcher that stops says so: see WarmGo).
  const onDisconnect = () => void closeAll().finally(() => process.exit(0));
  process.once('disconnect', onDisconnect);
  send({ ready: true });
  const message = await go;
  if ('stop' in message) {
    await closeAll();
    process.exit(0);
  }
  const { changed } = message;
  // Checked after the set-up: a file loaded before it changed is stale; one loaded after, fresh.
  const stale = changed.some((file) => loaded.has(file));
  send({ stale });
  if (stale) {
    await closeAll();
    process.exit(0);
  }
  const { runConformanceCommand } = await import('./command.ts');
  // No `spec`: the rules run on these open sessions in this process, not on worker threads.
  const { spec: _spec, ...inProcess } = target;
  const warm = { ...inProcess, open: async () => sessions.shift() ?? target.open() };
  const code = await runConformanceCommand({ ...options, watch: false }, warm);
  process.off('disconnect', onDisconnect);
  await closeAll();
  process.exit(code);
}
