/**
 * The command line's vocabulary: the options `main` parses and the I/O it is given, below both `main` and the
 * commands so neither imports the other.
 *
 * @module
 */
import type { parseArgs } from 'node:util';
import type { Language } from '../errors.js';

/**
 * What the command reads and writes. The real process's streams and environment in `bin.ts`; strings in
 * tests.
 */
export interface CliIo {
  /** Writes a line (the text has no trailing newline). */
  readonly stdout: (text: string) => void;
  /** Writes a line of diagnostics. */
  readonly stderr: (text: string) => void;
  /**
   * The environment (`DIIA_ACQUIRER_TOKEN`, `DIIA_AUTH_ACQUIRER_TOKEN`, `DIIA_BASE_URL`, `DIIA_BRANCH_ID`,
   * `DIIA_CA_CERTIFICATES`).
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts the running call (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Resolves when a long-running command (`sandbox`) should stop. */
  readonly untilStopped?: () => Promise<void>;
  /** Lines the user types while a long-running command runs (`sandbox`: Enter shows a new document). */
  readonly lines?: AsyncIterable<string>;
  /** The `fetch` the transport uses (tests may count calls). */
  readonly fetch?: typeof globalThis.fetch;
  /** What `--version` prints (the package's version; `bin.ts` reads it from package.json). */
  readonly version?: string | undefined;
}

export const OPTIONS = {
  'base-url': { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  branch: { type: 'string' },
  offer: { type: 'string' },
  skip: { type: 'string' },
  limit: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string' },
  region: { type: 'string' },
  district: { type: 'string' },
  location: { type: 'string' },
  street: { type: 'string' },
  house: { type: 'string' },
  'full-name': { type: 'string' },
  'full-address': { type: 'string' },
  sharing: { type: 'string' },
  identification: { type: 'string' },
  types: { type: 'string' },
  'return-link': { type: 'string' },
  'request-id': { type: 'string' },
  'diia-id': { type: 'boolean' },
  barcode: { type: 'string' },
  otp: { type: 'string' },
  port: { type: 'string' },
  webhook: { type: 'string' },
  wait: { type: 'boolean' },
  'wait-for': { type: 'string' },
  poll: { type: 'string' },
  'sign-algo': { type: 'string' },
  'login-hash': { type: 'string' },
  ca: { type: 'string', multiple: true },
  listen: { type: 'string' },
  sandbox: { type: 'boolean' },
} as const;

/** The parsed options of one run. */
export type CliValues = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

/** The sandbox command, provided by `bin.ts` (it needs the Node-only sandbox). */
export type SandboxCommand = (values: CliValues, io: CliIo, language: Language) => Promise<number>;

/**
 * `sign` and `login` (Diia ID), provided by `bin.ts`: they listen for the delivery on a Node HTTP server and
 * may start the Node-only sandbox.
 */
export type DiiaIdCommand = (
  command: 'sign' | 'login',
  values: CliValues,
  args: readonly string[],
  io: CliIo,
  language: Language,
) => Promise<number>;
