// The fuzz harness: each parser gets inputs from structured generators and must
//   1. throw nothing but AcceptError (a coded refusal) — or nothing at all;
//   2. stay within a work bound per input byte (a coarse wall-clock bound: a fixed allowance plus a cost per
//      KiB with two orders of magnitude of headroom over the slowest legitimate parse, so that it only
//      catches super-linear blow-ups such as the quadratic bigint conversion, never a busy machine);
//   3. stay within a heap bound (heap growth measured around the call: a fixed allowance plus a multiple of
//      the input size; the 130 bytes per input byte of the unbounded SET reader break it).
// `npm test` runs a short pass (FUZZ_RUNS unset); `npm run fuzz` a long one (FUZZ_RUNS=…, see scripts/fuzz.mjs).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { isAcceptError } from '../../src/errors.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The number of runs: `base` in the short pass, `base × FUZZ_SCALE` (default 50) in the long one. */
export function runs(base: number): number {
  const scale = process.env.FUZZ_LONG ? Number(process.env.FUZZ_SCALE ?? 50) : 1;
  return Math.max(1, Math.round(base * scale));
}

/** The fast-check seed: fixed in the short pass (reproducible in CI), random in the long one. */
export const seed = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : process.env.FUZZ_LONG
    ? Date.now() % 2 ** 31
    : 16_016;

/** The bounds one parser is held to. */
export interface Bounds {
  /** Fixed allowance per input, ms (key agreement and signature checks cost tens of ms). */
  readonly baseMs: number;
  /** Allowance per KiB of input, ms. */
  readonly msPerKiB: number;
  /** Fixed heap allowance, bytes. */
  readonly baseHeap: number;
  /** Heap allowance per input byte. */
  readonly heapPerByte: number;
}

export const DEFAULT_BOUNDS: Bounds = {
  baseMs: 2_000,
  msPerKiB: 20,
  baseHeap: 48 * 2 ** 20,
  heapPerByte: 24,
};

/** The worst figures seen per parser, printed at the end of a run. */
export const worst = new Map<string, { input: number; ms: number; heap: number; msPerMiB: number }>();

/** What one call did: its outcome and its cost. */
export interface Outcome {
  readonly thrown: unknown;
  readonly ms: number;
  readonly heap: number;
}

/** Runs `parse` on one input of `size` bytes, measuring time and heap growth. */
export async function measure(parse: () => unknown, size: number): Promise<Outcome> {
  if (size >= 64 * 1024) collect();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  const started = performance.now();
  let thrown: unknown;
  try {
    const result = parse();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (result instanceof Promise) await result;
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { thrown, ms, heap: Math.max(0, peak - heapBefore) };
}

/** Checks one outcome against the rules; returns a failure description or undefined. */
export function judge(
  name: string,
  outcome: Outcome,
  size: number,
  bounds: Bounds = DEFAULT_BOUNDS,
): string | undefined {
  const w = worst.get(name) ?? { input: 0, ms: 0, heap: 0, msPerMiB: 0 };
  if (outcome.ms > w.ms) Object.assign(w, { ms: outcome.ms, input: size });
  if (outcome.heap > w.heap) w.heap = outcome.heap;
  if (size >= 64 * 1024) w.msPerMiB = Math.max(w.msPerMiB, (outcome.ms / size) * 2 ** 20);
  worst.set(name, w);
  if (outcome.thrown !== undefined && !isAcceptError(outcome.thrown)) {
    const e = outcome.thrown as Error;
    return `${name}: threw a non-AcceptError: ${e?.constructor?.name}: ${e?.message}\n${e?.stack ?? ''}`;
  }
  const allowedMs = bounds.baseMs + (bounds.msPerKiB * size) / 1024;
  if (outcome.ms > allowedMs)
    return `${name}: ${outcome.ms.toFixed(0)} ms for ${size} bytes (bound ${allowedMs.toFixed(0)} ms)`;
  const allowedHeap = bounds.baseHeap + bounds.heapPerByte * size;
  if (outcome.heap > allowedHeap)
    return `${name}: heap grew ${(outcome.heap / 2 ** 20).toFixed(1)} MiB for ${size} bytes (bound ${(allowedHeap / 2 ** 20).toFixed(1)} MiB)`;
  return undefined;
}

/**
 * A fast-check property over `arbitrary`: `parse` each value and judge the outcome. `sizeOf` gives the
 * input's size in bytes for the bounds.
 */
export async function fuzz<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  parse: (value: T) => unknown,
  options: { readonly runs: number; readonly sizeOf: (value: T) => number; readonly bounds?: Bounds },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const size = options.sizeOf(value);
      const failure = judge(name, await measure(() => parse(value), size), size, options.bounds);
      if (failure) throw new Error(failure);
    }),
    { numRuns: options.runs, seed, endOnFailure: true },
  );
}

/** One line per parser: the worst time, heap growth and time per MiB seen. */
export function summary(): string {
  return [...worst.entries()]
    .map(
      ([name, w]) =>
        `${name}: worst ${w.ms.toFixed(1)} ms (input ${w.input} B), heap +${(w.heap / 2 ** 20).toFixed(1)} MiB` +
        (w.msPerMiB > 0 ? `, ${w.msPerMiB.toFixed(0)} ms/MiB on inputs ≥ 64 KiB` : ''),
    )
    .join('\n');
}
