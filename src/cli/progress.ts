// A one-line progress bar for long CLI runs: redrawn in place on a terminal, a line every few seconds otherwise.

export interface ProgressLine {
  fraction: number;
  text: string;
}

const WIDTH = 24;

export function progressBar(fraction: number): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Returns a function that shows a progress line, throttled for non-terminals, and one that ends it. */
export function progressWriter(stream: NodeJS.WriteStream, intervalMs = 5000): { show(line: ProgressLine): void; done(): void } {
  const tty = stream.isTTY === true;
  let last = 0;
  let drawn = false;
  return {
    show({ fraction, text }) {
      const line = `${progressBar(fraction)} ${text}`;
      if (tty) {
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
        return;
      }
      const now = Date.now();
      if (now - last >= intervalMs || fraction >= 1) {
        stream.write(line + '\n');
        last = now;
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
