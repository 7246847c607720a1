// The DiiaIdStore contract against the reference implementation, memoryDiiaIdStore (one process: the peer is
// the same object). The Redis store runs the same table in test/integration/redis-diia-id-store.test.ts.
import { memoryDiiaIdStore } from '../../../src/diia-id/store.js';
import { diiaIdStoreContract } from '../../support/diia-id-store.contract.js';

diiaIdStoreContract('memory', (clock) => {
  const store = memoryDiiaIdStore({ clock });
  return { store, peer: store };
});
