/**
 * The dstu opener on a pool of worker threads: DSTU 4145 and GOST cost milliseconds of CPU per delivery,
 * and on the event loop those milliseconds delay every other request of the process. With the pool, the
 * webhook's thread only moves bytes; the opening runs on other cores.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { type Clock, systemClock } from '../clock.js';
import { AcceptError, type AcceptErrorCode } from '../errors.js';
import type { DstuKeySource } from '../profiles/dstu/keys.js';
import type { DstuTrust, DstuValidity } from '../profiles/dstu/open.js';
import type { OpenContext, OpenedFile, Opener } from '../profiles/port.js';

/**
 * Options of {@link dstuOpenerPool}: those of `dstuOpener` that can cross to a thread, and the pool's size.
 *
 * @example
 * ```ts
 * const options: DstuOpenerPoolOptions = {
 *   keys: { container: keyFile, password },
 *   trust: { caBundle, platformCertificates: [diiaSigningCert, diiaKeyAgreementCert] },
 *   threads: 2,
 * };
 * ```
 */
export interface DstuOpenerPoolOptions {
  /** The partner's key container(s); each thread opens them once (PBKDF2: about a second each). */
  readonly keys: DstuKeySource | readonly DstuKeySource[];
  /** The CA bundle and the platform's certificates. */
  readonly trust: DstuTrust;
  /** Time source for `validity: 'now'`, read on the calling thread for each delivery. */
  readonly clock?: Clock;
  /** When certificates must be valid; `'now'` unless you need to open archived deliveries. */
  readonly validity?: DstuValidity;
  /** Worker threads, 1–64; defaults to the available parallelism less one (at least 1). */
  readonly threads?: number;
  /** Deliveries waiting for a thread at most; more are refused with `ABORTED`. Default 1000. */
  readonly maxQueue?: number;
}

/**
 * An {@link Opener} whose `open` runs on worker threads, and `close()` to stop them.
 *
 * @example
 * ```ts
 * const pool: DstuOpenerPool = dstuOpenerPool(options);
 * await pool.close();
 * ```
 */
export interface DstuOpenerPool extends Opener {
  /** Stops the threads; deliveries still waiting or running are refused with `ABORTED`. */
  close(): Promise<void>;
}

/** @internal What a worker is started with. */
export interface PoolWorkerData {
  readonly keys: DstuKeySource | readonly DstuKeySource[];
  readonly trust: DstuTrust;
  readonly validity: DstuValidity;
}

/** @internal One delivery sent to a worker. */
export interface PoolRequest {
  readonly id: number;
  readonly sealed: Uint8Array;
  readonly at: number;
  readonly fileName?: string;
}

/** @internal A worker's answer: the opened file, or the code of the refusal. */
export type PoolReply =
  | { readonly id: number; readonly file: OpenedFile }
  | { readonly id: number; readonly code: AcceptErrorCode; readonly detail?: string };

interface Job {
  readonly request: PoolRequest;
  readonly resolve: (file: OpenedFile) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface Slot {
  /** Undefined after the thread died: a new one starts when a delivery needs it. */
  worker: Worker | undefined;
  job: Job | undefined;
}

/**
 * @internal Not an option of the public API: the resource limits of the n-th thread the pool starts (from
 * 0), under this symbol key of the options, so that a test can make a real thread run out of memory.
 */
export const THREAD_LIMITS: unique symbol = Symbol('dstuOpenerPool thread limits');

type ThreadLimits = (started: number) => ResourceLimits | undefined;

const KNOWN = new Set(['keys', 'trust', 'clock', 'validity', 'threads', 'maxQueue']);

/**
 * Starts a thread on the worker file beside this module: the built ESM or CJS file, or, when this module
 * runs as TypeScript source (tests, tsx), the source through tsx's loader, registered inside the thread.
 */
function startWorker(workerData: PoolWorkerData, resourceLimits: ResourceLimits | undefined): Worker {
  const here =
    typeof __filename === 'string' && __filename !== '' ? __filename : fileURLToPath(import.meta.url);
  const ext = here.endsWith('.ts') ? '.ts' : here.endsWith('.cjs') ? '.cjs' : '.js';
  const url = new URL(`./dstu-pool-worker${ext}`, pathToFileURL(here));
  const limits = resourceLimits ? { resourceLimits } : {};
  if (ext !== '.ts') return new Worker(url, { workerData, ...limits });
  // tsx's ESM register (the package's "./esm/api" import condition), found from its package.json.
  const tsxPackage = createRequire(here).resolve('tsx/package.json');
  const tsx = new URL('./dist/esm/api/index.mjs', pathToFileURL(tsxPackage)).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData, ...limits });
}

/**
 * The `dstu` opener on worker threads, for Node. Each thread opens the key containers once and keeps its
 * own remembered certificate chains; deliveries go to the first idle thread, in arrival order. Errors
 * cross the thread boundary as {@link AcceptError} with the same code the opener gives on the main thread.
 * Throws `INVALID_ARGUMENT` for an option it does not know or out of range.
 *
 * @example
 * ```ts
 * import { dstuOpenerPool } from 'diia-accept/node';
 * const opener = dstuOpenerPool({
 *   keys: { container: await readFile('Key-6.dat'), password: process.env.KEY_PASSWORD! },
 *   trust: { caBundle: await readFile('CACertificates.p7b'), platformCertificates: [diiaSign, diiaAgree] },
 * });
 * const file = await opener.open(partBytes); // the event loop stays free meanwhile
 * await opener.close();
 * ```
 */
