// @restorelab/stack: the whole restore stack composed in one process (NATS, the mock org or a real
// one, the planner with the web console beside it, both writers), for `restorelab dev` and `demo`,
// the conformance suite and tests. The only place besides the CLI and tests where services, apps and
// the mock meet. Tests of a stack share @restorelab/stack/testing.
export { type Stack, type StackOptions, type StackSeams, startStack } from './stack.ts';
