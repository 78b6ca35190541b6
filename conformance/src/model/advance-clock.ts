// Command: move the org's clock on (so later writes have later modification times).
import type fc from 'fast-check';
import type { OrgModel, OrgUnderTest } from './model.ts';

export class AdvanceClock implements fc.AsyncCommand<OrgModel, OrgUnderTest> {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  check(): boolean {
    return true;
  }
  async run(_m: OrgModel, r: OrgUnderTest): Promise<void> {
    r.session.mock?.advanceClock(this.ms);
  }
  toString(): string {
    return `advance the clock ${this.ms} ms`;
  }
}
