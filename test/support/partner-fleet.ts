/**
 * Starts partner instances (test/support/partner-instance.ts) as real child processes and reads what they
 * print. `kill('SIGKILL')` is a crash: no clean-up code of the instance runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InstanceConfig } from './partner-instance.js';

const SCRIPT = fileURLToPath(new URL('./partner-instance.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A line an instance printed. */
export type InstanceEvent = Record<string, unknown> & { readonly event: string };

/** A running instance. */
export interface PartnerInstance {
  readonly name: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly events: InstanceEvent[];
  readonly process: ChildProcess;
  /** Resolves with the first event (already seen or to come) that matches. */
  waitFor(match: (event: InstanceEvent) => boolean, timeoutMs?: number): Promise<InstanceEvent>;
  /** Sends a signal and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

// Instances still running when the process exits (a failed test, Ctrl-C on a benchmark) die with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts one instance and waits until it listens. */
export async function startPartnerInstance(config: InstanceConfig): Promise<PartnerInstance> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, PARTNER_CONFIG: JSON.stringify(config), NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const events: InstanceEvent[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let buffer = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        events.push(JSON.parse(line) as InstanceEvent);
      } catch {
        // not one of ours
      }
      newline = buffer.indexOf('\n');
    }
    for (const listener of [...listeners]) listener();
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  const waitFor = (match: (event: InstanceEvent) => boolean, timeoutMs = 20_000) =>
    new Promise<InstanceEvent>((resolve, reject) => {
      const look = () => {
        const found = events.find(match);
        if (!found) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const onExit = () => {
        if (look()) return;
        cleanup();
        reject(new Error(`instance ${config.name} exited: ${stderr}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`instance ${config.name}: timed out waiting; stderr: ${stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
      };
      const check = () => void look();
      if (look()) return;
      listeners.add(check);
      child.once('exit', onExit);
    });

  const listening = await waitFor((e) => e.event === 'listening', 30_000);
  return {
    name: config.name,
    url: `http://127.0.0.1:${listening.port}`,
    events,
    process: child,
    waitFor,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Counts an event across instances. */
export function countEvents(
  instances: readonly PartnerInstance[],
  event: string,
  requestId?: string,
): number {
  let count = 0;
  for (const instance of instances) {
    for (const e of instance.events) {
      if (e.event === event && (requestId === undefined || e.requestId === requestId)) count++;
    }
  }
  return count;
}
