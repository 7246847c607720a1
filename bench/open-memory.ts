// Child of bench/open.ts: opens one sealed file in a fresh process and prints the peak memory the open
// needed, as JSON on the last line. Usage: node --expose-gc --import tsx bench/open-memory.ts jose|dstu FILE KEYS
import { readFileSync } from 'node:fs';
import { copyOf, dstuProfile, type JoseKeyFile, joseProfile } from './lib/openers.js';
import { collect, peakAbove } from './lib/report.js';

const [profile, file, keyFile] = process.argv.slice(2);
const { sealer, opener } =
  profile === 'jose'
    ? await joseProfile(JSON.parse(readFileSync(keyFile!, 'utf8')) as JoseKeyFile)
    : await dstuProfile();
// Keys imported and code compiled on a small copy first, so the measured open pays only for the copy.
await opener.open(await sealer.seal(copyOf(1024)));
// Read without a second copy, so the high-water mark before the open is not raised by the reading.
const sealed: Uint8Array = readFileSync(file!);
collect();
const maxRssBefore = process.resourceUsage().maxRSS * 1024;
const { result, peak } = await peakAbove(() => opener.open(sealed));
const rss = process.resourceUsage().maxRSS * 1024 - maxRssBefore;
if (result.content.length === 0) throw new Error('nothing opened');
console.log(JSON.stringify({ peak, rss }));
