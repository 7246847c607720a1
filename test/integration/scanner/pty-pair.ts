/**
 * A real pseudo-terminal pair from socat: the test writes a scanner's bytes into one end (`scanner`) and
 * the adapter reads the other (`port`), as it reads /dev/ttyACM0. Killing socat is the unplug.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Whether socat is on PATH. */
export const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

export interface PtyPair {
  /** The end the adapter opens. */
  readonly port: string;
  /** Starts socat (again); resolves when both links exist. */
  start(): Promise<void>;
  /** Kills socat (the unplug); resolves when it has exited. */
  unplug(): Promise<void>;
  /** Writes bytes into the scanner end, one write each, with `gapMs` between them. */
  type(chunks: readonly (string | Uint8Array)[], gapMs: number | ((index: number) => number)): Promise<void>;
  /** Kills socat and removes the directory. */
  dispose(): Promise<void>;
}

export function ptyPair(): PtyPair {
  const dir = mkdtempSync(join(tmpdir(), 'diia-pty-'));
  const scanner = join(dir, 'scanner');
  const port = join(dir, 'port');
  let socat: ChildProcess | undefined;
  let fd: number | undefined;

  const unplug = async () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    const child = socat;
    socat = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // socat killed hard leaves its links behind; a real unplug removes the device node.
    rmSync(scanner, { force: true });
    rmSync(port, { force: true });
  };

  return {
    port,
    async start() {
      socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${scanner}`, `pty,raw,echo=0,link=${port}`], {
        stdio: 'ignore',
      });
      for (let i = 0; i < 200 && !(existsSync(scanner) && existsSync(port)); i++) await sleep(10);
      if (!existsSync(port)) throw new Error('socat did not create the pty pair');
      fd = openSync(scanner, 'w');
    },
    unplug,
    async type(chunks, gapMs) {
      for (const [index, chunk] of chunks.entries()) {
        if (index > 0) await sleep(typeof gapMs === 'number' ? gapMs : gapMs(index));
        if (fd === undefined) throw new Error('not started');
        writeSync(fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      }
    },
    async dispose() {
      await unplug();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Splits text into one-byte writes, as a 9600-baud scanner delivers it. */
export function bytewise(text: string): Uint8Array[] {
  return [...Buffer.from(text, 'utf8')].map((byte) => Uint8Array.of(byte));
}

/** Waits until `check` holds, polling every 10 ms, up to `ms`. */
export async function until(check: () => boolean, ms = 5000, state?: () => unknown): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting; state: ${JSON.stringify(state?.())}`);
    await sleep(10);
  }
}
