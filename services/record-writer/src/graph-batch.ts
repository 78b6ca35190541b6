// A graph batch (new records of a hierarchy, linked by item) written through Composite Graph, with
// the same safety as a collections batch: results recorded in the batch's ledger entry after every
// call (a redelivery answers from it and fills links to those records from it), an `inserting`
// mark before each create call (a delivery after a crash mid-call asks the org what was created,
// per object type). An org that answers 404 for Composite Graph is remembered for the job, so its
// later batches go level by level through Collections without asking again.

import type { RecordBatch, RecordItemResult } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import { classifyFailure, errorCodeOf, type RetryPolicy, SalesforceCallError } from '@restorelab/salesforce/client';
import { type GraphWriteReport, RetryLaterError, type WriteLedger, writeRecordGraphs } from '@restorelab/worker';
import type { Connection } from 'jsforce';
import { batchFields, openBatchLedger, reconcileInterrupted } from './batch-ledger.ts';
import { insertingMarkItemId, newInsertingMark } from './reconcile.ts';

export interface GraphBatchDeps {
  conn: Connection;
  ledger: WriteLedger;
  logger: Logger;
  retry?: RetryPolicy;
  stats?: { retries: number };
  /** Jobs whose org answered that it has no Composite Graph (kept by the service). */
  noGraph: Set<string>;
}

export async function handleGraphBatch(batch: RecordBatch, deps: GraphBatchDeps): Promise<RecordItemResult[]> {
  const { ledger, conn } = deps;
  const log = deps.logger;
  const where = batchFields(batch);
  const opened = await openBatchLedger(ledger, batch);
  const { known, remember } = opened;
  const markId = insertingMarkItemId(batch.wave, batch.batchIndex);
  // An earlier delivery was writing when it stopped. Links are not among the compared values (they
  // were references), so look-alike siblings stay unmatched and are written again rather than guessed.
  const reconciled = await reconcileInterrupted(batch, opened, opened.toWrite, deps, {
    typed: true,
    message: 'interrupted graph reconciled',
  });
  let mark = reconciled.mark;
  const toWrite = reconciled.toWrite;
  let written: RecordItemResult[] = [];
  if (toWrite.length > 0) {
    const report = await writeOrExplain(toWrite, () =>
      writeRecordGraphs(conn, toWrite, {
        ...(deps.retry ? { retry: deps.retry } : {}),
        known,
        graphUnsupported: deps.noGraph.has(batch.jobId),
        onCreating: async () => {
          if (mark) return;
          mark = newInsertingMark(conn);
          await ledger.put(batch.jobId, 'record', markId, mark);
        },
        onResults: remember,
      }),
    );
    if ('failed' in report) {
      await remember(report.failed);
      const byId = new Map([...known, ...report.failed.map((r) => [r.itemId, r] as const)]);
      return batch.items.map((i) => byId.get(i.itemId) as RecordItemResult);
    }
    if (report.graphUnsupported && !deps.noGraph.has(batch.jobId)) {
      deps.noGraph.add(batch.jobId);
      log.warn(where, 'the org has no Composite Graph: this job writes through Collections from here on');
    }
    if (report.stoppedBy) log.error({ ...where, stoppedBy: report.stoppedBy }, 'API allocation used up: batch stopped');
    if (deps.stats) deps.stats.retries += report.retries;
    written = report.results;
    log.info(
      {
        ...where,
        apiCalls: report.apiCalls,
        retries: report.retries,
        graphsRetried: report.graphsRetried,
        items: toWrite.length,
      },
      'graph batch written',
    );
  }
  const byId = new Map([...known, ...written.map((r) => [r.itemId, r] as const)]);
  return batch.items.map((i) => byId.get(i.itemId) as RecordItemResult);
}

/**
 * Runs the write; a call the org refuses whole for a reason retrying cannot change fails every item
 * with that reason, and transient failures that outlasted the retries ask for a later delivery.
 */
async function writeOrExplain(
  items: RecordBatch['items'],
  write: () => Promise<GraphWriteReport>,
): Promise<GraphWriteReport | { failed: RecordItemResult[] }> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof SalesforceCallError && err.code === 'TRANSIENT_RETRIES_EXHAUSTED') {
      throw new RetryLaterError(err.message, { cause: err });
    }
    const code = errorCodeOf(err);
    if (!code || classifyFailure(code) !== 'permanent' || !(err as { errorCode?: string }).errorCode) throw err;
    const error = { code, message: (err as Error).message, fields: [] };
    return {
      failed: items.map((i) => ({
        itemId: i.itemId,
        sourceId: i.sourceId,
        success: false,
        error,
        ...(i.objectType ? { objectType: i.objectType } : {}),
      })),
    };
  }
}
