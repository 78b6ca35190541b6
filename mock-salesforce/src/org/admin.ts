// Test control over a mock server's orgs: create an org from an SFDX folder and a data plan, reset
// it, read its API call count, drive its clock, expire sessions, inject faults and set the daily
// API limit. The `/__mock/` routes and the in-process `admin` handle both call this.
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import { DEMO_ORG, loadSfdxSchema, loadTreePlan, standardSchema } from '../schema/index.ts';
import { type FaultPlan, FaultPlanSchema } from './faults.ts';
import { type MockOrg, type OrgDefinition, OrgRegistry } from './registry.ts';
import { RequestLog } from './request-log.ts';

export const CreateOrgRequestSchema = z.object({
  /** SFDX project folder; absent → the built-in demo org (unless `empty`). */
  metadataDir: z.string().min(1).optional(),
  /** `sf data import tree` plan file. */
  dataPlan: z.string().min(1).optional(),
  /** Only the standard objects, no seeds. */
  empty: z.boolean().optional(),
  username: z.string().min(3).optional(),
  password: z.string().min(1).optional(),
  orgName: z.string().min(1).optional(),
  dailyApiLimit: z.number().int().min(0).optional(),
  bulkApiHardDelete: z.boolean().optional(),
});
export type CreateOrgRequest = z.input<typeof CreateOrgRequestSchema>;

export const ClockRequestSchema = z.object({
  /** Freeze the clock at this instant (ISO date-time or epoch ms). */
  at: z.union([z.string(), z.number()]).optional(),
  /** Move the clock forward (it stays frozen). */
  advanceMs: z.number().optional(),
  /** Go back to real time. */
  realTime: z.boolean().optional(),
});
export type ClockRequest = z.input<typeof ClockRequestSchema>;

/** What a client needs to log in to an org. */
export interface OrgLogin {
  orgId: string;
  username: string;
  password: string;
  loginUrl: string;
  /** For the OAuth client_credentials grant. */
  clientId: string;
  clientSecret: string;
  adminUserId: string;
}

/** Reads a definition: the metadata folder over the standard schema, plus the plan's seeds. */
export async function loadOrgDefinition(request: CreateOrgRequest): Promise<OrgDefinition> {
  const r = CreateOrgRequestSchema.parse(request);
  const base = {
    ...(r.username ? { username: r.username } : {}),
    ...(r.password ? { password: r.password } : {}),
    ...(r.orgName ? { orgName: r.orgName } : {}),
    ...(r.dailyApiLimit !== undefined ? { dailyApiLimit: r.dailyApiLimit } : {}),
    ...(r.bulkApiHardDelete !== undefined ? { bulkApiHardDelete: r.bulkApiHardDelete } : {}),
  };
  if (r.empty) return { schema: standardSchema(), ...base };
  const metadataDir = r.metadataDir ?? DEMO_ORG.metadataDir;
  const dataPlan = r.dataPlan ?? (r.metadataDir ? undefined : DEMO_ORG.dataPlan);
  const schema = await loadSfdxSchema(metadataDir, standardSchema());
  const seeds = dataPlan ? await loadTreePlan(dataPlan, { schema }) : [];
  return { schema, seeds, ...base };
}

export class MockAdmin {
  readonly registry: OrgRegistry;
  /** Base URL clients log in at (the server's own URL). */
  loginUrl: string;
  /** The Salesforce-path requests this server answered, while switched on (off by default). */
  readonly requestLog = new RequestLog();

  constructor(registry: OrgRegistry = new OrgRegistry(), loginUrl = '') {
    this.registry = registry;
    this.loginUrl = loginUrl;
  }

  login(mock: MockOrg): OrgLogin {
    return {
      orgId: mock.orgId,
      username: mock.username,
      password: mock.password,
      loginUrl: this.loginUrl,
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      adminUserId: mock.identity.adminUserId,
    };
  }

  async createOrg(request: CreateOrgRequest = {}): Promise<OrgLogin> {
    return this.login(this.registry.createOrg(await loadOrgDefinition(request)));
  }

  /** The org with this id, or the only/first org when no id is given. */
  org(orgId?: string): MockOrg {
    const mock = orgId ? this.registry.org(orgId) : this.registry.orgs().next().value;
    if (!mock) throw new SalesforceApiError('NOT_FOUND', `No mock org ${orgId ?? ''}`.trim(), { status: 404 });
    return mock;
  }

  reset(orgId?: string): OrgLogin {
    const mock = this.org(orgId);
    this.registry.resetOrg(mock);
    return this.login(mock);
  }

  apiCalls(orgId?: string): { apiCalls: number; dailyApiLimit: number } {
    const mock = this.org(orgId);
    return { apiCalls: mock.apiCalls, dailyApiLimit: mock.dailyApiLimit };
  }

  setDailyApiLimit(limit: number, orgId?: string): void {
    this.org(orgId).dailyApiLimit = limit;
  }

  /** Grants or takes away the API user's "Bulk API Hard Delete" permission. */
  setBulkApiHardDelete(allowed: boolean, orgId?: string): void {
    this.org(orgId).bulkApiHardDelete = allowed;
  }

  resetApiCalls(orgId?: string): void {
    this.org(orgId).apiCalls = 0;
  }

  /** Sets, advances or releases the org's clock; returns the org's now. */
  clock(request: ClockRequest, orgId?: string): { now: string; frozen: boolean } {
    const r = ClockRequestSchema.parse(request);
    const clock = this.org(orgId).org.clock;
    if (r.realTime) clock.useRealTime();
    if (r.at !== undefined) clock.set(r.at);
    if (r.advanceMs !== undefined) clock.advance(r.advanceMs);
    return { now: clock.nowText(), frozen: clock.frozen };
  }

  expireSessions(orgId?: string): number {
    return this.registry.expireSessions(orgId ? this.org(orgId) : undefined);
  }

  setFaults(plan: FaultPlan, orgId?: string): void {
    this.org(orgId).faults.configure(FaultPlanSchema.parse(plan));
  }

  clearFaults(orgId?: string): void {
    this.org(orgId).faults.clear();
  }

  /** Restores records from the recycle bin (Salesforce's undelete, which REST lacks). */
  undelete(ids: string[], orgId?: string): Array<{ id: string; success: boolean; errors: unknown[] }> {
    const mock = this.org(orgId);
    return ids.map((id) => {
      try {
        return { id: mock.org.undelete(id, { userId: mock.identity.adminUserId }), success: true, errors: [] };
      } catch (error) {
        if (!(error instanceof SalesforceApiError)) throw error;
        return {
          id,
          success: false,
          errors: [{ statusCode: error.code, message: error.message, fields: error.fields }],
        };
      }
    });
  }
}
