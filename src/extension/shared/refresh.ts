/**
 * The one way a view catches up with the files: debounced, with a `ready`
 * promise that settles when the refresh that finally runs is done (tests and
 * reveal wait on it), and, for a view whose refresh is costly, nothing at all
 * while the view is hidden; showing it catches up. `Debouncer` is the same
 * for work keyed by file.
 */
import * as vscode from 'vscode';

export class Refresher implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiters: Array<() => void> = [];
  private visibility: vscode.Disposable | undefined;
  /** Whether something changed that the view has not caught up with (only while hidden). */
  stale = false;
  /** Settles when the data is current. */
  ready: Promise<void> = Promise.resolve();

  /**
   * @param run the refresh itself
   * @param delay debounce, in milliseconds
   * @param whileVisible a view: refresh only while it is visible
   */
  constructor(
    private readonly run: () => Promise<void> | void,
    private readonly delay: number,
    private readonly whileVisible?: vscode.TreeView<unknown>,
  ) {
    if (whileVisible) {
      this.stale = true;
      this.visibility = whileVisible.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) this.schedule(0);
      });
    }
  }

  private get hidden(): boolean {
    return !!this.whileVisible && !this.whileVisible.visible;
  }

  /** Refreshes after `delay` ms without another call; everyone waiting on `ready` is released by the run that happens. */
  schedule(delay = this.delay): void {
    if (this.hidden) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.ready = new Promise((resolve) => this.waiters.push(resolve));
    this.timer = setTimeout(() => void this.runNow(), delay);
  }

  /** Refreshes now (or, hidden, marks the view stale). */
  async now(): Promise<void> {
    if (this.hidden) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.ready = new Promise((resolve) => this.waiters.push(resolve));
    await this.runNow();
  }

  private async runNow(): Promise<void> {
    const waiting = this.waiters;
    this.waiters = [];
    this.stale = false;
    try {
      await this.run();
    } catch (e) {
      console.error('CMO: a view could not refresh:', e);
    } finally {
      for (const release of waiting) release();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.visibility?.dispose();
    for (const release of this.waiters.splice(0)) release();
  }
}

/** Debounced work per key (a file, an article): the last call for a key within `delay` wins. */
export class Debouncer<K = string> implements vscode.Disposable {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();

  schedule(key: K, delay: number, run: () => void | Promise<void>): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void Promise.resolve()
          .then(run)
          .catch((e) => console.error('CMO:', e));
      }, delay),
    );
  }

  /** A throttle: runs `run` after `delay` unless a run for the key is already pending (then that one stands). */
  scheduleOnce(key: K, delay: number, run: () => void | Promise<void>): void {
    if (!this.timers.has(key)) this.schedule(key, delay, run);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
