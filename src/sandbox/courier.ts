/**
 * The sandbox's courier, which plays the platform's delivery side (docs/protocol.md §3): the synthetic copies
 * and metadata sealed with the jose profile (or, when asked, the real platform's dstu profile), the multipart
 * in the flow's real shape (barcode flow: `encryptedFile`, `encryptedFileName`, `encodeData`, metadata without
 * `requestId`; deeplink flow: one part per file named by its type, metadata with `data[type]` as an array),
 * the POST to the branch's webhook with back-off until the partner answers `{ "success": true }`, and the
 * faults tests ask for. The two profiles differ only in how the files are sealed. (The partner's side, the
 * checks of a delivered copy, is share/delivery-checks.ts.)
 *
 * @module
 */
import { type Duration, parseDuration } from '../clock.js';
import { sha256Hex } from '../digest.js';
import type { DocumentType } from '../documents.js';
import { AcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import type { Sealer } from '../profiles/port.js';
import { encodeMultipart, type FormPartInput } from '../share/multipart-encoder.js';
import type { SandboxContext } from './context.js';
import { syntheticPdf } from './pdf.js';
import { copyLines, type FictionalDocument, fictionalDocument } from './person.js';
import type { Scheduler } from './scheduler.js';
import type { PlatformShare } from './state.js';
import { postDelivery } from './webhook-post.js';

/**
 * A part the sandbox adds to a delivery's multipart body (a fault: the partner must refuse it).
 *
 * @example
 * ```ts
 * const part: SandboxFormPart = { name: 'script', filename: 'x.js', contentType: 'text/javascript', value: 'alert(1)' };
 * await createSandbox({ delivery: { faults: { extraParts: [part] } } });
 * ```
 */
export interface SandboxFormPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly value: string | Uint8Array;
}

/**
 * Faults a delivery can suffer, for the partner's webhook tests. To deliver requests out of order, give them
 * different `delay`s through a function in {@link SandboxDeliveryOptions.faults}.
 *
 * @example
 * ```ts
 * const faults: SandboxDeliveryFaults = { failFirst: 2, duplicate: 1, reorderParts: true };
 * ```
 */
export interface SandboxDeliveryFaults {
  /** Wait this long (sandbox clock) after consent before the first attempt. */
  readonly delay?: Duration;
  /** After the partner accepted it, send the same delivery this many more times. */
  readonly duplicate?: number;
  /** Never send it. */
  readonly drop?: boolean;
  /** Cut the connection halfway through the body in the first N attempts. */
  readonly failFirst?: number;
  /** Put the parts in a (seeded) shuffled order. */
  readonly reorderParts?: boolean;
  /** Change one character of a sealed file's ciphertext, or of the sealed metadata's. */
  readonly tamper?: 'file' | 'metadata';
  /** Sign with a platform key that is not in the JWKS (jose profile only: a dstu delivery with it fails). */
  readonly untrustedSigner?: boolean;
  /** Send this `X-Document-Request-Trace-Id` instead of the request id. */
  readonly traceId?: string;
  /** Leave out the parts with these names. */
  readonly omitParts?: readonly string[];
  /** Add these parts. */
  readonly extraParts?: readonly SandboxFormPart[];
}

/**
 * What a delivery is about, for a function that picks its faults.
 *
 * @example
 * ```ts
 * const pick = (info: SandboxDeliveryInfo): SandboxDeliveryFaults => (info.flow === 'deeplink' ? { reorderParts: true } : {});
 * ```
 */
export interface SandboxDeliveryInfo {
  readonly requestId: string;
  readonly branchId: string;
  readonly flow: 'barcode' | 'deeplink';
  readonly documentTypes: readonly DocumentType[];
  /** A Diia ID delivery: its `X-Diia-Id-Action` (no documents then). */
  readonly action?: 'hashedFilesSigning' | 'auth';
}

