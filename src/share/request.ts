/**
 * Starting a share: `share.request()` by the barcode on the holder's document and `share.offer()` by a
 * deeplink the holder opens. Each records the session in the store *before* asking the platform, so a
 * delivery that overtakes the platform's answer still finds its session.
 *
 * @module
 */
import { type Clock, type Duration, parseDuration, systemClock } from '../clock.js';
import { type DocumentType, isDocumentType } from '../documents.js';
import { AcceptError, isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { assertEan13 } from '../scanner/ean13.js';
import type { PlatformTransport } from '../transport/port.js';
import { openShareSession, type ShareSession, type Sleep } from './consent-session.js';
import { transitionOf } from './state.js';
import type { ShareRecord, ShareStore } from './store.js';

/**
 * Options of {@link createShare}.
 *
 * @example
 * ```ts
 * const options: ShareOptions = { transport, store: memoryShareStore(), timeout: '180s', pollInterval: '5s' };
 * ```
 */
export interface ShareOptions {
  readonly transport: PlatformTransport;
  readonly store: ShareStore;
  readonly clock?: Clock;
  /** How long the holder has to answer. Default `'180s'`, the lifetime of the barcode. */
  readonly timeout?: Duration;
  /** How often a waiting session asks the platform for the status. Default `'5s'`. */
  readonly pollInterval?: Duration;
  /** Makes request ids. Default `crypto.randomUUID()`. */
  readonly randomId?: () => string;
  /** Replaces timers (tests). */
  readonly sleep?: Sleep;
}

/** Common fields of both ways to ask. */
interface AskBase {
  readonly branchId: string;
  /**
   * The document types expected, optional: the platform decides what comes (by barcode, the document the
   * holder showed; by deeplink, the offer's scopes). When given, a delivery that does not answer them is
   * refused (`WEBHOOK_DOCUMENT_TYPES_MISMATCH`): by barcode, the one document must answer one of them; by
   * deeplink, every one must be answered and nothing else come. `passport` is answered by
   * `internal-passport` or `foreign-passport`.
   */
  readonly documentTypes?: readonly DocumentType[];
  /** Overrides the default timeout. */
  readonly timeout?: Duration;
  readonly useDiiaId?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * `share.request()`: ask by the 13-digit barcode on the back of the holder's document.
 *
 * @example
 * ```ts
 * const ask: BarcodeShareRequest = { branchId, barcode: '2858364170864' };
 * const session = await share.request(ask);
 * ```
 */
export interface BarcodeShareRequest extends AskBase {
  readonly barcode: string;
}

/**
 * `share.offer()`: ask through a deeplink made for one of the branch's offers.
 *
 * @example
 * ```ts
 * const ask: OfferShareRequest = { branchId, offerId, documentTypes: ['passport', 'taxpayer-card'] };
 * const any: OfferShareRequest = { branchId, offerId }; // whatever the offer's scopes bring
 * const session = await share.offer(ask);
 * ```
 */
export interface OfferShareRequest extends AskBase {
  readonly offerId: string;
  /** Where the app returns the holder afterwards (mobile). */
  readonly returnLink?: string;
}

/**
 * The share flow's entry point.
 *
 * @example
 * ```ts
 * import { createShare, memoryShareStore } from 'diia-accept/share';
 * const share = createShare({ transport, store: memoryShareStore() });
 * const session = await share.request({ branchId, barcode: '4820000000008' });
 * const { copies, receipt } = await session.result();
 * ```
 */
export interface Share {
  /**
   * Asks the platform for a copy by barcode. Rejects with `SCAN_BARCODE_MALFORMED` / `SCAN_CHECK_DIGIT` for a
   * bad barcode and with the platform's code (`PLATFORM_CODE_USED`, …) when the platform refuses.
   */
  request(request: BarcodeShareRequest): Promise<ShareSession>;
  /** Makes a deeplink for an offer; show `session.deeplink` as a QR code or a link. */
  offer(request: OfferShareRequest): Promise<ShareSession>;
  /** Reattaches to a stored session by its request id; `SHARE_SESSION_UNKNOWN` if there is none. */
  session(requestId: string): Promise<ShareSession>;
  /** The store sessions live in. */
  readonly store: ShareStore;
}

/**
 * Creates the share flow over a transport and a store.
 *
 * @example
 * ```ts
 * import { createShare, memoryShareStore } from 'diia-accept/share';
 * import { diiaTransport } from 'diia-accept/transport';
 * const share = createShare({ transport: diiaTransport({ acquirerToken }), store: memoryShareStore() });
 * const session = await share.offer({ branchId, offerId });
 * showQr(session.deeplink);
 * ```
 */
export function createShare(options: ShareOptions): Share {
  refuseUnknownOptions(
    options,
    optionKeys<ShareOptions>({
      transport: true,
      store: true,
      clock: true,
      timeout: true,
      pollInterval: true,
      randomId: true,
      sleep: true,
    }),
    'createShare',
  );
  const { transport, store } = options;
  const clock = options.clock ?? systemClock;
  const defaultTimeout = parseDuration(options.timeout ?? '180s');
  const pollInterval = parseDuration(options.pollInterval ?? '5s');
  const randomId = options.randomId ?? (() => crypto.randomUUID());
  const deps = {
    store,
    transport,
    clock,
    pollInterval,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };

  const begin = async (ask: AskBase, fields: Pick<ShareRecord, 'flow' | 'barcode' | 'offerId'>) => {
    if (typeof ask.branchId !== 'string' || ask.branchId.length === 0) {
      throw new AcceptError('INVALID_ARGUMENT', { detail: 'branchId is required' });
    }
    const types = ask.documentTypes ?? [];
    if (!Array.isArray(types) || !types.every(isDocumentType)) {
      throw new AcceptError('INVALID_ARGUMENT', { detail: 'documentTypes must be known document types' });
    }
    if (new Set(types).size !== types.length) {
      throw new AcceptError('INVALID_ARGUMENT', { detail: 'documentTypes has duplicates' });
    }
    const now = clock.now();
    const record: ShareRecord = {
      id: randomId(),
      branchId: ask.branchId,
      documentTypes: [...types],
      state: 'requested',
      createdAt: now,
      expiresAt: now + (ask.timeout === undefined ? defaultTimeout : parseDuration(ask.timeout)),
      updatedAt: now,
      ...fields,
    };
    await store.create(record);
    return record;
  };

  // Also on an unknown outcome (PLATFORM_TIMEOUT): the caller is told the request failed, so a copy that
  // arrives for it later must be refused as late rather than kept without anyone waiting for it.
  const fail = async (record: ShareRecord, error: unknown): Promise<never> => {
    const reason = isAcceptError(error) ? error.code : 'SHARE_FAILED';
    const { from, to } = transitionOf('failed');
    await store.transition(record.id, from, to, { failure: reason }).catch(() => undefined);
    throw error;
  };

  return {
    store,
    async request(ask) {
      assertEan13(ask.barcode);
      const record = await begin(ask, { flow: 'barcode', barcode: ask.barcode });
      try {
        await transport.requestDocument(
          {
            branchId: ask.branchId,
            barcode: ask.barcode,
            requestId: record.id,
            ...(ask.useDiiaId !== undefined ? { useDiiaId: ask.useDiiaId } : {}),
          },
          ask.signal ? { signal: ask.signal } : {},
        );
      } catch (error) {
        return fail(record, error);
      }
      const { from, to } = transitionOf('accepted');
      const accepted = await store.transition(record.id, from, to);
      return openShareSession(accepted ?? record, deps);
    },
    async offer(ask) {
      if (typeof ask.offerId !== 'string' || ask.offerId.length === 0) {
        throw new AcceptError('INVALID_ARGUMENT', { detail: 'offerId is required' });
      }
      const record = await begin(ask, { flow: 'offer', offerId: ask.offerId });
      let deeplink: string;
      try {
        ({ deeplink } = await transport.createOfferRequest(
          {
            branchId: ask.branchId,
            offerId: ask.offerId,
            requestId: record.id,
            ...(ask.returnLink !== undefined ? { returnLink: ask.returnLink } : {}),
            ...(ask.useDiiaId !== undefined ? { useDiiaId: ask.useDiiaId } : {}),
          },
          ask.signal ? { signal: ask.signal } : {},
        ));
      } catch (error) {
        return fail(record, error);
      }
      const otp = otpOfDeeplink(deeplink);
      const patch = otp ? { deeplink, otp } : { deeplink };
      const { from, to } = transitionOf('accepted');
      const accepted = await store.transition(record.id, from, to, patch);
      return openShareSession(accepted ?? { ...record, ...patch }, deps);
    },
    async session(requestId) {
      const record = await store.get(requestId);
      if (!record) throw new AcceptError('SHARE_SESSION_UNKNOWN');
      return openShareSession(record, deps);
    },
  };
}

/** The deeplink's last path segment is its one-time code (`…/offer-request/dynamic/{otp}`). */
function otpOfDeeplink(deeplink: string): string | undefined {
  try {
    const segments = new URL(deeplink).pathname.split('/').filter(Boolean);
    return segments.at(-1);
  } catch {
    return undefined;
  }
}
