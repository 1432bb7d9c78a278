/**
 * Lifetimes: every listener, watcher, view and timer a feature makes is
 * registered with its owner and disposed with it, in reverse order.
 */
import * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  /** Takes ownership of `d`: disposed with this object (at once if this one is already gone). */
  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  /** Registers a function to run on dispose (clearing timers, releasing waiters). */
  protected onDispose(fn: () => void): void {
    this.register({ dispose: fn });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.owned.splice(0).reverse()) d.dispose();
  }
}
