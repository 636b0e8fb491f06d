/**
 * Runs `pull` one at a time: a caller that arrives while it runs shares that run. How the
 * in-memory indexes catch up with the database without two loads racing each other.
 */
export class SingleFlight {
  private running: Promise<void> | null = null;

  constructor(private readonly pull: () => Promise<void>) {}

  run(): Promise<void> {
    this.running ??= this.pull().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * As {@link run}, except that it resolves at once when the caller knows there is nothing to pull
   * (`current`) and no run is going on (a run may have read rows it has not applied yet).
   */
  runUnless(current: boolean): Promise<void> {
    return current && !this.running ? Promise.resolve() : this.run();
  }

  /** Resolves when no run is going on; the run's own caller receives its error. */
  async settle(): Promise<void> {
    await this.running?.then(
      () => undefined,
      () => undefined,
    );
  }
}
