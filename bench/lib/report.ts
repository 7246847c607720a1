// What every benchmark group shares: the quick flag, medians over rounds, formatting, and peak memory
// sampling. The ratios are the figures to read; absolute numbers move with the load of a shared machine.

/** `--quick`: the smoke run CI does (tiny counts; proves the group runs and prints, measures nothing). */
export const quick = process.argv.includes('--quick');

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The `p`-th percentile (0-100) of a sample, nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** Whole numbers with thousands separators; small numbers with a few significant digits. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}

export const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Prints a Markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

export function header(title: string, detail: string): void {
  console.log(`\n### ${title}\n`);
  console.log(
    `Node ${process.version}, ${quick ? 'quick (smoke) run: figures are not measurements' : detail}\n`,
  );
}

/**
 * Runs the tasks interleaved, a batch of 16 calls each in turn (the first task of each turn rotating),
 * until each round has lasted about `ms`; returns each task's median operations per second over the
 * rounds and the median of its per-round ratio to the first task (the peer). Interleaving this finely
 * makes the changing load of a shared machine hit every task alike, so the ratios hold when the
 * absolute rates do not.
 */
export async function rateInTurns(
  tasks: Readonly<Record<string, () => Promise<unknown> | unknown>>,
  rounds: number,
  ms: number,
): Promise<Record<string, { perSecond: number; ratio: number }>> {
  const names = Object.keys(tasks);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const name of names) for (let i = 0; i < 50; i++) await tasks[name]!(); // warm-up
  for (let r = 0; r < rounds; r++) {
    const spent = names.map(() => 0);
    const calls = names.map(() => 0);
    const roundStart = performance.now();
    for (let turn = 0; performance.now() - roundStart < ms; turn++) {
      for (let k = 0; k < names.length; k++) {
        const t = (k + turn) % names.length;
        const task = tasks[names[t]!]!;
        const start = performance.now();
        for (let i = 0; i < 16; i++) await task();
        spent[t]! += performance.now() - start;
        calls[t]! += 16;
      }
    }
    for (const [t, name] of names.entries()) samples[name]!.push((calls[t]! * 1000) / spent[t]!);
  }
  const peer = samples[names[0]!]!;
  return Object.fromEntries(
    names.map((n) => [
      n,
      { perSecond: median(samples[n]!), ratio: median(samples[n]!.map((v, i) => v / peer[i]!)) },
    ]),
  );
}

/** Heap plus array buffers: where the bytes of a copy live (outside the JS heap, in ArrayBuffers). */
export function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Forces a full collection (the group must run with --expose-gc). */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  gc();
  gc();
}

/**
 * The peak of `usedBytes()` above the level before `fn`, sampled every millisecond and at each of `fn`'s
 * awaits. Sampling can miss a short peak between samples, so the figure is a lower bound, and RSS is
 * reported beside it as a cross-check.
 */
export async function peakAbove<T>(fn: () => Promise<T>): Promise<{ result: T; peak: number; rss: number }> {
  collect();
  const base = usedBytes();
  const rssBase = process.memoryUsage().rss;
  let peak = 0;
  let rss = 0;
  const sample = () => {
    peak = Math.max(peak, usedBytes() - base);
    rss = Math.max(rss, process.memoryUsage().rss - rssBase);
  };
  const timer = setInterval(sample, 1);
  try {
    const result = await fn();
    sample();
    return { result, peak, rss };
  } finally {
    clearInterval(timer);
  }
}
