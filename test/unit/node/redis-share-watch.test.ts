/**
 * The settlement hub of the Redis share store without a Redis: a fake subscriber connection and sessions in
 * a map, with fake timers for the polling fallback.
 */
import { EventEmitter, setMaxListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AcceptError } from '../../../src/errors.js';
import type { RedisClient, RedisConnection } from '../../../src/node/redis-connection.js';
import { settlementHub } from '../../../src/node/redis-share-watch.js';
import type { ShareState } from '../../../src/share/state.js';
import type { ShareRecord } from '../../../src/share/store.js';
import { codeOf } from '../../support/codes.js';
import { record } from '../share/store.contract.js';

class FakeSubscriber extends EventEmitter {
  subscribed: string[] = [];
  quits = 0;
  disconnects = 0;
  failSubscribe = false;
  async subscribe(channel: string) {
    if (this.failSubscribe) throw new Error('connection refused');
    this.subscribed.push(channel);
  }
  async quit() {
    this.quits++;
  }
  disconnect() {
    this.disconnects++;
  }
}

function setup() {
  const sessions = new Map<string, ShareRecord>();
  const subscribers: FakeSubscriber[] = [];
  let failNextSubscribe = false;
  const client = {
    duplicate() {
      const sub = new FakeSubscriber();
      sub.failSubscribe = failNextSubscribe;
      failNextSubscribe = false;
      subscribers.push(sub);
      return sub as unknown as RedisClient;
    },
  } as RedisClient;
  const connection: RedisConnection = { client: async () => client, close: async () => {} };
  let reads = 0;
  let readFails = false;
  const hub = settlementHub({
    connection,
    channel: 'p:share:settled',
    pollInterval: 2_000,
    async read(id) {
      reads++;
      if (readFails) throw new AcceptError('STORE_UNAVAILABLE');
      return sessions.get(id);
    },
  });
  const add = (state: ShareState = 'awaiting-consent') => {
    const r = record({ state });
    sessions.set(r.id, r);
    return r;
  };
  const settle = (id: string, state: ShareState = 'delivered') => {
    sessions.set(id, { ...sessions.get(id)!, state });
  };
  return {
    hub,
    sessions,
    subscribers,
    add,
    settle,
    reads: () => reads,
    failReads: (on: boolean) => {
      readFails = on;
    },
    failNextSubscribe: () => {
      failNextSubscribe = true;
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('settlementHub', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves at once for a final session and rejects an unknown one', async () => {
    const t = setup();
    const done = t.add('declined');
    expect((await t.hub.wait(done.id, undefined)).state).toBe('declined');
    expect(await codeOf(t.hub.wait('no-such-id', undefined))).toBe('SHARE_SESSION_UNKNOWN');
  });

  it('resolves when the settlement message arrives', async () => {
    const t = setup();
    const r = t.add();
    const waiting = t.hub.wait(r.id, undefined);
    await flush();
    expect(t.subscribers).toHaveLength(1);
    expect(t.subscribers[0]!.subscribed).toEqual(['p:share:settled']);
    t.settle(r.id);
    t.subscribers[0]!.emit('message', 'p:share:settled', r.id);
    expect((await waiting).state).toBe('delivered');
  });

  it('ignores messages of other channels and other sessions', async () => {
    const t = setup();
    const r = t.add();
    const waiting = t.hub.wait(r.id, undefined);
    await flush();
    const before = t.reads();
    t.subscribers[0]!.emit('message', 'other:channel', r.id);
    t.subscribers[0]!.emit('message', 'p:share:settled', 'someone-else');
    await flush();
    expect(t.reads()).toBe(before);
    t.settle(r.id);
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await waiting).state).toBe('delivered');
  });

  it('a lost message costs one poll interval, not the answer', async () => {
    const t = setup();
    const r = t.add();
    const waiting = t.hub.wait(r.id, undefined);
    await flush();
    t.settle(r.id, 'expired'); // no message
    await vi.advanceTimersByTimeAsync(1_999);
    let settled = false;
    void waiting.then(() => {
      settled = true;
    });
    await flush();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await waiting).state).toBe('expired');
  });

  it('reads every watched session again after the subscriber reconnects', async () => {
    const t = setup();
    const r = t.add();
    const waiting = t.hub.wait(r.id, undefined);
    await flush();
    t.settle(r.id);
    t.subscribers[0]!.emit('ready');
    expect((await waiting).state).toBe('delivered');
  });

  it('one more watch costs a constant number of reads, whatever the number of watches', async () => {
    const t = setup();
    const controller = new AbortController();
    // One signal for 201 waits on purpose: raise Node's listener warning limit for this signal only.
    setMaxListeners(201, controller.signal);
    const waits = Array.from({ length: 200 }, () =>
      t.hub.wait(t.add().id, controller.signal).catch(() => {}),
    );
    await flush();
    const before = t.reads();
    const more = t.hub.wait(t.add().id, controller.signal).catch(() => {});
    await flush();
    expect(t.reads() - before).toBe(1);
    controller.abort();
    await Promise.all([...waits, more]);
  });

  it('abort ends the wait with ABORTED and stops polling once nobody waits', async () => {
    const t = setup();
    const r = t.add();
    const controller = new AbortController();
    const outcome = codeOf(t.hub.wait(r.id, controller.signal));
    await flush();
    controller.abort();
    expect(await outcome).toBe('ABORTED');
    const before = t.reads();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.reads()).toBe(before);
    expect(await codeOf(t.hub.wait(r.id, AbortSignal.abort()))).toBe('ABORTED');
  });

  it('a session that vanishes while watched ends the wait with SHARE_SESSION_UNKNOWN', async () => {
    const t = setup();
    const r = t.add();
    const outcome = codeOf(t.hub.wait(r.id, undefined));
    await flush();
    t.sessions.delete(r.id);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await outcome).toBe('SHARE_SESSION_UNKNOWN');
  });

  it('a failing first read is STORE_UNAVAILABLE; failing polls are ignored until Redis answers', async () => {
    const t = setup();
    const r = t.add();
    t.failReads(true);
    expect(await codeOf(t.hub.wait(r.id, undefined))).toBe('STORE_UNAVAILABLE');
    t.failReads(false);
    const waiting = t.hub.wait(r.id, undefined);
    await flush();
    t.failReads(true);
    t.settle(r.id);
    await vi.advanceTimersByTimeAsync(4_000);
    t.failReads(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await waiting).state).toBe('delivered');
  });

  it('a subscriber that cannot subscribe is disconnected, and the next wait subscribes again', async () => {
    const t = setup();
    t.failNextSubscribe();
    const controller = new AbortController();
    const first = t.hub.wait(t.add().id, controller.signal).catch(() => {});
    await flush();
    expect(t.subscribers[0]!.disconnects).toBe(1);
    const second = t.hub.wait(t.add().id, controller.signal).catch(() => {});
    await flush();
    expect(t.subscribers).toHaveLength(2);
    expect(t.subscribers[1]!.subscribed).toEqual(['p:share:settled']);
    controller.abort();
    await Promise.all([first, second]);
  });

  it('close ends pending waits with ABORTED, quits the subscriber and refuses new waits', async () => {
    const t = setup();
    const outcome = codeOf(t.hub.wait(t.add().id, undefined));
    await flush();
    await t.hub.close();
    expect(await outcome).toBe('ABORTED');
    expect(t.subscribers[0]!.quits).toBe(1);
    expect(await codeOf(t.hub.wait(t.add().id, undefined))).toBe('ABORTED');
  });
});
