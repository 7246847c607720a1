/**
 * The whole picture for the scale-out tests and the load benchmark: a Redis, the sandbox platform, several
 * partner instances (child processes) and a round-robin proxy in front of their webhooks. The sandbox
 * delivers to the proxy; the test talks to each instance directly, as the desks behind one balancer would.
 */
import { generatePartnerKeys } from '../../src/profiles/jose/index.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { type PartnerInstance, startPartnerInstance } from './partner-fleet.js';
import type { InstanceConfig } from './partner-instance.js';
import { type RedisTestServer, startRedisServer } from './redis-server.js';
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy.js';

/** A running system. */
export interface ScaleOutSystem {
  readonly redis: RedisTestServer;
  readonly sandbox: Sandbox;
  readonly proxy: RoundRobinProxy;
  readonly instances: PartnerInstance[];
  readonly branchId: string;
  /** Starts one more instance and puts it behind the proxy; returns it. */
  addInstance(hooks?: Pick<InstanceConfig, 'holdBeforeMs' | 'holdAfterMs'>): Promise<PartnerInstance>;
  /** A JSON call to one instance (the answer's fields are read by the tests one by one). */
  // biome-ignore lint/suspicious/noExplicitAny: an answer of the instance's test API, checked field by field
  call(instance: PartnerInstance, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** Options of {@link startScaleOutSystem}. */
export interface ScaleOutOptions {
  readonly instances?: number;
  readonly persistent?: boolean;
  readonly sandbox?: Omit<SandboxOptions, 'webhookUrl' | 'partnerKeys'>;
  readonly pollInterval?: number;
  /** Passed to every instance (see InstanceConfig). */
  readonly instance?: Pick<InstanceConfig, 'retention' | 'receiptRetention' | 'shareTimeout'>;
}

export async function startScaleOutSystem(options: ScaleOutOptions = {}): Promise<ScaleOutSystem> {
  const redis = await startRedisServer({ persistent: options.persistent ?? false });
  const proxy = await startRoundRobinProxy();
  const partnerKeys = await generatePartnerKeys({ kid: 'scale-out-partner' });
  const sandbox = await createSandbox({
    seed: `scale-out-${redis.port}`,
    consent: 'never', // each test answers for the holder when it is ready
    delivery: { retry: { attempts: 10, initialDelay: '200ms', maxDelay: '1s' }, timeout: '10s' },
    ...options.sandbox,
    webhookUrl: `${proxy.url}/diia/webhook`,
    partnerKeys,
  });
  const branch = sandbox.addBranch({});
  const instances: PartnerInstance[] = [];
  let made = 0;
  const configFor = (hooks: Pick<InstanceConfig, 'holdBeforeMs' | 'holdAfterMs'> = {}): InstanceConfig => ({
    name: String.fromCharCode(65 + made++),
    redisUrl: redis.url,
    prefix: 'partner:',
    sandboxUrl: sandbox.url,
    jwksUrl: sandbox.jwksUrl,
    acquirerToken: sandbox.acquirerToken,
    partnerPrivateJwk: partnerKeys.privateJwk as InstanceConfig['partnerPrivateJwk'],
    branchId: branch.id,
    ...(options.pollInterval ? { pollInterval: options.pollInterval } : {}),
    ...options.instance,
    ...hooks,
  });
  const started = await Promise.all(
    Array.from({ length: options.instances ?? 3 }, () => startPartnerInstance(configFor())),
  );
  instances.push(...started);
  proxy.setBackends(instances.map((i) => i.url));

  return {
    redis,
    sandbox,
    proxy,
    instances,
    branchId: branch.id,
    async addInstance(hooks = {}) {
      const instance = await startPartnerInstance(configFor(hooks));
      instances.push(instance);
      proxy.setBackends(instances.map((i) => i.url));
      return instance;
    },
    async call(instance, path, body) {
      const response = await fetch(`${instance.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      return { status: response.status, json: await response.json() };
    },
    async close() {
      await sandbox.close();
      await Promise.all(instances.map((i) => i.kill('SIGTERM')));
      await proxy.close();
      await redis.stop();
    },
  };
}
