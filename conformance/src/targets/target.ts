// What a rule property gets from a target: an admin connection to an org that carries the fixture
// schema, the restore engine under test, and — on mock orgs only — control of the org's clock and
// of things the API cannot do (purging records, seeding a loop of mandatory links).
import type { Connection } from 'jsforce';
import type { RestoreEngine } from '../engine.ts';
import type { EngineFaults } from '../engines/faults.ts';
import type { SeenRequest } from './data-writes.ts';

/** Control a mock org gives and a real org does not. */
export interface MockControl {
  /** Freezes the org's clock (equal modification times, R07 / R19). */
  freezeClock(): void;
  advanceClock(ms: number): void;
  releaseClock(): void;
  /** The org's now (ISO 8601). */
  now(): string;
  /** Removes records for good (not even in the recycle bin). */
  purge(ids: readonly string[]): void;
  /**
   * Empties the recycle bin of these deleted records and what their deletes took along, as the org's
   * own clean-up would: a run's clean-up leaves nothing that later queries and deletes must step over.
   */
  purgeDeleted(ids: readonly string[]): void;
  /**
   * Starts recording the requests the org answers (its request log); `stop` ends the recording and
   * answers the requests seen since, oldest first (R04: no write before the confirmation).
   */
  recordRequests(): { stop(): SeenRequest[] };
  /** Creates two records that point at each other through required lookups (R09). */
  seedMandatoryLoop(tag: string, checkerId?: string): { gearId: string; cogId: string };
}

export interface TargetSession {
  conn: Connection;
  engine: RestoreEngine;
  adminUserId: string;
  /** Another active user, for file sharing (R17) and owners (R15). */
  otherUserId: string | undefined;
  mock: MockControl | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Breaks the engine on purpose (suite power): bent into the services the session starts, through
   * their fault seams. A session reaching an engine by URL cannot honour it and refuses.
   */
  faults?: EngineFaults;
}

/**
 * How long a session with faults follows a job: a small job of a healthy engine ends in well under a
 * second, and one that has not ended by then (a dropped message) never will.
 */
export const FAULTED_JOB_TIMEOUT_MS = 15_000;

/**
 * A target as plain data, so a worker thread can open a session of its own. Only targets whose
 * sessions share nothing get one: each `mock` or embedded `stack` session brings its own org, NATS
 * server and services.
 */
export type TargetSpec = { kind: 'mock' } | { kind: 'stack' };

export interface ConformanceTarget {
  readonly name: string;
  /** Set when sessions of the target can run side by side in worker threads. */
  readonly spec?: TargetSpec;
  /** Set when the target cannot run here; the report shows it as skipped with this reason. */
  readonly unavailable?: string;
  open(options?: OpenOptions): Promise<TargetSession>;
}

/** The objects the fixture schema adds, and the standard ones the properties use. */
export const FIXTURE_OBJECTS = ['Programme__c', 'Stage__c', 'Step__c', 'Gear__c', 'Cog__c'] as const;
export const BACKUP_OBJECTS = ['Account', 'Contact', 'Case', 'User', ...FIXTURE_OBJECTS, 'Attachment'] as const;
