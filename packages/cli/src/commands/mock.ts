// `restorelab mock`: serve a mock Salesforce org until interrupted.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createOutput } from '../output.ts';
import { parsePort } from '../parse.ts';
import type { GlobalOptions } from '../program.ts';
import { waitForSignal } from '../signals.ts';

interface MockOptions {
  port: string;
  host: string;
  metadata?: string;
  data?: string;
  username?: string;
  password?: string;
}

export function registerMock(program: Command): void {
  program
    .command('mock')
    .description(
      'Serve a mock Salesforce org that jsforce and the Salesforce CLI can log in to (the demo org by default).',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--metadata <sfdx-dir>', 'an SFDX project whose objects, fields and record types make the org schema')
    .option('--data <plan.json>', 'seed records in the Salesforce CLI tree format (a plan file)')
    .option('--username <name>', 'admin user name (default admin@restorelab.test)')
    .option('--password <password>', 'admin password (default restorelab)')
    .action(async (options: MockOptions, command: Command) => {
      const out = createOutput(command.optsWithGlobals<GlobalOptions>());
      // Loaded on use so `restorelab --help` stays fast.
      const { startMockServer } = await import('@restorelab/mock-salesforce');
      const server = await startMockServer({
        host: options.host,
        port: parsePort(options.port),
        ...(options.metadata ? { metadataDir: resolve(options.metadata) } : {}),
        ...(options.data ? { dataPlan: resolve(options.data) } : {}),
        ...(options.username ? { username: options.username } : {}),
        ...(options.password ? { password: options.password } : {}),
      });
      out.result(
        {
          url: server.url,
          loginUrl: server.loginUrl,
          username: server.username,
          password: server.password,
          orgId: server.orgId,
          ...(server.adminToken ? { adminToken: server.adminToken } : {}),
        },
        (s) => {
          out.line(`mock Salesforce org listening on ${s.url}`);
          out.line(`  login URL: ${s.loginUrl}`);
          out.line(`  username:  ${s.username}`);
          out.line(`  password:  ${s.password}`);
          out.line(`  org id:    ${s.orgId}`);
          if (s.adminToken) out.line(`  admin API: /__mock (token ${s.adminToken}, as X-Mock-Admin-Token)`);
          out.line('Press Ctrl-C to stop.');
        },
      );
      await waitForSignal();
      await server.close();
    });
}
