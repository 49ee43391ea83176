// Runs an async task one at a time, and requests made while it runs collapse into one more run afterwards: live
// views ask the worker for fresh data as often as they like without queueing up calls behind training.

export class Coalescer {
  private running = false;
  private again = false;
  private stopped = false;

  constructor(private readonly task: () => Promise<void>) {}

  /** Runs the task now, or once more after the current run when one is in progress. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.loop();
  }

  /** No more runs (a component unmounted); a run in progress finishes. */
  stop(): void {
    this.stopped = true;
    this.again = false;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        try {
          await this.task();
        } catch {
          // The task reports its own errors; a failed run must not end the loop for later requests.
        }
      } while (this.again && !this.stopped);
    } finally {
      this.running = false;
    }
  }
}
