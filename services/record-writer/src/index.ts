// record-writer: public face. The record batch handler (free of NATS but for its ledger) and the
// NATS service; everything shared with file-writer lives in @restorelab/worker and the Salesforce
// client.
export { handleRecordBatch, type RecordWriterOptions, type RecordWriterService, startRecordWriter } from './service.ts';
