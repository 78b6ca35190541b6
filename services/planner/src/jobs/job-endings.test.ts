// A job's claims and lease go after its end is announced; a resume here waits for them, and a job
// that took no claims gives back only its lease.
import { describe, expect, it } from 'vitest';
import { JobEndings } from './job-endings.ts';
import { start } from './plan-fixtures.ts';

/** A release that ends when the test says so, recording what it was asked. */
function held() {
  const calls: string[] = [];
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const release = (what: string) => async () => {
    calls.push(`${what} asked`);
    await gate;
    calls.push(`${what} done`);
  };
  return { calls, open: () => open(), release };
}

describe('job endings', () => {
  it('gives back the claims, then the lease; a resume waits until both are gone', async () => {
    const { state, stored } = start();
    const h = held();
    const endings = new JobEndings({ release: h.release('claims') }, { release: h.release('lease') });
    const going = endings.letGo({ ...state, claims: 'held' }, stored);
    let settled = false;
    const waiting = endings.settled(state.jobId).then(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    expect(h.calls).toEqual(['claims asked']);
    h.open();
    await going;
    await waiting;
    expect(h.calls).toEqual(['claims asked', 'claims done', 'lease asked', 'lease done']);
    // Nothing left to wait for.
    await endings.settled(state.jobId);
    await endings.all();
  });

  it('a job that took no claims gives back its lease only; a failed release does not fail a wait', async () => {
    const { state, stored } = start();
    const calls: string[] = [];
    const endings = new JobEndings(
      { release: async () => void calls.push('claims') },
      {
        release: async () => {
          calls.push('lease');
          throw new Error('nats gone');
        },
      },
    );
    const going = endings.letGo(state, stored);
    await expect(going).rejects.toThrow('nats gone');
    await endings.settled(state.jobId);
    expect(calls).toEqual(['lease']);
  });
});
