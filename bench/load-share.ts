/**
 * Load on the scale-out set-up (`npm run bench:load`): a real redis-server, the sandbox platform, partner
 * instances as child processes behind a round-robin proxy, all on loopback.
 *
 * 1. Burst: N share sessions (default 1,000) opened and left waiting, each started on one instance and
 *    awaited on the next; then every holder consents at once and the deliveries go through the proxy to
 *    whichever instance it picks.
 * 2. Stream: for a bounded time (default 60 s) a fixed number of desks keep starting sessions. About one
 *    delivery in eight is sent twice (in both phases). Memory of every instance (after a forced GC) and of
 *    Redis is sampled.
 *
 * It fails (exit code 1) on any error, any lost or doubly stored copy, or memory that keeps growing.
 *
 *   npm run bench:load                      # 1,000 sessions, then 60 s of stream
 *   npm run bench:load -- --quick           # 100 sessions, 10 s: a smoke run
 *   npm run bench:load -- --sessions 500 --duration 30 --desks 40 --instances 2
 */
import { redisServerMissing } from '../test/support/redis-server.js';
import { runShareLoad, type ShareLoadOptions } from './load-share-run.js';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function main(): Promise<void> {
  // Exit through process.exit so the child processes (Redis, the instances) are killed with the run.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  const missing = redisServerMissing();
  if (missing) {
    console.error(`bench:load needs ${missing}`);
    process.exit(1);
  }
  const quick = process.argv.includes('--quick');
  // Bounded whatever is asked: at most 5,000 sessions at once and 120 s of stream.
  const options: ShareLoadOptions = {
    sessions: Math.min(5_000, argument('sessions', quick ? 100 : 1_000)),
    durationMs: Math.min(120, argument('duration', quick ? 10 : 60)) * 1000,
    desks: Math.min(500, argument('desks', quick ? 10 : 50)),
    instances: Math.min(6, argument('instances', 3)),
    sampleEveryMs: argument('sample', quick ? 2 : 5) * 1000,
    retentionMs: argument('retention', quick ? 2 : 15) * 1000,
    log: (line) => console.log(line),
  };
  const report = await runShareLoad(options);
  const { burst, stream } = report;
  console.log(`\nNode ${process.version}, ${options.instances} instances, Redis ${await redisVersion()}`);
  console.log('\n| phase | sessions | time | errors | p50 | p95 | p99 | max |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const row = (name: string, p: typeof burst | typeof stream) =>
    console.log(
      `| ${name} | ${p.sessions.toLocaleString('en')} | ${p.seconds} s | ${p.errors} | ${p.latencyMs.p50} ms | ` +
        `${p.latencyMs.p95} ms | ${p.latencyMs.p99} ms | ${p.latencyMs.max} ms |`,
    );
  row(`burst: ${burst.sessions.toLocaleString('en')} open, then all consent`, burst);
  row(`stream (${options.desks} desks)`, stream);
  console.log(`\nburst: ${burst.openSeconds} s to open every session (${options.desks} at a time)`);
  console.log(
    `stream: ${stream.perSecond} sessions/s, ${stream.duplicatesSent} deliveries sent twice; ` +
      `copies lost or stored twice: ${report.lostOrDoubled}`,
  );
  console.log(
    `memory over the stream: instance heap after GC ${report.heapGrowthMB.map((g) => `${g >= 0 ? '+' : ''}${g}`).join(' / ')} MB, ` +
      `Redis ${report.redisGrowthMB >= 0 ? '+' : ''}${report.redisGrowthMB} MB`,
  );
  if (Object.keys(report.errorKinds).length > 0) console.log('errors:', JSON.stringify(report.errorKinds));
  console.log(report.ok ? '\nOK' : '\nFAILED');
  process.exit(report.ok ? 0 : 1);
}

async function redisVersion(): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  return /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8' }))?.[1] ?? '?';
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
