/**
 * The sandbox's Diia ID: the holder's app answering a dynamic offer request whose offer has the scope
 * `diiaId: ["hashedFilesSigning"]` or `["auth"]`: it signs each `fileHash` (or the login's hashed request
 * id) as a detached CAdES signature and the platform POSTs the result to the branch's webhook, through the
 * same courier as document deliveries (retries, faults, records in `sandbox.deliveries`).
 *
 * The delivery's shape follows what the official SDKs read (no real delivery is published):
 * `X-Diia-Id-Action: hashedFilesSigning | auth`; `X-Document-Request-Trace-Id` = the request id (signing) or
 * the hashed request id (login); one `encodeData` text part = standard base64 of plain JSON,
 * `{ signedItems: [{ name, signature }] }` (Java `SignedHashData.java`, .NET `SignaturePackage.cs`, Python
 * `sign_service.py`) or `{ requestId, signature }` for a login (Java `AuthData.java`). The body is
 * `multipart/mixed` by default: the .NET and Python receivers special-case mixed only for Diia ID, which
 * suggests the platform sends it so (an inference; `form-data` is a setting).
 *
 * @module
 */
import { type Duration, parseDuration } from '../clock.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { SandboxContext } from './context.js';
import { refuse } from './http.js';
import type { Scheduler } from './scheduler.js';
import { currentStatus, type DiiaIdShare, type PlatformShare } from './state.js';

/**
 * A fault of the sandbox's Diia ID app, for the partner's refusal tests:
 * - `'other-file'`: each file is signed with another file's hash (a login: the hash of another id);
 * - `'untrusted-ca'`: the signer's certificate comes from a CA with the trusted one's names and another
 *   key, which is not in {@link SandboxDiiaId.caCertificates};
 * - `'expired-certificate'`: the citizen's certificate expired before the signing time;
 * - `'truncated-signature'`: the signature's DER is cut short.
 *
 * @example
 * ```ts
 * const fault: SandboxDiiaIdFault = 'expired-certificate';
 * ```
 */
export type SandboxDiiaIdFault =
  | 'other-file'
  | 'untrusted-ca'
  | 'expired-certificate'
  | 'truncated-signature';

/**
 * How the holder answers a Diia ID request: sign at once, decline, ignore it (the partner's session runs
 * out), or answer after a delay on the sandbox clock.
 *
 * @example
 * ```ts
 * const slow: SandboxDiiaIdAnswer = { after: '10s', answer: 'sign' };
 * ```
 */
export type SandboxDiiaIdAnswer =
  | 'sign'
  | 'decline'
  | 'ignore'
  | { readonly after: Duration; readonly answer: 'sign' | 'decline' };

/**
 * Options of the sandbox's Diia ID (`createSandbox({ diiaId: { … } })`; `{}` turns it on with defaults).
 *
 * @example
 * ```ts
 * const diiaId: SandboxDiiaIdOptions = { answer: 'sign', timestamp: true, fault: 'untrusted-ca' };
 * ```
 */
export interface SandboxDiiaIdOptions {
  /** The holder's answer; `'sign'` by default. */
  readonly answer?: SandboxDiiaIdAnswer;
  /** CAdES-T (a content timestamp and a signature timestamp) instead of CAdES-BES; false by default. */
  readonly timestamp?: boolean;
  /** A fault for every Diia ID request (change it with {@link SandboxDiiaId.setFault}). */
  readonly fault?: SandboxDiiaIdFault;
  /** The delivery's multipart type: `'mixed'` (default, an inference) or `'form-data'`. */
  readonly multipart?: 'mixed' | 'form-data';
}

/**
 * The sandbox's Diia ID, when created with `diiaId`: the CA certificates a partner trusts, the fictional
 * citizen whose app signs, and controls. **The citizen is fictional but shaped like personal data**: the
 * SDK keeps such data out of logs, and so should a test.
 *
 * @example
 * ```ts
 * const sandbox = await createSandbox({ seed: 'desk', diiaId: {} });
 * const verify = diiaIdVerifier({ caCertificates: sandbox.diiaId!.caCertificates });
 * const { fullName, taxId } = sandbox.diiaId!.citizen;
 * ```
 */
export interface SandboxDiiaId {
  /** DER certificates of the sandbox's own CAs: the DSTU 4145 CA, then the ECDSA P-256 CA. */
  readonly caCertificates: readonly Uint8Array[];
  /** The citizen in every certificate the app signs with (fictional; an RNOKPP of the right form). */
  readonly citizen: { readonly fullName: string; readonly taxId: string };
  /** The fault of the next requests; `undefined` for none. */
  setFault(fault: SandboxDiiaIdFault | undefined): void;
  /**
   * Creates an offer with the scope `diiaId: [scope]` on a branch (which gets that scope if it lacks it,
   * unlike the platform, which needs it set when the branch is made). Returns the offer's id.
   */
  addOffer(branchId: string, scope: 'hashedFilesSigning' | 'auth', name?: string): string;
}

const FAULTS: readonly SandboxDiiaIdFault[] = [
  'other-file',
  'untrusted-ca',
  'expired-certificate',
  'truncated-signature',
];
const OPTION_KEYS = optionKeys<SandboxDiiaIdOptions>({
  answer: true,
  timestamp: true,
  fault: true,
  multipart: true,
});

/** Checks the options (every key known, every value one of its kind). */
export function readDiiaIdOptions(options: SandboxDiiaIdOptions): Required<
  Omit<SandboxDiiaIdOptions, 'fault'>
