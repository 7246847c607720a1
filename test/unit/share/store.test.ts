import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import { memoryShareStore } from '../../../src/share/store.js';
import { delivery, receipt, record, shareStoreContract } from './store.contract.js';

shareStoreContract('memory', (clock) => {
  const store = memoryShareStore({ clock });
  return { store, peer: store };
});

describe('memoryShareStore', () => {
  it('forgets finished sessions first when full, and refuses when every session is pending', async () => {
    const store = memoryShareStore({ clock: manualClock(0), maxSessions: 2 });
    const a = record();
    const b = record();
    await store.create(a);
    await store.create(b);
    await store.putDelivery(a.id, delivery(a.id), receipt(a.id));
    const c = record();
    await store.create(c); // a is delivered: forgotten to make room
    expect(await store.get(a.id)).toBeUndefined();
    expect(await store.get(b.id)).toBeDefined();
    await store.create(record()).then(
      () => expect.unreachable(),
      (e) => expect(isAcceptError(e, 'STORE_UNAVAILABLE')).toBe(true),
    );
  });

  it('does not forget a finished session somebody is watching', async () => {
    const store = memoryShareStore({ clock: manualClock(0), maxSessions: 1 });
    const a = record({ state: 'requested' });
    await store.create(a);
    const watched = store.watch(a.id);
    await store.transition(a.id, 'requested', 'declined');
    expect((await watched).state).toBe('declined');
  });

  it('refuses a silly maxSessions', () => {
    expect(() => memoryShareStore({ maxSessions: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