export function dstuOpenerPool(options: DstuOpenerPoolOptions): DstuOpenerPool {
  for (const key of Object.keys(options ?? {})) {
    if (!KNOWN.has(key)) throw new AcceptError('INVALID_ARGUMENT', { detail: `unknown option "${key}"` });
  }
  if (!options?.keys || !options.trust?.caBundle || !Array.isArray(options.trust.platformCertificates)) {
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: 'dstuOpenerPool needs keys and trust { caBundle, platformCertificates }',
    });
  }
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'threads must be an integer from 1 to 64' });
  }
  const maxQueue = options.maxQueue ?? 1000;
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'maxQueue must be a non-negative integer' });
  }
  const validity = options.validity ?? 'now';
  if (validity !== 'now' && validity !== 'signing-time') {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'validity must be "now" or "signing-time"' });
  }
  const clock = options.clock ?? systemClock;
  const data: PoolWorkerData = { keys: options.keys, trust: options.trust, validity };
  const limitsOf = (options as { [THREAD_LIMITS]?: ThreadLimits })[THREAD_LIMITS];
  let started = 0;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const settle = (job: Job): void => {
    job.signal?.removeEventListener('abort', job.onAbort);
  };

  const dispatch = (): void => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0 || closed) continue;
      const job = queue.shift() as Job;
      slot.job = job;
      // A thread that died is replaced only when a delivery needs it: one that cannot start fails that
      // delivery instead of restarting in a loop.
      const worker = slot.worker ?? start(slot);
      // A thread with a delivery keeps the process alive until it answers; an idle one does not.
      worker.ref();
      worker.postMessage(job.request);
    }
  };

  const start = (slot: Slot): Worker => {
    const worker = startWorker(data, limitsOf?.(started++));
    slot.worker = worker;
    worker.on('message', (reply: PoolReply) => {
      const job = slot.job;
      if (!job || job.request.id !== reply.id) return;
      slot.job = undefined;
      worker.unref();
      settle(job);
      if ('file' in reply) job.resolve(reply.file);
      else job.reject(new AcceptError(reply.code, reply.detail ? { detail: reply.detail } : {}));
      dispatch();
    });
    const lost = (cause: unknown): void => {
      if (slot.worker !== worker) return; // 'error' and then 'exit' of the same thread
      slot.worker = undefined;
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        settle(job);
        job.reject(new AcceptError('OPENER_WORKER_FAILED', { cause }));
      }
      void worker.terminate();
      dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (!closed) lost(new Error(`worker exited with code ${code}`));
    });
    // An idle pool does not keep the process alive.
    worker.unref();
    return worker;
  };
  // The threads start at once, so that their key containers are open before the first delivery.
  for (let i = 0; i < threads; i++) {
    const slot: Slot = { worker: undefined, job: undefined };
    slots.push(slot);
    start(slot);
  }

  return {
    profile: 'dstu',
    open(sealed: Uint8Array, context?: OpenContext): Promise<OpenedFile> {
      if (closed) return Promise.reject(new AcceptError('ABORTED', { detail: 'the opener pool is closed' }));
      if (!(sealed instanceof Uint8Array)) {
        return Promise.reject(new AcceptError('INVALID_ARGUMENT', { detail: 'sealed must be a Uint8Array' }));
      }
      const signal = context?.signal;
      if (signal?.aborted) return Promise.reject(new AcceptError('ABORTED', { cause: signal.reason }));
      const busy = slots.every((s) => s.job !== undefined);
      if (busy && queue.length >= maxQueue) {
        return Promise.reject(new AcceptError('ABORTED', { detail: 'the opener pool queue is full' }));
      }
      return new Promise<OpenedFile>((resolve, reject) => {
        const request: PoolRequest = {
          id: nextId++,
          sealed,
          at: clock.now(),
          ...(context?.fileName !== undefined ? { fileName: context.fileName } : {}),
        };
        const job: Job = {
          request,
          resolve,
          reject,
          signal,
          onAbort: () => {
            // Waiting: leave the queue. Running: the thread finishes and its answer is dropped.
            const at = queue.indexOf(job);
            if (at >= 0) queue.splice(at, 1);
            for (const slot of slots) {
              if (slot.job !== job) continue;
              slot.job = undefined;
              slot.worker?.unref();
            }
            reject(new AcceptError('ABORTED', { cause: signal?.reason }));
            dispatch();
          },
        };
        signal?.addEventListener('abort', job.onAbort, { once: true });
        queue.push(job);
        dispatch();
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const pending = [...queue, ...slots.flatMap((s) => (s.job ? [s.job] : []))];
      queue.length = 0;
      for (const job of pending) {
        settle(job);
        job.reject(new AcceptError('ABORTED', { detail: 'the opener pool is closed' }));
      }
      await Promise.all(slots.map((s) => s.worker?.terminate()));
    },
  };
}
