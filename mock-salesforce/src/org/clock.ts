// The org's clock. Real time by default; tests freeze it at a chosen instant and advance it so
// LastModifiedDate comes out equal or different on purpose.

export class OrgClock {
  #frozenAt: number | undefined;
  #lastMs = Number.NaN;
  #lastText = '';

  /** Milliseconds since the epoch. */
  now(): number {
    return this.#frozenAt ?? Date.now();
  }

  /** Freezes the clock at `ms` (milliseconds or an ISO date-time text). */
  set(at: number | string): void {
    const ms = typeof at === 'number' ? at : Date.parse(at);
    if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(at)}`);
    this.#frozenAt = ms;
  }

  /** Moves a frozen clock forward; a real-time clock becomes frozen at now + ms. */
  advance(ms: number): void {
    this.#frozenAt = this.now() + ms;
  }

  useRealTime(): void {
    this.#frozenAt = undefined;
  }

  get frozen(): boolean {
    return this.#frozenAt !== undefined;
  }

  /**
   * Now as Salesforce writes a datetime (`2024-05-01T12:00:00.000+0000`). The text is cached per
   * millisecond so records written in the same instant share one string (memory per record).
   */
  nowText(): string {
    const ms = this.now();
    if (ms !== this.#lastMs) {
      this.#lastMs = ms;
      this.#lastText = formatDateTime(ms);
    }
    return this.#lastText;
  }
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
