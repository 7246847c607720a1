// Run in a child process with a small heap (`node --max-old-space-size=256 --import tsx hostile.child.ts
// <attack>`), so that an out-of-memory kills this process and fails the test instead of killing Vitest. It
// sends one attack input through `dstuOpener` and then, as the sealed copy of an otherwise valid delivery,
// through the webhook handler with a pending request, and prints one JSON line per route:
// { via, code, status?, ms, heapMB }.
import { manualClock } from '../../../../src/clock.js';
import { isAcceptError } from '../../../../src/errors.js';
import { memoryShareStore } from '../../../../src/share/store.js';
import { createWebhookHandler } from '../../../../src/share/webhook.js';
import { hugeSerialEnvelope, nullFloodEnvelope } from '../../../support/hostile-der.js';
import { barcodeDeliveryRequest, barcodeShare, officialSealerAndOpener } from './fixtures.js';

const attacks: Record<string, () => Uint8Array> = {
  'huge-serial': () => hugeSerialEnvelope(),
  'null-flood': () => nullFloodEnvelope(),
};
const make = attacks[process.argv[2] ?? ''];
if (!make) throw new Error(`attack: one of ${Object.keys(attacks).join(', ')}`);

// Inside the validity of the platform's test certificates.
const T0 = Date.parse('2024-03-01T10:00:00Z');
const clock = manualClock(T0 + 30_000);
const { sealer, opener } = await officialSealerAndOpener(clock);
const heapMB = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);
const report = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

const hostile = make();
{
  const started = performance.now();
  let code = 'resolved';
  try {
    await opener.open(hostile);
  } catch (error) {
    code = isAcceptError(error) ? error.code : `not an AcceptError: ${String(error)}`;
  }
  report({ via: 'dstuOpener', code, ms: Math.round(performance.now() - started), heapMB: heapMB() });
}

{
  const store = memoryShareStore({ clock });
  const handler = createWebhookHandler({ opener, store, clock });
  const record = barcodeShare('0b9f5c1e-7a55-4bc1-9a53-000000000016', T0);
  await store.create(record);
  const request = await barcodeDeliveryRequest(sealer, record, hostile);
  const started = performance.now();
  const response = await handler(request);
  const answer = (await response.json()) as { error?: string };
  const stored = (await store.get(record.id))?.state;
  report({
    via: 'webhook',
    code: answer.error ?? 'accepted',
    status: response.status,
    state: stored,
    ms: Math.round(performance.now() - started),
    heapMB: heapMB(),
  });
}
