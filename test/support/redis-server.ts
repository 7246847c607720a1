/**
 * A real `redis-server` for tests: started as a child process on a free loopback port, stopped at the end.
 * Tests never share a server with anything else on the machine, and nothing is written to disk unless a
 * test asks for persistence (then into a temporary directory of its own).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster, Redis } from 'ioredis';
import {
  type RedisDiiaIdStoreOptions,
  type RedisShareStoreOptions,
  redisDiiaIdStore,
  redisShareStore,
} from '../../src/node/redis.js';
import type { StoreUnderTest } from '../unit/share/store.contract.js';
import type { DiiaIdStoreUnderTest } from './diia-id-store.contract.js';

/** A running test server. */
export interface RedisTestServer {
  readonly port: number;
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  /** The working directory (holds the append-only file when persistence is on). */
  readonly dir: string;
  /** Stops the server cleanly (SIGTERM; with persistence on, Redis flushes its append-only file first). */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL): what a crash or an OOM kill looks like. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory (after `stop` or `kill`). */
  restart(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface RedisTestServerOptions {
  /** Turns on the append-only file (`appendfsync always`), so data survives a restart. Default off. */
  readonly persistent?: boolean;
}

/**
 * What is missing for Redis tests, or `undefined` when `redis-server` and `redis-cli` (which the cluster
 * harness uses; Debian's redis-server package brings it) can be run.
 */
export function redisServerMissing(): string | undefined {
  for (const binary of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      return `${binary} is not installed (apt-get install -y --no-install-recommends redis-server)`;
    }
  }
  return undefined;
}

/**
 * Whether the Redis tests of this file should run. In CI a missing `redis-server` is a failure (the
 * pipeline installs it); elsewhere the tests are skipped with a loud line naming what is missing.
 */
export function redisTestsEnabled(suite: string): boolean {
  const missing = redisServerMissing();
  if (missing === undefined) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${suite}: ${missing}; CI must install it`);
  }
  console.warn(`\n⚠ SKIPPED ${suite}: ${missing}\n`);
  return false;
}

/** Finds a free TCP port on 127.0.0.1 (the OS picks it; we release it and hand it to Redis). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port in the foreground (`--daemonize no`), so the child process
 * is the server and stopping it is a signal, not a command.
 */
export async function startRedisServer(options: RedisTestServerOptions = {}): Promise<RedisTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'diia-accept-redis-'));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      let child = await spawnServer(port, dir, options);
      const server: RedisTestServer = {
        port,
        url: `redis://127.0.0.1:${port}`,
        dir,
        async stop() {
          await terminate(child, 'SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        },
        async kill() {
          await terminate(child, 'SIGKILL');
        },
        async restart() {
          await terminate(child, 'SIGKILL');
          child = await spawnServer(port, dir, options);
        },
      };
      return server;
    } catch (error) {
      // Another process took the port between our probe and Redis binding it: try another one.
      if (attempt >= 4) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

// Servers still running when the process exits (a failed test, Ctrl-C on a benchmark) die with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function spawnServer(
  port: number,
  dir: string,
  options: RedisTestServerOptions,
): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--daemonize', 'no'];
  args.push('--dir', dir, '--protected-mode', 'yes', '--loglevel', 'warning');
  if (options.persistent) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  else args.push('--appendonly', 'no');
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  });
  await new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const onExit = (code: number | null) => reject(new Error(`redis-server exited (${code}): ${output}`));
    child.once('exit', onExit);
    child.once('error', reject);
    const poll = async () => {
      if (await ping(port)) {
        child.off('exit', onExit);
        resolve();
      } else if (Date.now() - started > 10_000) {
        child.kill('SIGKILL');
        reject(new Error(`redis-server did not answer on port ${port}: ${output}`));
      } else setTimeout(poll, 25);
    };
    void poll();
  });
  return child;
}

/** Sends a RESP PING over a raw socket: no client library involved in telling whether the server is up. */
async function ping(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.once('data', (data) => done(data.toString('utf8').startsWith('+PONG')));
  });
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * Two stores of one kind on one Redis (or Cluster), each on its own connection: two instances of the
 * partner's server, as the store contracts take them. `connect` opens a fresh client (a `Redis` or a
 * `Cluster`); `make` makes a store on it.
 */
export function twoRedisStores<S extends { close(): Promise<void> }>(
  connect: () => Redis | Cluster,
  make: (redis: Redis | Cluster) => S,
): { readonly store: S; readonly peer: S; close(): Promise<void> } {
  const a = connect();
  const b = connect();
  const store = make(a);
  const peer = make(b);
  return {
    store,
    peer,
    async close() {
      await Promise.all([store.close(), peer.close()]);
      a.disconnect();
      b.disconnect();
    },
  };
}

/** Two `redisShareStore`s on one Redis (see {@link twoRedisStores}), for the ShareStore contract. */
export function twoRedisShareStores(
  connect: () => Redis | Cluster,
  options: Omit<RedisShareStoreOptions, 'redis'>,
): StoreUnderTest {
  return twoRedisStores(connect, (redis) => redisShareStore({ ...options, redis }));
}

/** Two `redisDiiaIdStore`s on one Redis (see {@link twoRedisStores}), for the DiiaIdStore contract. */
export function twoRedisDiiaIdStores(
  connect: () => Redis | Cluster,
  options: Omit<RedisDiiaIdStoreOptions, 'redis'>,
): DiiaIdStoreUnderTest {
  return twoRedisStores(connect, (redis) => redisDiiaIdStore({ ...options, redis }));
}