> & {
  fault: SandboxDiiaIdFault | undefined;
} {
  refuseUnknownOptions(options, OPTION_KEYS, 'createSandbox diiaId');
  const answer = options.answer ?? 'sign';
  const plain = (a: unknown) => a === 'sign' || a === 'decline' || a === 'ignore';
  if (typeof answer === 'object' && answer !== null) {
    refuseUnknownOptions(answer, new Set(['after', 'answer']), 'createSandbox diiaId.answer');
    if (answer.answer !== 'sign' && answer.answer !== 'decline')
      throw new AcceptError('INVALID_ARGUMENT', { detail: 'diiaId.answer.answer must be sign or decline' });
    parseDuration(answer.after);
  } else if (!plain(answer)) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'diiaId.answer must be sign, decline or ignore' });
  }
  if (options.timestamp !== undefined && typeof options.timestamp !== 'boolean')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'diiaId.timestamp must be a boolean' });
  checkFault(options.fault);
  const multipart = options.multipart ?? 'mixed';
  if (multipart !== 'mixed' && multipart !== 'form-data')
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'diiaId.multipart must be mixed or form-data' });
  return { answer, timestamp: options.timestamp ?? false, fault: options.fault, multipart };
}

/** Refuses anything but a fault's name or undefined. */
export function checkFault(fault: unknown): asserts fault is SandboxDiiaIdFault | undefined {
  if (fault !== undefined && !FAULTS.includes(fault as SandboxDiiaIdFault))
    throw new AcceptError('INVALID_ARGUMENT', {
      detail: `diiaId fault must be one of ${FAULTS.join(', ')}`,
    });
}

/** Standard base64 with padding of 16 to 64 bytes: a digest, as `fileHash` and a hashed id are sent. */
const DIGEST_BASE64 = /^(?=(?:.{4})+$)[A-Za-z0-9+/]{22,86}={0,2}$/;
const MAX_FILES = 100;

/** Whether `value` is standard base64 of a digest (16 to 64 bytes), as a hashed login id is sent. */
export const isDigestBase64 = (value: unknown): value is string =>
  typeof value === 'string' && DIGEST_BASE64.test(value);

/** A digest the app is to sign: 32 bytes for DSTU (GOST 34.311), 32 or 48 for ECDSA (SHA-256/384). */
function digestOf(value: unknown, what: string, algo: 'DSTU' | 'ECDSA'): Uint8Array {
  if (!isDigestBase64(value)) refuse(400, `${what} must be base64 of a digest`);
  const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  if (bytes.length !== 32 && (algo === 'DSTU' || bytes.length !== 48))
    refuse(400, `${what} must be a ${algo === 'DSTU' ? '32' : '32- or 48'}-byte digest`);
  return bytes;
}

/**
 * Reads the Diia ID part of an offer request body for an offer with a Diia ID scope, refusing (400) what
 * the scope cannot take: signing needs `data.hashedFilesSigning.hashedFiles` (unique names, base64 digests)
 * and a UUID request id; a login a hashed request id and no `data`.
 */
export function readDiiaIdRequest(
  scope: 'hashedFilesSigning' | 'auth',
  body: Record<string, unknown>,
): DiiaIdShare {
  const algo = body.signAlgo ?? 'DSTU';
  if (algo !== 'DSTU' && algo !== 'ECDSA') refuse(400, 'signAlgo must be DSTU or ECDSA');
  if (scope === 'auth') {
    if (body.data !== undefined) refuse(400, 'a login request takes no data');
    return {
      action: 'auth',
      signAlgo: algo,
      files: [{ name: '', hash: digestOf(body.requestId, 'requestId', algo) }],
    };
  }
  const files = (body.data as { hashedFilesSigning?: { hashedFiles?: unknown } } | undefined)
    ?.hashedFilesSigning?.hashedFiles;
  if (!Array.isArray(files) || files.length < 1 || files.length > MAX_FILES)
    refuse(400, `data.hashedFilesSigning.hashedFiles must list 1 to ${MAX_FILES} files`);
  const names = new Set<string>();
  return {
    action: 'hashedFilesSigning',
    signAlgo: algo,
    files: files.map((file: unknown, i) => {
      const { fileName, fileHash } = (file ?? {}) as Record<string, unknown>;
      if (typeof fileName !== 'string' || fileName.length < 1 || fileName.length > 256 || names.has(fileName))
        refuse(400, `hashedFiles[${i}].fileName must be a unique name`);
      names.add(fileName);
      return { name: fileName, hash: digestOf(fileHash, `hashedFiles[${i}].fileHash`, algo) };
    }),
  };
}

/** What the Diia ID app needs from the rest of the sandbox. */
export interface DiiaIdAppDeps {
  readonly ctx: SandboxContext;
  readonly scheduler: Scheduler;
  readonly answer: SandboxDiiaIdAnswer;
  /** Signs and delivers an approved share. */
  readonly deliver: (share: PlatformShare) => void;
}

/** The holder's side: answers a Diia ID share by the policy (sign, decline, ignore, later). */
export function diiaIdApp(deps: DiiaIdAppDeps): { start(share: PlatformShare): void } {
  const { ctx, scheduler } = deps;
  const apply = (share: PlatformShare, answer: SandboxDiiaIdAnswer): void => {
    if (answer === 'ignore') return;
    if (typeof answer === 'object') {
      scheduler.after(parseDuration(answer.after), () => apply(share, answer.answer));
      return;
    }
    if (currentStatus(share, ctx.clock.now()) !== 'pending') return;
    if (answer === 'decline') {
      share.status = 'declined';
      return;
    }
    share.status = 'approved';
    share.consentedAt = ctx.clock.now();
    deps.deliver(share);
  };
  return {
    start(share) {
      scheduler.after(0, () => apply(share, deps.answer));
    },
  };
}
