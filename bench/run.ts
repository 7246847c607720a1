// `npm run bench`: every benchmark group, each in a process of its own (so that no group's heap, JIT state
// or leftover timers colour the next), one after another. Each group prints its own tables with the
// ratio to the peer it measured in the same run. `npm run bench:smoke` (--quick) runs every group with
// tiny counts in seconds: CI uses it to keep the benchmarks working; it checks that each group ran and
// printed a table, never how fast it was.
//   npm run bench [-- group ...]        groups: verify decode open webhook stall wedge sessions diia-id
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const distortions = '.tmp/bench-distortions';

/** Each group: the scripts it runs, in order, as [script, ...arguments]. */
const GROUPS: Record<string, readonly (readonly string[])[]> = {
  verify: [['bench/verify.ts']],
  decode: [
    ['bench/decode-speed.ts', '--rounds', quick ? '1' : '40'],
    ['bench/decode-generate.ts', distortions, quick ? '1' : '8'],
    ['bench/decode.ts', distortions],
  ],
  open: [['bench/open.ts']],
  webhook: [['bench/webhook.ts']],
  stall: [['bench/stall.ts']],
  wedge: [['bench/wedge.ts']],
  sessions: [['bench/sessions.ts']],
  'diia-id': [['bench/diia-id.ts']],
};

function run(script: readonly string[]): Promise<{ code: number | null; printed: string }> {
  const args = ['--expose-gc', '--import', 'tsx', ...script, ...(quick ? ['--quick'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, printed }));
  });
}

mkdirSync(distortions, { recursive: true });
const unknown = only.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(`unknown group(s): ${unknown.join(', ')}; groups: ${Object.keys(GROUPS).join(', ')}`);
  process.exit(2);
}
console.log(`# Benchmarks (${quick ? 'smoke run: figures are not measurements' : 'full run'})`);
const summary: string[] = [];
let failed = 0;
for (const [group, scripts] of Object.entries(GROUPS)) {
  if (only.length > 0 && !only.includes(group)) continue;
  const started = Date.now();
  console.log(`\n## ${group}`);
  let ok = true;
  let output = '';
  for (const script of scripts) {
    const { code, printed } = await run(script);
    output += printed;
    if (code !== 0) {
      ok = false;
      console.log(`\n${script[0]} failed (exit ${code})`);
      break;
    }
  }
  // A group that exits cleanly without a table has not measured anything: that is a failure too.
  if (ok && !output.includes('| ---')) {
    ok = false;
    console.log(`\n${group}: no table printed`);
  }
  if (!ok) failed++;
  summary.push(`${ok ? '✓' : '✗'} ${group} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`\n${summary.join('\n')}`);
process.exit(failed > 0 ? 1 : 0);