/**
 * How the sandbox delivers.
 *
 * @example
 * ```ts
 * const delivery: SandboxDeliveryOptions = {
 *   retry: { attempts: 5, initialDelay: '100ms' },
 *   faults: (info) => (info.documentTypes.includes('passport') ? { failFirst: 1 } : {}),
 * };
 * ```
 */
export interface SandboxDeliveryOptions {
  /** Back-off: `attempts` (8), `initialDelay` ('1s'), `factor` (2), `maxDelay` ('60s'), on the sandbox clock. */
  readonly retry?: {
    readonly attempts?: number;
    readonly initialDelay?: Duration;
    readonly factor?: number;
    readonly maxDelay?: Duration;
  };
  /** How long (real time) one attempt may wait for the partner's answer; '10s' by default. */
  readonly timeout?: Duration;
  /**
   * Deeplink flow: how many files of each type the holder shares, 1 (default) to 5 (the most a test receiver
   * of the platform's gateway takes). The barcode flow always brings one.
   */
  readonly filesPerType?: number;
  /** Faults for every delivery, or a function choosing them per delivery. */
  readonly faults?: SandboxDeliveryFaults | ((info: SandboxDeliveryInfo) => SandboxDeliveryFaults);
}

/**
 * A copy the sandbox delivered: the plain PDF, to compare with what the partner opened.
 *
 * @example
 * ```ts
 * const [file]: readonly SandboxDeliveredFile[] = (await sandbox.delivered(requestId)).files;
 * expect(opened.sha256).toBe(file?.sha256);
 * ```
 */
export interface SandboxDeliveredFile {
  readonly documentType: DocumentType;
  readonly fileName: string;
  readonly pdf: Uint8Array;
  /** SHA-256 of `pdf`, lowercase hex. */
  readonly sha256: string;
}

/**
 * One POST of a delivery.
 *
 * @example
 * ```ts
 * const attempts: readonly SandboxDeliveryAttempt[] = (await sandbox.delivered(requestId)).attempts;
 * console.log(attempts.filter((a) => !a.success).length, 'failed attempts before success');
 * ```
 */
export interface SandboxDeliveryAttempt {
  /** Sandbox-clock time (ms). */
  readonly at: number;
  readonly status?: number;
  readonly success: boolean;
  readonly error?: string;
  /** The connection was cut on purpose (`failFirst`). */
  readonly cut: boolean;
  /** A duplicate sent after the partner had accepted it. */
  readonly duplicate: boolean;
}

/**
 * A delivery and what became of it. `state`: `scheduled` (waiting for its time), `sending`, `delivered`
 * (the partner answered `{ "success": true }`), `failed` (attempts exhausted, or no webhook), `dropped`.
 *
 * @example
 * ```ts
 * const record: SandboxDeliveryRecord = await sandbox.delivered(requestId);
 * console.log(record.state, record.attempts.length, record.files[0]?.sha256);
 * ```
 */
export interface SandboxDeliveryRecord {
  readonly requestId: string;
  readonly branchId: string;
  readonly flow: 'barcode' | 'deeplink';
  readonly documentTypes: readonly DocumentType[];
  readonly webhookUrl: string | undefined;
  readonly files: readonly SandboxDeliveredFile[];
  /**
   * The metadata JSON before sealing (the `encodeData` the partner should open); for Diia ID, the JSON
   * whose base64 is `encodeData` (signed items: names and signatures).
   */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** A Diia ID delivery: its `X-Diia-Id-Action`. */
  readonly action?: 'hashedFilesSigning' | 'auth';
  readonly state: 'scheduled' | 'sending' | 'delivered' | 'failed' | 'dropped';
  readonly attempts: readonly SandboxDeliveryAttempt[];
}

type MutableRecord = { -readonly [K in keyof SandboxDeliveryRecord]: SandboxDeliveryRecord[K] } & {
  attempts: SandboxDeliveryAttempt[];
};

