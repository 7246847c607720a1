/**
 * Deferred work of the sandbox (consent after a delay, delivery back-off, deliveries held back): on real
 * timers with a real clock, or, with a manual clock, run only when the test moves time with `advance()`, so
 * a test decides exactly when each step happens.
 *
 * @module
 */
import { type Clock, type Duration, parseDuration } from '../clock.js';

interface Task {
  readonly due: number;
  readonly order: number;
  readonly run: () => Promise<void> | void;
  timer?: ReturnType<typeof setTimeout>;
}

/** Runs tasks at sandbox-clock times and tracks the work in flight. */
export interface Scheduler {
  /** Runs `run` after `delay` on the sandbox clock (zero: on the next turn of the event loop). */
  after(delay: number, run: () => Promise<void> | void): void;
  /** Manual clock only: moves the clock and runs every task that fell due, in due order. */
  advance(duration: Duration): Promise<void>;
  /** Resolves once no task is running and none is due now. */
  settled(): Promise<void>;
  /** Cancels everything pending. */
  close(): void;
}

/** Makes a scheduler; `manual` means tasks with a delay wait for `advance()`. */
export function createScheduler(clock: Clock, manual: boolean, onError: (error: unknown) => void): Scheduler {
  const pending = new Set<Task>();
  const running = new Set<Promise<void>>();
  let order = 0;
  let closed = false;

  const start = (task: Task) => {
    pending.delete(task);
    if (task.timer) clearTimeout(task.timer);
    const promise = (async () => {
      try {
        await task.run();
      } catch (error) {
        onError(error);
      }
    })();
    running.add(promise);
    void promise.finally(() => running.delete(promise));
    return promise;
  };

  return {
    after(delay, run) {
      if (closed) return;
      const task: Task = { due: clock.now() + delay, order: order++, run };
      pending.add(task);
      // setTimeout fires at once for delays past 2^31 - 1 ms; such far-off work waits the longest it can.
      if (delay <= 0 || !manual)
        task.timer = setTimeout(() => start(task), Math.min(Math.max(0, delay), 2 ** 31 - 1));
    },
    async advance(duration) {
      const ms = parseDuration(duration);
      const target = clock as Clock & { advance?: (d: number) => void };
      if (!manual || typeof target.advance !== 'function') {
        throw new TypeError('advance() needs the sandbox to run on a manual clock');
      }
      target.advance(ms);
      for (;;) {
        const due = [...pending]
          .filter((t) => t.due <= clock.now())
          .sort((x, y) => x.due - y.due || x.order - y.order);
        if (due.length === 0) break;
        for (const task of due) await start(task);
      }
      await this.settled();
    },
    async settled() {
      for (;;) {
        // Zero-delay tasks are on real timers: let them start before judging the sandbox idle.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const now = clock.now();
        const dueSoon = [...pending].some((t) => t.due <= now);
        if (running.size === 0 && !dueSoon) return;
        await Promise.all([...running]);
      }
    },
    close() {
      closed = true;
      for (const task of pending) if (task.timer) clearTimeout(task.timer);
      pending.clear();
    },
  };
}
