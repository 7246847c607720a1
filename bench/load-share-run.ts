/**
 * The load run behind `npm run bench:load` (bench/load-share.ts) and its short version in the integration
 * tests: a burst of sessions all open at once, then a bounded stream, every copy checked, memory sampled.
 */
import { Redis } from 'ioredis';
import { countEvents, type PartnerInstance } from '../test/support/partner-fleet.js';
import { type ScaleOutSystem, startScaleOutSystem } from '../test/support/scale-out-system.js';

/** What to run. */
export interface ShareLoadOptions {
  readonly sessions: number;
  readonly durationMs: number;
  readonly desks: number;
  readonly instances: number;
  readonly sampleEveryMs: number;
  /** Retention of ended sessions in Redis during the run: shorter than a third of the stream, so Redis
   * reaches its steady state before growth is measured. */
  readonly retentionMs: number;
  readonly log?: (line: string) => void;
}

/** An answer of an instance's test API. */
type Answer = Awaited<ReturnType<ScaleOutSystem['call']>>;

/** One session's outcome. */
interface Outcome {
  readonly id?: string;
  readonly ms: number;
  readonly error?: string;
}

/** A memory sample: MB after GC per instance, Redis `used_memory` MB, sessions done so far. */
export interface MemorySample {
  readonly atS: number;
  readonly done: number;
  readonly instancesHeapMB: number[];
  readonly instancesRssMB: number[];
  readonly redisMB: number;
}

