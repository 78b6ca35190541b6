#!/usr/bin/env node
// The installed `restorelab` command (npm i -g, pnpm link --global). Plain JavaScript, so that an older
// Node says in one line what it needs instead of failing on the TypeScript entry point.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `restorelab: needs Node.js 24 or later (it runs its TypeScript sources as they are); this is ${process.version}\n`,
  );
  process.exit(1);
}
// Resolved from this file's real path, so a linked install runs the sources of its checkout.
await import('../src/bin.ts');
