/**
 * What the parts of the sandbox share: the clock, the seeded ids, the platform's memory, the settings and
 * the logs tests read.
 *
 * @module
 */
import type { Clock } from '../clock.js';
import type { SandboxRandom } from './random.js';
import type { PlatformShare, PlatformState } from './state.js';

/**
 * One call the sandbox's partner API received, for tests that check what a client sent. Headers are not
 * kept (they hold tokens).
 *
 * @example
 * ```ts
 * const call: ApiCall | undefined = sandbox.calls.find((c) => c.path === '/api/v1/acquirers/document-request');
 * expect(Object.keys(call!.body as object).sort()).toEqual(['barcode', 'branchId', 'requestId']);
 * ```
 */
export interface ApiCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body, if there was one. */
  readonly body?: unknown;
  /** The status the sandbox answered. */
  status: number;
  /** Sandbox-clock time of the call (ms). */
  readonly at: number;
}

/**
 * A failure to inject into the partner API, for clients' error-path tests: the next matching call(s) are
 * answered with it instead of the normal answer.
 *
 * @example
 * ```ts
 * sandbox.injectFault({ path: '/api/v1/acquirers/document-identification', status: 429, retryAfter: 2 });
 * sandbox.injectFault({ path: /status/, body: '{"status":', times: 2 }); // malformed JSON twice
 * sandbox.injectFault({ delay: 5_000 }); // the next call of any kind answers after five real seconds
 * ```
 */
export interface ApiFault {
  /** A path (exact) or a pattern; every path when absent. */
  readonly path?: string | RegExp;
  /** An HTTP method; every method when absent. */
  readonly method?: string;
  /** How many calls it hits; 1 by default. */
  readonly times?: number;
  /** Answer with this status and the platform's error body. */
  readonly status?: number;
  /** With 429 or 503: the `Retry-After` header in seconds. */
  readonly retryAfter?: number;
  /** Answer 200 with exactly this raw body (for malformed-answer tests). */
  readonly body?: string;
  /** Wait this many real milliseconds before answering (for client time-outs). */
  readonly delay?: number;
  /** Close the connection without an answer. */
  readonly hangUp?: boolean;
}

/** The normalised settings of one sandbox. */
export interface SandboxSettings {
  readonly acquirerToken: string;
  readonly authAcquirerToken?: string;
  readonly issuer: string;
  readonly codeLifetimeMs: number;
  readonly requestLifetimeMs: number;
  readonly sessionLifetimeMs: number;
  readonly deeplinks: 'auto' | 'manual';
  /** The passport the holder has: what a request for `passport` delivers. */
  readonly holderPassport: 'internal-passport' | 'foreign-passport';
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number };
}

/** The shared parts. */
export interface SandboxContext {
  readonly clock: Clock;
  readonly random: SandboxRandom;
  readonly state: PlatformState;
  readonly settings: SandboxSettings;
  readonly calls: ApiCall[];
  readonly apiFaults: (ApiFault & { left: number })[];
  readonly rate: { windowStart: number; count: number };
  /** The holder is asked: runs the consent policy (or the Diia ID app) for a new (or newly opened) share. */
  startConsent(share: PlatformShare): void;
  /** Whether the sandbox was made with `diiaId`: then a Diia ID offer's request is signed by the holder. */
  readonly diiaIdOn: boolean;
  /** The platform's public signing keys. */
  jwks(): { readonly keys: readonly object[] };
}