/** What the courier needs from the rest of the sandbox. */
export interface CourierDeps {
  readonly ctx: SandboxContext;
  readonly scheduler: Scheduler;
  readonly options: SandboxDeliveryOptions;
  readonly webhookFor: (branchId: string) => string | undefined;
  readonly sealer: (untrusted: boolean) => Promise<Sealer>;
  /** How sealed parts are named, typed and tampered with; the jose profile's by default. */
  readonly format?: SealedFormat;
  readonly onDelivered: (share: PlatformShare) => void;
  readonly onSettled: (record: SandboxDeliveryRecord) => void;
}

/** What differs between the profiles' sealed parts, besides the sealer. */
export interface SealedFormat {
  /** The file names' ending: `.pdf.jws.jwe` (jose) or `.pdf.p7s.p7e` (dstu, as the real platform). */
  readonly suffix: string;
  /** The file parts' `Content-Type`. */
  readonly contentType: string;
  /** The `tamper` fault: one character of the ciphertext changed. */
  readonly tamper: (sealed: Uint8Array) => Uint8Array;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * `{type}-{barcode}-{dd.mm.yyyy}-{hh_mm_ss}{suffix}`, in UTC (docs/protocol.md §3.4); a second and later file
 * of one type gets `-{n}` before the suffix (how the platform tells them apart is unconfirmed).
 */
export function deliveryFileName(
  type: DocumentType,
  barcode: string,
  at: number,
  suffix = '.pdf.jws.jwe',
  index = 0,
): string {
  const d = new Date(at);
  const date = `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
  const time = `${two(d.getUTCHours())}_${two(d.getUTCMinutes())}_${two(d.getUTCSeconds())}`;
  return `${type}-${barcode}-${date}-${time}${index > 0 ? `-${index + 1}` : ''}${suffix}`;
}

/** Flips one base64url character in the middle of the ciphertext segment of a compact JWE. */
function tamper(sealed: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(sealed).split('.');
  const segment = text[3] ?? '';
  const i = Math.floor(segment.length / 2);
  text[3] = segment.slice(0, i) + (segment[i] === 'A' ? 'B' : 'A') + segment.slice(i + 1);
  return new TextEncoder().encode(text.join('.'));
}

/** The jose profile's parts: compact JWE text. */
export const JOSE_FORMAT: SealedFormat = { suffix: '.pdf.jws.jwe', contentType: 'application/jose', tamper };

const DELIVERY_KEYS = optionKeys<SandboxDeliveryOptions>({
  retry: true,
  timeout: true,
  filesPerType: true,
  faults: true,
});
const RETRY_KEYS = optionKeys<NonNullable<SandboxDeliveryOptions['retry']>>({
  attempts: true,
  initialDelay: true,
  factor: true,
  maxDelay: true,
});
const FAULT_KEYS = optionKeys<SandboxDeliveryFaults>({
  delay: true,
  duplicate: true,
  drop: true,
  failFirst: true,
  reorderParts: true,
  tamper: true,
  untrustedSigner: true,
  traceId: true,
  omitParts: true,
  extraParts: true,
});

/** Starts and tracks deliveries. */
export function createCourier(deps: CourierDeps) {
  const { ctx, scheduler, options } = deps;
  const format = deps.format ?? JOSE_FORMAT;
  const records: MutableRecord[] = [];
  refuseUnknownOptions(options, DELIVERY_KEYS, 'createSandbox delivery');
  refuseUnknownOptions(options.retry, RETRY_KEYS, 'createSandbox delivery.retry');
  if (typeof options.faults !== 'function')
    refuseUnknownOptions(options.faults, FAULT_KEYS, 'createSandbox delivery.faults');
  const retry = options.retry ?? {};
  const attempts = retry.attempts ?? 8;
  const initialDelay = parseDuration(retry.initialDelay ?? '1s');
  const factor = retry.factor ?? 2;
  const maxDelay = parseDuration(retry.maxDelay ?? '60s');
  const timeoutMs = parseDuration(options.timeout ?? '10s');
  const filesPerType = options.filesPerType ?? 1;
  if (!Number.isInteger(filesPerType) || filesPerType < 1 || filesPerType > 5) {
    throw new AcceptError('INVALID_ARGUMENT', { detail: 'delivery.filesPerType must be 1 to 5' });
  }

  async function build(share: PlatformShare, faults: SandboxDeliveryFaults) {
    const now = ctx.clock.now();
    const sealer = await deps.sealer(faults.untrustedSigner === true);
    const files: SandboxDeliveredFile[] = [];
    const sealedFiles: Uint8Array[] = [];
    const data: Record<string, unknown> = {};
    const count = share.flow === 'barcode' ? 1 : filesPerType;
    for (const type of share.documentTypes) {
      const entries: FictionalDocument[] = [];
      for (let i = 0; i < count; i++) {
        const doc = fictionalDocument(type, ctx.random);
        const pdf = syntheticPdf(copyLines(doc, share.barcode, share.requestId));
        const fileName = deliveryFileName(type, share.barcode, now, format.suffix, i);
        files.push({ documentType: type, fileName, pdf, sha256: sha256Hex(pdf) });
        sealedFiles.push(await sealer.seal(pdf, { fileName, signedAt: now }));
        entries.push(doc);
      }
      // The real metadata carries the document's fields only: no file name, no digest.
      data[type] = share.flow === 'barcode' ? entries[0] : entries;
    }
    // Barcode flow: no requestId (the trace id names the request); deeplink flow: no barcode.
    const metadata: Record<string, unknown> =
      share.flow === 'barcode'
        ? { barcode: share.barcode, documentTypes: [...share.documentTypes], data }
        : { requestId: share.requestId, documentTypes: [...share.documentTypes], data };
    let sealedMeta = await sealer.seal(new TextEncoder().encode(JSON.stringify(metadata)), { signedAt: now });
    if (faults.tamper === 'metadata') sealedMeta = format.tamper(sealedMeta);
    if (faults.tamper === 'file' && sealedFiles[0]) sealedFiles[0] = format.tamper(sealedFiles[0]);
    const ascii = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    const parts: FormPartInput[] =
      share.flow === 'barcode'
        ? [
            {
              name: 'encryptedFile',
              filename: files[0]!.fileName,
              contentType: format.contentType,
              value: sealedFiles[0]!,
            },
            { name: 'encryptedFileName', value: files[0]!.fileName },
            { name: 'encodeData', value: ascii(sealedMeta) },
          ]
        : [
            ...files.map((f, i) => ({
              name: f.documentType,
              filename: f.fileName,
              contentType: format.contentType,
              value: sealedFiles[i]!,
            })),
            { name: 'encodeData', value: ascii(sealedMeta) },
          ];
    return { files, metadata, form: toForm(parts, faults), headers: {} };
  }

  /** The parts with the part faults applied, encoded under a fresh seeded boundary. */
  function toForm(input: readonly FormPartInput[], faults: SandboxDeliveryFaults) {
    let parts = input.filter((p) => !faults.omitParts?.includes(p.name)).concat(faults.extraParts ?? []);
    if (faults.reorderParts) {
      parts = [...parts];
      for (let i = parts.length - 1; i > 0; i--) {
        const j = ctx.random.below(i + 1);
        [parts[i], parts[j]] = [parts[j]!, parts[i]!];
      }
    }
    let form: ReturnType<typeof encodeMultipart> | undefined;
    for (let tries = 0; !form; tries++) {
      try {
        form = encodeMultipart(parts, { boundary: `diia-sandbox-${ctx.random.hex(24)}` });
      } catch (error) {
        if (tries > 8) throw error;
      }
    }
    return form;
  }

  async function run(share: PlatformShare, faults: SandboxDeliveryFaults, prepare: Prepare): Promise<void> {
    const webhookUrl = deps.webhookFor(share.branchId);
    const { files, metadata, form, headers: extra, action } = await prepare(share, faults);
    const record: MutableRecord = {
      requestId: share.requestId,
      branchId: share.branchId,
      flow: share.flow,
      documentTypes: share.documentTypes,
      webhookUrl,
      files,
      metadata,
      ...(action ? { action } : {}),
      state: 'scheduled',
      attempts: [],
    };
    records.push(record);
    const finish = (state: 'delivered' | 'failed' | 'dropped') => {
      record.state = state;
      deps.onSettled(record);
    };
    if (faults.drop) return finish('dropped');
    if (!webhookUrl) return finish('failed');
    const headers = {
      'content-type': form.contentType,
      'x-document-request-trace-id': faults.traceId ?? share.requestId,
      ...extra,
    };
    const failFirst = faults.failFirst ?? 0;
    const attempt = async (n: number): Promise<void> => {
      record.state = 'sending';
      const cut = n < failFirst;
      const outcome = await postDelivery(webhookUrl, headers, form.body, { cut, timeoutMs });
      record.attempts.push({ at: ctx.clock.now(), ...outcome, cut, duplicate: false });
      if (outcome.success) {
        deps.onDelivered(share);
        for (let i = 0; i < (faults.duplicate ?? 0); i++) {
          const again = await postDelivery(webhookUrl, headers, form.body, { cut: false, timeoutMs });
          record.attempts.push({ at: ctx.clock.now(), ...again, cut: false, duplicate: true });
        }
        return finish('delivered');
      }
      if (n + 1 >= attempts) return finish('failed');
      record.state = 'scheduled';
      scheduler.after(Math.min(initialDelay * factor ** n, maxDelay), () => attempt(n + 1));
    };
    scheduler.after(parseDuration(faults.delay ?? 0), () => attempt(0));
  }

  /** Starts the delivery of an approved share, its body made by `prepare`. */
  function start(share: PlatformShare, prepare: Prepare): void {
    const action = share.diiaId?.action;
    const info: SandboxDeliveryInfo = {
      requestId: share.requestId,
      branchId: share.branchId,
      flow: share.flow,
      documentTypes: share.documentTypes,
      ...(action ? { action } : {}),
    };
    const faults = typeof options.faults === 'function' ? options.faults(info) : (options.faults ?? {});
    scheduler.after(0, () =>
      run(share, faults, prepare).catch(() => {
        // Sealing failed (a broken partner key, say): the waiters learn it as a failed delivery.
        const failed: MutableRecord = {
          ...info,
          webhookUrl: deps.webhookFor(share.branchId),
          files: [],
          metadata: {},
          state: 'failed',
          attempts: [],
        };
        records.push(failed);
        deps.onSettled(failed);
      }),
    );
  }

  return {
    records: records as readonly SandboxDeliveryRecord[],
    /** Starts the delivery of an approved share. */
    start(share: PlatformShare): void {
      start(share, build);
    },
    /**
     * Starts a Diia ID delivery: `parts` (the `encodeData` part) made by the Diia ID app, sent with the
     * action header, under the same retries, faults and records as documents.
     */
    startDiiaId(share: PlatformShare, prepare: () => Promise<DiiaIdBody>): void {
      start(share, async (_, faults) => {
        const body = await prepare();
        const form = toForm(body.parts, faults);
        return {
          files: [],
          metadata: body.metadata,
          form: {
            ...form,
            contentType:
              body.multipart === 'mixed'
                ? form.contentType.replace('multipart/form-data', 'multipart/mixed')
                : form.contentType,
          },
          headers: { 'x-diia-id-action': body.action },
          action: body.action,
        };
      });
    },
  };
}

/** What a Diia ID delivery carries, before the part faults. */
export interface DiiaIdBody {
  readonly action: 'hashedFilesSigning' | 'auth';
  readonly parts: readonly FormPartInput[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly multipart: 'mixed' | 'form-data';
}

interface Prepared {
  readonly files: SandboxDeliveredFile[];
  readonly metadata: Record<string, unknown> | Readonly<Record<string, unknown>>;
  readonly form: { readonly body: Uint8Array; readonly contentType: string };
  readonly headers: Readonly<Record<string, string>>;
  readonly action?: 'hashedFilesSigning' | 'auth';
}

type Prepare = (share: PlatformShare, faults: SandboxDeliveryFaults) => Promise<Prepared>;
