// The two inputs that froze or killed a partner's server through the dstu webhook, without any key: a
// certificate with a 160 KiB serial INTEGER in EnvelopedData originatorInfo (quadratic bigint conversion,
// about a minute of synchronous CPU), and a 12 MiB SET of NULLs as recipientInfos (about 130 bytes of heap
// per input byte: an out-of-memory under a 512 MiB heap). Each runs in a child process with a 256 MiB heap,
// through dstuOpener and through the webhook handler with a pending request; both must be refused with
// DER_LIMIT_EXCEEDED and the session left waiting for a good delivery.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./hostile.child.ts', import.meta.url));

// The child opens two key containers first (PBKDF2, several seconds on a busy machine); the refusals
// themselves take milliseconds. The timeout only bounds a run that has gone wrong: the old quadratic
// conversion needs about a minute for the first input.
const TIMEOUT_MS = 45_000;

interface Line {
  via: string;
  code: string;
  status?: number;
  state?: string;
  ms: number;
  heapMB: number;
}

function runChild(
  attack: string,
): Promise<{ exit: number | null; signal: string | null; lines: Line[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', child, attack], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), TIMEOUT_MS);
    proc.on('error', reject);
    proc.on('close', (exit, signal) => {
      clearTimeout(timer);
      const lines = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Line);
      resolve({ exit, signal, lines, stderr: err.slice(-2000) });
    });
  });
}

describe('hostile DER through the dstu opener and webhook, under a 256 MiB heap', {
  timeout: TIMEOUT_MS + 15_000,
}, () => {
  it.each([
    ['huge-serial', 'a certificate with a 160 KiB serial INTEGER in originatorInfo'],
    ['null-flood', 'a 12 MiB SET of NULLs as recipientInfos (raw DER)'],
  ])('%s: %s is refused with DER_LIMIT_EXCEEDED', async (attack) => {
    const { exit, signal, lines, stderr } = await runChild(attack);
    expect({ exit, signal, stderr: exit === 0 ? '' : stderr }).toEqual({ exit: 0, signal: null, stderr: '' });
    expect(lines.map(({ via, code, status, state }) => ({ via, code, status, state }))).toEqual([
      { via: 'dstuOpener', code: 'DER_LIMIT_EXCEEDED', status: undefined, state: undefined },
      { via: 'webhook', code: 'DER_LIMIT_EXCEEDED', status: 422, state: 'awaiting-consent' },
    ]);
  });
});
