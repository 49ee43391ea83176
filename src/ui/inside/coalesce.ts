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

/** An answer of a LatestAnswer: the data or error for the key it was asked for. */
export interface KeyedAnswer<T> {
  key: string;
  data: T | null;
  error: string | null;
}

/**
 * Asks for data about one thing at a time (`key`: which image, which network) through a Coalescer, and hands on only
 * answers for the key that is current when they arrive: after the key moves on, an older answer in flight is dropped
 * and the newest key is asked for next. Asking again for the same key (a refresh) hands on the fresh answer.
 */
export class LatestAnswer<T> {
  private latest: { key: string; fetch: (() => Promise<T>) | null } = { key: '', fetch: null };
  private readonly coalescer: Coalescer;

  constructor(onAnswer: (answer: KeyedAnswer<T>) => void) {
    this.coalescer = new Coalescer(async () => {
      const { key, fetch } = this.latest;
      if (!fetch) return;
      const current = () => this.latest.key === key && this.latest.fetch !== null;
      try {
        const data = await fetch();
        if (current()) onAnswer({ key, data, error: null });
      } catch (e) {
        if (current()) onAnswer({ key, data: null, error: e instanceof Error ? e.message : String(e) });
      }
    });
  }

  /** What to ask for now (null: nothing); takes effect at the next request(). */
  set(key: string, fetch: (() => Promise<T>) | null): void {
    this.latest = { key, fetch };
  }

  request(): void {
    this.coalescer.request();
  }

  stop(): void {
    this.coalescer.stop();
  }
}
