// A minimal test harness that runs unchanged on every runtime (Node, Deno, Bun, workerd, a browser page):
// no Node APIs, no globals but the web-standard ones. The suite registers cases; `run` returns a plain report.

export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

export interface Report {
  readonly runtime: string;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly CaseResult[];
}

type Case = { readonly name: string; readonly fn: () => unknown | Promise<unknown> };
const cases: Case[] = [];

/** Registers a conformance case (named check, not test, so linters do not take this for a test file). */
export function check(name: string, fn: () => unknown | Promise<unknown>): void {
  cases.push({ name, fn });
}

/** Throws when `condition` is false. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Deep equality through JSON, enough for the plain data the suite compares. */
export function assertEqual(actual: unknown, expected: unknown, message: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`);
}

/** Asserts that `fn` rejects or throws an error whose `code` is `code`. */
export async function assertRejectsWith(fn: () => unknown, code: string, message: string): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const actual = (error as { code?: unknown } | null)?.code;
    if (actual === code) return;
    throw new Error(`${message}: expected code ${code}, got ${String(actual)} (${String(error)})`);
  }
  throw new Error(`${message}: expected code ${code}, nothing was thrown`);
}

function detectRuntime(): string {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Deno === 'object') return `deno ${(g.Deno as { version: { deno: string } }).version.deno}`;
  if (typeof g.Bun === 'object') return `bun ${(g.Bun as { version: string }).version}`;
  const nav = g.navigator as { userAgent?: string } | undefined;
  if (nav?.userAgent === 'Cloudflare-Workers') return 'workerd';
  const proc = g.process as { versions?: { node?: string } } | undefined;
  if (proc?.versions?.node) return `node ${proc.versions.node}`;
  if (nav?.userAgent) return nav.userAgent;
  return 'unknown';
}

/** Runs every registered case in order and reports. Never throws. */
export async function run(): Promise<Report> {
  const results: CaseResult[] = [];
  for (const { name, fn } of cases) {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: error instanceof Error ? `${error.message}` : String(error) });
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  return { runtime: detectRuntime(), passed: results.length - failed, failed, results };
}
