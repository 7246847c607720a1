// Keyboard-wedge decoding: key events per second through createWedgeDecoder for the codes a desk scanner
// types (a document link, a signed token, a barcode), next to a loop that only appends each event's key
// to a string (the floor under any decoder: it must at least look at every key).

import { scannerKeystrokes } from '../src/scanner/keystrokes.js';
import { createWedgeDecoder, type WedgeKeyEvent } from '../src/scanner/wedge.js';
import { header, num, quick, rateInTurns, ratio, table } from './lib/report.js';

const ROUNDS = quick ? 1 : 15;
const ROUND_MS = quick ? 60 : 1_000;
const LINK =
  'https://diia.app/documents/passport/65f1c0a2b3d4e5f60718293a/verify/3f2b8c1e-7a4d-4e2b-9c1a-5d6e7f8a9b0c';
const TOKEN = `eyJhbGciOiJFUzI1NiIsInR5cCI6ImRpaWEtZG9jdW1lbnQrand0Iiwia2lkIjoicGxhdGZvcm0tMSJ9.${'eyJpc3MiOiJ1cm46ZGlpYSJ9'.repeat(12)}.${'A'.repeat(86)}`;
const CODES = { 'document link': LINK, 'signed token': TOKEN, 'EAN-13 barcode': '2858364170864' };

header(
  'Keyboard-wedge decoding',
  `${ROUNDS} rounds of ${ROUND_MS} ms, the tasks interleaved 16 calls at a time; key events per second (median over rounds)`,
);
const rows: string[][] = [];
for (const [name, text] of Object.entries(CODES)) {
  const events: WedgeKeyEvent[] = scannerKeystrokes(text, { gapMs: 4 });
  const decoder = createWedgeDecoder();
  let scans = 0;
  const check = decoder.feed.bind(decoder);
  for (const event of events) scans += check(event).length;
  if (scans !== 1) throw new Error(`setup: ${name} gave ${scans} scans`);
  let sink = 0;
  const results = await rateInTurns(
    {
      floor: () => {
        let typed = '';
        for (const event of events) if (event.type !== 'keyup') typed += event.key;
        sink += typed.length;
      },
      decoder: () => {
        for (const event of events) sink += decoder.feed(event).length;
      },
    },
    ROUNDS,
    ROUND_MS,
  );
  if (sink === 0) throw new Error('nothing decoded');
  const perCall = events.length;
  rows.push([
    `${name} (${text.length} characters, ${events.length} events)`,
    num(results.floor!.perSecond * perCall),
    num(results.decoder!.perSecond * perCall),
    ratio(results.decoder!.ratio),
    num(results.decoder!.perSecond),
  ]);
}
table(['code', 'floor: keys appended, events/s', 'createWedgeDecoder, events/s', '÷ floor', 'codes/s'], rows);
