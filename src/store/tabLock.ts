// One tab per workspace: each tab holds a Web Lock named after the workspace it has open, for as long as it has it
// open. A second tab that opens the same workspace cannot take the lock; it goes on with a copy of its own (a new
// workspace, "<name> (copy)") and says so, so two tabs never overwrite each other's autosave. Where the Web Locks
// API is missing (old browsers, Node) every tab owns what it opens, as before.

const PREFIX = 'convlab-workspace:';

interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void>): Promise<void>;
}

function lockManager(): LockManagerLike | null {
  const nav = typeof navigator === 'undefined' ? null : (navigator as Navigator & { locks?: LockManagerLike });
  return nav?.locks ?? null;
}

/** The locks this tab holds: which workspace, and how to let it go. */
export class WorkspaceLocks {
  private held = new Map<string, () => void>();

  /**
   * Takes the lock of workspace `id` when no other tab has it; true when this tab holds it now (or locks do not exist).
   * Tries a few times over about a second and a half: the page this one replaces (a reload) lets go as it unloads.
   */
  async acquire(id: string, attempts = 6): Promise<boolean> {
    for (let i = 0; i < attempts; i++) {
      if (await this.tryAcquire(id)) return true;
      if (i + 1 < attempts) await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  }

  private tryAcquire(id: string): Promise<boolean> {
    if (this.held.has(id)) return Promise.resolve(true);
    const locks = lockManager();
    if (!locks) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      void locks
        .request(PREFIX + id, { ifAvailable: true }, (lock) => {
          if (!lock) {
            resolve(false);
            return Promise.resolve();
          }
          resolve(true);
          // Held until released (another workspace opened) or the tab closes.
          return new Promise<void>((release) => this.held.set(id, release));
        })
        .catch(() => resolve(true));
    });
  }

  /** Lets go of every lock but `keep`'s. */
  releaseAllBut(keep: string): void {
    for (const [id, release] of this.held) {
      if (id === keep) continue;
      release();
      this.held.delete(id);
    }
  }

  holds(id: string): boolean {
    return !lockManager() || this.held.has(id);
  }
}
