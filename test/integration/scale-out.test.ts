/**
 * Several partner instances for real: child processes sharing one Redis, behind a round-robin proxy that
 * the sandbox platform delivers to. Sessions move between instances, instances die with SIGKILL in the
 * middle of a delivery, codes are shown at two desks at once, deliveries arrive twice and at the same
 * moment, and Redis restarts with and without persistence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents } from '../support/partner-fleet.js';
import { redisTestsEnabled } from '../support/redis-server.js';
import { type ScaleOutSystem, startScaleOutSystem } from '../support/scale-out-system.js';

const enabled = redisTestsEnabled('scale-out tests');
// Chosen per delivery by the sandbox: the sessions of the duplicate test get four extra copies.
const duplicates = new Set<string>();

describe.skipIf(!enabled)('several partner instances on one Redis', () => {
  let system: ScaleOutSystem;
  beforeAll(async () => {
    system = await startScaleOutSystem({
      instances: 3,
      sandbox: {
        delivery: {
          retry: { attempts: 10, initialDelay: '200ms', maxDelay: '1s' },
          timeout: '10s',
          faults: (info) => (duplicates.has(info.requestId) ? { duplicate: 4 } : {}),
        },
      },
    });
  });
  afterAll(async () => {
    await system?.close();
  });

  async function startSession(on: number): Promise<{ id: string; sha256: () => Promise<string> }> {
    const shown = await system.sandbox.holder.showDocument('passport');
    const started = await system.call(system.instances[on]!, '/share', {
      barcode: shown.barcode,
      documentTypes: ['passport'],
    });
    expect(started.status).toBe(200);
    const id = started.json.id as string;
    return { id, sha256: async () => (await system.sandbox.delivered(id)).files[0]!.sha256 };
  }

  const resultOn = (on: number, id: string) => system.call(system.instances[on]!, `/share/${id}/result`);

  it('a session started on one instance completes when the delivery lands on another', async () => {
    const [a, b] = system.instances;
    const { id, sha256 } = await startSession(0);
    const awaited = resultOn(0, id); // the operator at desk A waits
    system.proxy.pin(1, { 'x-document-request-trace-id': id }); // the balancer sends the delivery to B
    system.sandbox.holder.answer(id, 'approve');
    const result = await awaited;
    expect(result.status).toBe(200);
    expect(result.json.state).toBe('delivered');
    expect(result.json.copies[0].sha256).toBe(await sha256());
    expect(result.json.receipt.requestId).toBe(id);
    expect(countEvents([a!], 'delivery-stored', id)).toBe(0);
    expect(countEvents([b!], 'delivery-stored', id)).toBe(1);
    // and any instance can read the outcome
    expect((await resultOn(2, id)).json.copies[0].sha256).toBe(await sha256());
  });

  it('kill -9 of the instance receiving the delivery: no copy lost, the session completes elsewhere', async () => {
    const victim = await system.addInstance({ holdBeforeMs: 60_000 });
    const victimIndex = system.instances.indexOf(victim);
    const { id, sha256 } = await startSession(victimIndex); // started on the victim, too
    system.proxy.pin(victimIndex, { 'x-document-request-trace-id': id });
    system.sandbox.holder.answer(id, 'approve');
    await victim.waitFor((e) => e.event === 'webhook-received');
    await victim.kill('SIGKILL');
    const result = await resultOn(0, id);
    expect(result.json.state).toBe('delivered');
    expect(result.json.copies[0].sha256).toBe(await sha256());
    const record = await system.sandbox.delivered(id);
    expect(record.attempts.some((a) => !a.success)).toBe(true); // the attempt that died with the victim
    expect(countEvents(system.instances, 'delivery-stored', id)).toBe(1);
  });

  it('kill -9 after the copy was stored but before the answer: the retry is a duplicate, stored once', async () => {
    const victim = await system.addInstance({ holdAfterMs: 60_000 });
    const victimIndex = system.instances.indexOf(victim);
    const { id, sha256 } = await startSession(1);
    system.proxy.pin(victimIndex, { 'x-document-request-trace-id': id });
    system.sandbox.holder.answer(id, 'approve');
    await victim.waitFor((e) => e.event === 'webhook-held');
    expect(countEvents([victim], 'delivery-stored', id)).toBe(1);
    await victim.kill('SIGKILL');
    const record = await system.sandbox.delivered(id); // the platform never saw a 200 and sends again
    expect(record.attempts.filter((a) => a.success)).toHaveLength(1);
    expect(countEvents(system.instances, 'delivery-duplicate', id)).toBeGreaterThanOrEqual(1);
    expect(countEvents(system.instances, 'delivery-stored', id)).toBe(1);
    const result = await resultOn(1, id);
    expect(result.json.copies[0].sha256).toBe(await sha256());
  });

  it('the same code presented at two instances at once is accepted exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      // A token and a link of the same document are one code (the token's jti is the link's otp), so each
      // form gets a document of its own: the token is checked offline, the link online.
      const forToken = await system.sandbox.holder.showDocument('passport');
      const forLink = await system.sandbox.holder.showDocument('passport');
      for (const text of [forToken.token, forLink.link]) {
        const answers = await Promise.all(
          [0, 1, 0, 1].map((on) => system.call(system.instances[on]!, '/identify', { text })),
        );
        const statuses = answers.map((a) => a.json.status);
        expect(statuses.filter((s) => s === 'valid')).toHaveLength(1);
        expect(statuses.filter((s) => s === 'invalid')).toHaveLength(3);
      }
    }
  });

  it('duplicate deliveries spread over the instances store exactly one copy', async () => {
    const { id, sha256 } = await startSession(0);
    duplicates.add(id);
    system.sandbox.holder.answer(id, 'approve');
    const record = await system.sandbox.delivered(id);
    expect(record.attempts.filter((a) => a.duplicate && a.success)).toHaveLength(4);
    expect(countEvents(system.instances, 'delivery-stored', id)).toBe(1);
    expect(countEvents(system.instances, 'delivery-duplicate', id)).toBe(4);
    const answeredBy = new Set(
      system.instances
        .filter((i) => i.events.some((e) => e.requestId === id && String(e.event).startsWith('delivery-')))
        .map((i) => i.name),
    );
    expect(answeredBy.size).toBeGreaterThanOrEqual(2);
    expect((await resultOn(2, id)).json.copies[0].sha256).toBe(await sha256());
  });

  it('the same delivery arriving at every instance at the same moment is stored once', async () => {
    const { id, sha256 } = await startSession(2);
    // The first attempt of this session's delivery is kept (and answered 503, so the platform retries).
    const captured = system.proxy.capture('/diia/webhook', {
      headers: { 'x-document-request-trace-id': id },
    });
    system.sandbox.holder.answer(id, 'approve');
    const delivery = await captured;
    const live = system.instances.filter((i) => i.process.exitCode === null && i.process.signalCode === null);
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, n) =>
        fetch(`${live[n % live.length]!.url}${delivery.path}`, {
          method: 'POST',
          headers: delivery.headers,
          body: new Uint8Array(delivery.body),
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(9).fill(200));
    await system.sandbox.delivered(id); // the platform's own retry: one more duplicate
    expect(countEvents(system.instances, 'delivery-stored', id)).toBe(1);
    expect(countEvents(system.instances, 'delivery-duplicate', id)).toBe(9);
    expect((await resultOn(0, id)).json.copies[0].sha256).toBe(await sha256());
  });
});

describe.skipIf(!enabled)('a Redis restart under several instances', () => {
  const retrying = {
    delivery: { retry: { attempts: 30, initialDelay: '200ms', maxDelay: '500ms' }, timeout: '10s' },
  } as const;

  it('with appendonly: a session pending across a crash of Redis completes; deliveries during the outage are retried', async () => {
    const system = await startScaleOutSystem({ instances: 2, persistent: true, sandbox: retrying });
    try {
      const [a] = system.instances;
      const shown = await system.sandbox.holder.showDocument('passport');
      const { json } = await system.call(a!, '/share', {
        barcode: shown.barcode,
        documentTypes: ['passport'],
      });
      const id = json.id as string;
      await system.redis.kill(); // SIGKILL: a crash
      system.sandbox.holder.answer(id, 'approve');
      // While Redis is down the webhook cannot decide: 503 STORE_UNAVAILABLE, so the platform tries again.
      await a!.waitFor((e) => e.event === 'delivery-refused' && e.code === 'STORE_UNAVAILABLE');
      await system.redis.restart();
      const record = await system.sandbox.delivered(id);
      expect(record.attempts.some((x) => x.status === 503)).toBe(true);
      expect(countEvents(system.instances, 'delivery-stored', id)).toBe(1);
      const result = await system.call(system.instances[1]!, `/share/${id}/result`);
      expect(result.json.state).toBe('delivered');
      expect(result.json.copies[0].sha256).toBe(record.files[0]!.sha256);
      // Nothing delivered before the crash was lost either: a second round trip reads it back.
      await system.redis.restart();
      expect((await system.call(a!, `/share/${id}/result`)).json.copies[0].sha256).toBe(
        record.files[0]!.sha256,
      );
    } finally {
      await system.close();
    }
  });

  it('without persistence: sessions in flight and stored copies are gone after a restart', async () => {
    const system = await startScaleOutSystem({ instances: 2, persistent: false, sandbox: retrying });
    try {
      const [a, b] = system.instances;
      const doneDoc = await system.sandbox.holder.showDocument('passport');
      const done = (
        await system.call(a!, '/share', { barcode: doneDoc.barcode, documentTypes: ['passport'] })
      ).json.id as string;
      system.sandbox.holder.answer(done, 'approve');
      expect((await system.call(b!, `/share/${done}/result`)).json.state).toBe('delivered');
      const shown = await system.sandbox.holder.showDocument('passport');
      const pending = (
        await system.call(a!, '/share', { barcode: shown.barcode, documentTypes: ['passport'] })
      ).json.id as string;

      await system.redis.restart(); // SIGKILL and start again, empty
      await expect
        .poll(async () => (await system.call(a!, `/share/${done}/result`)).json.error, { timeout: 10_000 })
        .toBe('SHARE_SESSION_UNKNOWN');
      system.sandbox.holder.answer(pending, 'approve');
      // Whichever instance the balancer picks refuses it: the session is unknown (404), so nothing is stored.
      const refusal = () =>
        system.instances
          .flatMap((i) => i.events)
          .find(
            (e) =>
              e.requestId === pending && e.event === 'delivery-refused' && e.code !== 'STORE_UNAVAILABLE',
          );
      await expect.poll(() => refusal()?.code, { timeout: 20_000 }).toBe('WEBHOOK_REQUEST_UNKNOWN');
      expect((await system.call(b!, `/share/${pending}/result`)).json.error).toBe('SHARE_SESSION_UNKNOWN');
      expect(countEvents(system.instances, 'delivery-stored', pending)).toBe(0);
    } finally {
      await system.close();
    }
  });
});
