// @restorelab/stack: the whole restore stack composed in one process (NATS, the mock org or a real
// one, the planner with its console, both writers), for `restorelab dev` and `demo`, the conformance
// suite and tests. The only place besides the CLI and tests where services and the mock meet.
export { type Stack, type StackOptions, startStack } from './stack.ts';
