/**
 * A real Redis Cluster for tests: three primaries (no replicas) as child processes on free loopback ports,
 * joined with `redis-cli --cluster create`. Enough to show that every script keeps to one slot and that
 * pub/sub reaches a subscriber on another node.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

/** A running cluster. */
export interface RedisTestCluster {
  /** The primaries' addresses, for `new Cluster(nodes)`. */
  readonly nodes: { host: string; port: number }[];
  stop(): Promise<void>;
}

/** Starts `size` primaries in cluster mode and waits until the cluster reports `cluster_state:ok`. */
export async function startRedisCluster(size = 3): Promise<RedisTestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'diia-accept-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: { host: string; port: number }[] = [];
  try {
    for (let i = 0; i < size; i++) {
      const port = await freePort();
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      args.push('--daemonize', 'no', '--cluster-enabled', 'yes', '--cluster-node-timeout', '2000');
      args.push(
        '--cluster-config-file',
        join(dir, `nodes-${port}.conf`),
        '--dir',
        dir,
        '--loglevel',
        'warning',
      );
      const child = spawn('redis-server', args, { stdio: 'ignore' });
      children.push(child);
      process.once('exit', () => child.kill('SIGKILL'));
      nodes.push({ host: '127.0.0.1', port });
    }
    for (const node of nodes) await waitFor(() => ping(node.port));
    const addresses = nodes.map((n) => `${n.host}:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    for (const node of nodes) {
      await waitFor(async () => (await info(node.port)).includes('cluster_state:ok'));
    }
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ping(port: number): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-p', String(port), 'ping']);
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

async function info(port: number): Promise<string> {
  try {
    return (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout;
  } catch {
    return '';
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('the Redis cluster did not come up');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
