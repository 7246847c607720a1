// Memory per pending share session: 100,000 pending records in memoryShareStore, the heap after a full
// collection minus the heap before, divided by the count; next to the size of the same record as JSON
// (what a store that serialises, such as Redis, would hold per session before its own overhead).
// Needs --expose-gc (npm run bench passes it).
import { memoryShareStore, type ShareRecord } from '../src/share/store.js';
import { collect, header, num, quick, ratio, table } from './lib/report.js';

const SESSIONS = quick ? 2_000 : 100_000;
const now = Date.now();

function pending(flow: 'barcode' | 'offer', i: number): ShareRecord {
  const common = {
    id: crypto.randomUUID(),
    branchId: `branch-${i % 20}`,
    state: 'awaiting-consent' as const,
    createdAt: now + i,
    expiresAt: now + i + 180_000,
    updatedAt: now + i,
  };
  if (flow === 'barcode')
    return {
      ...common,
      flow,
      documentTypes: ['passport'],
      barcode: String(2858364170000 + i).padStart(13, '0'),
    };
  const otp = crypto.randomUUID();
  return {
    ...common,
    flow,
    documentTypes: ['internal-passport', 'taxpayer-card'],
    offerId: `offer-${i % 5}`,
    otp,
    deeplink: `https://diia.app/acquirers/offer-request/dynamic/${otp}`,
  } as ShareRecord;
}

header(
  'Memory per pending share session',
  `${SESSIONS.toLocaleString('en-US')} sessions per flow, heap after gc`,
);
/** Heap bytes per session of one flow; the store lives only inside, so the next flow starts without it. */
async function measure(flow: 'barcode' | 'offer'): Promise<{ perSession: number; jsonBytes: number }> {
  collect();
  const before = process.memoryUsage().heapUsed;
  const store = memoryShareStore({ maxSessions: SESSIONS });
  let json = 0;
  let last = '';
  for (let i = 0; i < SESSIONS; i++) {
    const record = pending(flow, i);
    last = record.id;
    if (i < 1000) json += JSON.stringify(record).length;
    await store.create(record);
  }
  collect();
  const perSession = (process.memoryUsage().heapUsed - before) / SESSIONS;
  // The store is used after the measurement, so it is certainly alive during it.
  if ((await store.get(last))?.state !== 'awaiting-consent') throw new Error('the store lost a session');
  return { perSession, jsonBytes: json / Math.min(1000, SESSIONS) };
}

const rows: string[][] = [];
for (const flow of ['barcode', 'offer'] as const) {
  const { perSession, jsonBytes } = await measure(flow);
  rows.push([
    flow,
    num(perSession),
    num(jsonBytes),
    ratio(perSession / jsonBytes),
    `${num((perSession * SESSIONS) / 1024 / 1024)} MB`,
  ]);
}
table(
  [
    'flow',
    'bytes per session',
    'JSON bytes per record',
    '÷ JSON',
    `heap for ${SESSIONS.toLocaleString('en-US')}`,
  ],
  rows,
);
