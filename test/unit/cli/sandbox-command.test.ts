// `diia-accept sandbox` in-process: it starts a real sandbox on loopback, prints what a person needs, and
// the printed token, branch and barcode work with the other commands.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDiiaId } from '../../../src/cli/diia-id-command.js';
import { main } from '../../../src/cli/main.js';
import { EXIT_CODES } from '../../../src/cli/messages.js';
import { runSandbox } from '../../../src/cli/sandbox-command.js';

interface Printed {
  readonly url: string;
  readonly acquirerToken: string;
  readonly branchId: string;
  readonly document: { readonly barcode: string; readonly link: string; readonly expiresAt: string };
  readonly diiaId: {
    readonly signOfferId: string;
    readonly loginOfferId: string;
    readonly caCertificates: readonly string[];
  };
}

/** A port free a moment ago on loopback (the sandbox's webhook and `sign --listen` must agree on it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A queue of lines the test types, as an async iterable the command reads. */
function typedLines() {
  const waiting: ((r: IteratorResult<string>) => void)[] = [];
  return {
    type(line: string) {
      waiting.shift()?.({ done: false, value: line });
    },
    iterable: {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<string>>((resolve) => waiting.push(resolve)),
      }),
    } as AsyncIterable<string>,
  };
}

describe('diia-accept sandbox', () => {
  it('prints the URL, token, branch and a document whose barcode identifies, and a new one on Enter', async () => {
    const out: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const lines = typedLines();
    const running = main(
      ['sandbox', '--json'],
      {
        stdout: (t) => out.push(t),
        stderr: () => {},
        env: {},
        untilStopped: () => stopped,
        lines: lines.iterable,
      },
      runSandbox,
    );
    while (out.length === 0) await new Promise((r) => setTimeout(r, 5));
    const printed = JSON.parse(out[0]!) as Printed;
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.document.barcode).toMatch(/^\d{13}$/);
    expect(printed.document.link).toMatch(
      /^https:\/\/diia\.app\/documents\/passport\/[^/]+\/verify\/[0-9a-f-]{36}$/,
    );

    const io = (sink: string[]) => ({
      stdout: (t: string) => sink.push(t),
      stderr: (t: string) => sink.push(t),
      env: { DIIA_ACQUIRER_TOKEN: printed.acquirerToken, DIIA_BASE_URL: printed.url },
    });
    const first: string[] = [];
    expect(await main(['identify', printed.document.barcode, '--branch', printed.branchId], io(first))).toBe(
      0,
    );
    const again: string[] = [];
    expect(await main(['identify', printed.document.barcode, '--branch', printed.branchId], io(again))).toBe(
      4,
    );
    expect(again.join('\n')).toContain('PLATFORM_CODE_USED');

    lines.type('');
    while (out.length < 2) await new Promise((r) => setTimeout(r, 5));
    const next = JSON.parse(out[1]!) as { document: Printed['document'] };
    expect(next.document.barcode).not.toBe(printed.document.barcode);
    expect(await main(['identify', next.document.link, '--branch', printed.branchId], io([]))).toBe(0);

    stop();
    expect(await running).toBe(0);
  });

  it('request --wait sees the sandbox deliver to the webhook (exit 0)', async () => {
    const received: string[] = [];
    const webhook = createServer((req, res) => {
      received.push(String(req.headers['x-document-request-trace-id']));
      req.resume();
      req.on('end', () => res.end('{"success":true}'));
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/diia`;
    const out: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const running = main(
      ['sandbox', '--json', '--webhook', webhookUrl],
      { stdout: (t) => out.push(t), stderr: () => {}, env: {}, untilStopped: () => stopped },
      runSandbox,
    );
    try {
      while (out.length === 0) await new Promise((r) => setTimeout(r, 5));
      const printed = JSON.parse(out[0]!) as Printed;
      const lines: string[] = [];
      const code = await main(
        [
          'request',
          printed.document.barcode,
          '--branch',
          printed.branchId,
          '--wait',
          '--poll',
          '100ms',
          '--json',
        ],
        {
          stdout: (t) => lines.push(t),
          stderr: (t) => lines.push(t),
          env: { DIIA_ACQUIRER_TOKEN: printed.acquirerToken, DIIA_BASE_URL: printed.url },
        },
      );
      expect(code).toBe(0);
      const { requestId } = JSON.parse(lines[0]!) as { requestId: string };
      expect(JSON.parse(lines.at(-1)!)).toEqual({ status: 'delivered', raw: 'done' });
      expect(received).toContain(requestId);
    } finally {
      stop();
      await running;
      await new Promise<void>((r) => webhook.close(() => r()));
    }
  });

  it('prints readable text with the commands to try', async () => {
    const out: string[] = [];
    const code = await main(
      ['sandbox', '--port', '0', '--webhook', 'http://127.0.0.1:9/diia'],
      { stdout: (t) => out.push(t), stderr: () => {}, env: {}, untilStopped: async () => {} },
      runSandbox,
    );
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('DIIA_ACQUIRER_TOKEN=');
    expect(text).toContain('diia-accept identify');
    expect(text).toContain('http://127.0.0.1:9/diia');
    // Diia ID: the offers and the CA files, and the sign command line to try (no --listen: the webhook is
    // not one that sign serves).
    expect(text).toMatch(/Diia ID: signing offer [0-9a-f]{24}, login offer [0-9a-f]{24}/);
    expect(text).toMatch(/DIIA_CA_CERTIFICATES=\S+sandbox-ca-1\.cer/);
    expect(text).toMatch(/diia-accept sign FILE --branch [0-9a-f]{24} --offer [0-9a-f]{24}\n/);
  });

  it('refuses a bad port or webhook (exit 2)', async () => {
    const io = { stdout: () => {}, stderr: () => {}, env: {}, untilStopped: async () => {} };
    expect(await main(['sandbox', '--port', '70000'], io, runSandbox)).toBe(2);
    expect(await main(['sandbox', '--webhook', 'ftp://x'], io, runSandbox)).toBe(2);
  });

  it('Diia ID: sign and login in another terminal against its offers and CA files, through the webhook', async () => {
    const port = await freePort();
    const out: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const running = main(
      ['sandbox', '--json', '--webhook', `http://127.0.0.1:${port}/diia/webhook`],
      { stdout: (t) => out.push(t), stderr: () => {}, env: {}, untilStopped: () => stopped },
      runSandbox,
    );
    const work = mkdtempSync(join(tmpdir(), 'sandbox-sign-'));
    let caFiles: readonly string[] = [];
    try {
      while (out.length === 0) await new Promise((r) => setTimeout(r, 5));
      const printed = JSON.parse(out[0]!) as Printed;
      caFiles = printed.diiaId.caCertificates;
      expect(caFiles.length).toBeGreaterThanOrEqual(2);
      const file = join(work, 'application.txt');
      writeFileSync(file, 'An application.\n');
      const env = {
        DIIA_ACQUIRER_TOKEN: printed.acquirerToken,
        DIIA_BASE_URL: printed.url,
        DIIA_BRANCH_ID: printed.branchId,
        DIIA_CA_CERTIFICATES: caFiles.join(':'),
      };
      const cli = async (argv: string[]) => {
        const lines: string[] = [];
        const err: string[] = [];
        const code = await main(
          argv,
          { stdout: (t) => lines.push(t), stderr: (t) => err.push(t), env },
          undefined,
          runDiiaId,
        );
        return { code, out: lines.join('\n'), err: err.join('\n') };
      };
      const listen = ['--listen', `127.0.0.1:${port}`];
      const signed = await cli(['sign', file, '--offer', printed.diiaId.signOfferId, ...listen]);
      expect(signed.code, signed.err).toBe(EXIT_CODES.ok);
      expect(signed.out).toMatch(/application\.txt\n {2}✓ verified\n {2}signer: +\S+/);
      const login = await cli(['login', '--offer', printed.diiaId.loginOfferId, ...listen, '--json']);
      expect(login.code, login.err).toBe(EXIT_CODES.ok);
      expect(JSON.parse(login.out.split('\n').at(-1)!).person.taxId).toMatch(/^\d{10}$/);
    } finally {
      stop();
      await running;
      rmSync(work, { recursive: true, force: true });
    }
    // The CA files are the sandbox's own, removed with it.
    expect(caFiles.some((path) => existsSync(path))).toBe(false);
  });
});