/** What the run measured. */
export interface ShareLoadReport {
  /** All sessions open at once, then consent: `openSeconds` to open them, `seconds` from consent to the last result. */
  readonly burst: {
    sessions: number;
    openSeconds: number;
    seconds: number;
    errors: number;
    latencyMs: Percentiles;
  };
  /** Error codes seen, with counts (empty on a clean run). */
  readonly errorKinds: Record<string, number>;
  readonly stream: {
    sessions: number;
    seconds: number;
    perSecond: number;
    errors: number;
    duplicatesSent: number;
    latencyMs: Percentiles;
  };
  /** Copies whose digest differs from what the platform sent, or stored other than exactly once. */
  readonly lostOrDoubled: number;
  readonly memory: MemorySample[];
  /** Growth of each instance's post-GC heap from a third into the stream to its end, MB. */
  readonly heapGrowthMB: number[];
  readonly redisGrowthMB: number;
  readonly ok: boolean;
}

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Runs the burst and the stream and checks every copy. */
export async function runShareLoad(options: ShareLoadOptions): Promise<ShareLoadReport> {
  const log = options.log ?? (() => {});
  // Which deliveries the platform sends twice: decided from the request id, which the sandbox knows
  // before the partner has even answered (consent is immediate here).
  const sentTwice = (requestId: string) => /[08]$/.test(requestId);
  // During the burst the holder waits (the sessions pile up, all open at once); then everyone consents.
  let holderWaits = true;
  const system = await startScaleOutSystem({
    instances: options.instances,
    instance: {
      retention: options.retentionMs,
      receiptRetention: options.retentionMs,
      shareTimeout: 600_000,
    },
    sandbox: {
      consent: () => (holderWaits ? 'never' : 'approve'),
      requestLifetime: '10m',
      delivery: {
        retry: { attempts: 10, initialDelay: '500ms', maxDelay: '5s' },
        timeout: '30s',
        faults: (info) => (sentTwice(info.requestId) ? { duplicate: 1 } : {}),
      },
    },
  });
  const redis = new Redis(system.redis.url);
  const ids: string[] = [];
  try {
    log(`system up: ${options.instances} instances, redis on ${system.redis.port}`);
    let n = 0;
    /** Opens a session on one instance; `wait` then awaits its outcome on the next instance. */
    const open = async () => {
      const k = n++;
      const at = system.instances[k % system.instances.length]!;
      const awaitOn = system.instances[(k + 1) % system.instances.length]!;
      const shown = await system.sandbox.holder.showDocument('passport');
      const made = await system.call(at, '/share', { barcode: shown.barcode, documentTypes: ['passport'] });
      if (made.status !== 200) throw new Error(String(made.json.error));
      const id = made.json.id as string;
      ids.push(id);
      return { id, wait: () => system.call(awaitOn, `/share/${id}/result`) };
    };
    const check = async (id: string, result: Answer, started: number): Promise<Outcome> => {
      const ms = performance.now() - started;
      if (result.status !== 200) return { id, ms, error: String(result.json.error) };
      const sent = await system.sandbox.delivered(id);
      if (result.json.copies?.[0]?.sha256 !== sent.files[0]?.sha256)
        return { id, ms, error: 'DIGEST_MISMATCH' };
      return { id, ms };
    };
    const one = async (): Promise<Outcome> => {
      const started = performance.now();
      try {
        const { id, wait } = await open();
        return await check(id, await wait(), started);
      } catch (error) {
        return { ms: performance.now() - started, error: (error as Error).message };
      }
    };

    // 1. Burst: open every session (a few dozen requests to the platform at a time, as desks would), each
    // awaited on an instance; with all of them open at once, every holder consents and all the deliveries
    // arrive together. Latency counts from the consent.
    const openStart = performance.now();
    const opened: { id: string; result: Promise<Answer> }[] = [];
    const failedToOpen: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(options.desks, options.sessions) }, async () => {
        while (next < options.sessions) {
          next++;
          try {
            const { id, wait } = await open();
            opened.push({ id, result: wait() });
          } catch (error) {
            failedToOpen.push({ ms: 0, error: (error as Error).message });
          }
        }
      }),
    );
    const openSeconds = (performance.now() - openStart) / 1000;
    log(
      `burst: ${opened.length} sessions open at once after ${openSeconds.toFixed(1)} s; the holders consent`,
    );
    holderWaits = false;
    const burstStart = performance.now();
    for (const { id } of opened) system.sandbox.holder.answer(id, 'approve');
    const burst = [
      ...failedToOpen,
      ...(await Promise.all(
        opened.map(async ({ id, result }) => {
          try {
            return await check(id, await result, burstStart);
          } catch (error) {
            return { id, ms: performance.now() - burstStart, error: (error as Error).message };
          }
        }),
      )),
    ];
    const burstSeconds = (performance.now() - burstStart) / 1000;
    log(`burst: ${burst.length} sessions delivered in ${burstSeconds.toFixed(1)} s, ${errors(burst)} errors`);
    if (errors(burst) > 0) log(`burst errors: ${JSON.stringify(tally(burst))}`);

    // 2. Stream, with memory samples.
    const memory: MemorySample[] = [];
    const stream: Outcome[] = [];
    const streamStart = performance.now();
    const sample = async () => {
      const usage = await Promise.all(system.instances.map((i) => memoryOf(system, i)));
      const info = await redis.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      const entry: MemorySample = {
        atS: Math.round((performance.now() - streamStart) / 1000),
        done: stream.length,
        instancesHeapMB: usage.map((u) => mb(u.heapUsed)),
        instancesRssMB: usage.map((u) => mb(u.rss)),
        redisMB: mb(used),
      };
      memory.push(entry);
      log(
        `t=${entry.atS}s done=${entry.done} heap=${entry.instancesHeapMB.join('/')} MB ` +
          `rss=${entry.instancesRssMB.join('/')} MB redis=${entry.redisMB} MB`,
      );
    };
    await sample();
    const sampler = setInterval(() => void sample(), options.sampleEveryMs);
    const deadline = streamStart + options.durationMs;
    await Promise.all(
      Array.from({ length: options.desks }, async () => {
        while (performance.now() < deadline) stream.push(await one());
      }),
    );
    clearInterval(sampler);
    const streamSeconds = (performance.now() - streamStart) / 1000;
    await system.sandbox.settled();
    await sample();

    // Every copy stored exactly once, across all instances.
    // A copy the partner acknowledged (200) must be stored exactly once; no copy may be stored twice.
    let lostOrDoubled = [...burst, ...stream].filter((o) => o.error === 'DIGEST_MISMATCH').length;
    const acknowledged = new Set(
      system.sandbox.deliveries.filter((d) => d.state === 'delivered').map((d) => d.requestId),
    );
    for (const id of ids) {
      const stored = countEvents(system.instances, 'delivery-stored', id);
      if (stored > 1 || (acknowledged.has(id) && stored !== 1)) lostOrDoubled++;
    }

    // Growth is measured from a third into the stream: by then every instance has warmed up and Redis
    // has begun to let ended sessions go (the retention is shorter than that).
    const third = options.durationMs / 3000;
    const first = memory.find((m) => m.atS >= third) ?? memory[0]!;
    const last = memory[memory.length - 1]!;
    const heapGrowthMB = last.instancesHeapMB.map((v, i) => round(v - first.instancesHeapMB[i]!));
    const redisGrowthMB = round(last.redisMB - first.redisMB);
    const report: ShareLoadReport = {
      burst: {
        sessions: burst.length,
        openSeconds: round(openSeconds),
        seconds: round(burstSeconds),
        errors: errors(burst),
        latencyMs: percentiles(burst),
      },
      stream: {
        sessions: stream.length,
        seconds: round(streamSeconds),
        perSecond: round(stream.length / streamSeconds),
        errors: errors(stream),
        duplicatesSent: stream.filter((o) => o.id !== undefined && sentTwice(o.id)).length,
        latencyMs: percentiles(stream),
      },
      errorKinds: tally([...burst, ...stream]),
      lostOrDoubled,
      memory,
      heapGrowthMB,
      redisGrowthMB,
      ok: false,
    };
    // Flat: no instance's live heap grows by more than 10 MB over the stream, nor Redis by more than 5 MB
    // once retention has started to free what it holds.
    const flat = heapGrowthMB.every((g) => g < 10) && redisGrowthMB < 5;
    return { ...report, ok: report.burst.errors + report.stream.errors + lostOrDoubled === 0 && flat };
  } finally {
    redis.disconnect();
    await system.close();
  }
}

async function memoryOf(system: ScaleOutSystem, instance: PartnerInstance): Promise<NodeJS.MemoryUsage> {
  return (await system.call(instance, '/memory?gc=1')).json as NodeJS.MemoryUsage;
}

function tally(outcomes: readonly Outcome[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const o of outcomes) if (o.error !== undefined) kinds[o.error] = (kinds[o.error] ?? 0) + 1;
  return kinds;
}

function errors(outcomes: readonly Outcome[]): number {
  return outcomes.filter((o) => o.error !== undefined).length;
}

function percentiles(outcomes: readonly Outcome[]): Percentiles {
  const sorted = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] ?? 0) };
}

const mb = (bytes: number) => round(bytes / 1024 / 1024);
const round = (x: number) => Math.round(x * 10) / 10;
