// @restorelab/worker/testing: test helpers for writer services, kept off the package's main face so
// no production code loads them.
export { type CollectionsStub, type StubFault, startCollectionsStub } from './collections-stub.ts';
