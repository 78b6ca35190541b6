// Opens the jsforce connection a writer runs as, from the SF_* settings the runtime resolves. The
// user logged in here is the admin running the restore: files it inserts get it as creator (R15).

import type { Logger, SalesforceCredentials } from '@restorelab/runtime';
import { Connection } from 'jsforce';

/** API version the writers speak; sObject Collections needs 42.0 or later. */
export const SALESFORCE_API_VERSION = '60.0';

export async function connectSalesforce(credentials: SalesforceCredentials, logger: Logger): Promise<Connection> {
  if (credentials.kind === 'session') {
    const conn = new Connection({
      instanceUrl: credentials.instanceUrl,
      accessToken: credentials.accessToken,
      version: SALESFORCE_API_VERSION,
    });
    logger.info({ instanceUrl: credentials.instanceUrl }, 'salesforce session given');
    return conn;
  }
  const conn = new Connection({ loginUrl: credentials.loginUrl, version: SALESFORCE_API_VERSION });
  const info = await conn.login(credentials.username, credentials.password + (credentials.securityToken ?? ''));
  // Ids only: never the session id or the password.
  logger.info({ userId: info.id, orgId: info.organizationId, instanceUrl: conn.instanceUrl }, 'salesforce login');
  return conn;
}
