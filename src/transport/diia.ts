/**
 * `diiaTransport()`: the {@link PlatformTransport} (the desk's flow calls) over the platform's partner API
 * (docs/protocol.md §1).
 *
 * @module
 */
import { createPlatformClient } from './client.js';
import type { AuthorisedCall } from './http.js';
import type { DiiaTransportOptions } from './options.js';
import type {
  CallOptions,
  DocumentRequest,
  IdentifyRequest,
  OfferRequest,
  PlatformTransport,
} from './port.js';
import { invalid, offerRequestBody, segment, text, uuid } from './requests.js';
import { DeeplinkAnswer, refusedUnlessSuccess, StatusAnswer, SuccessAnswer } from './schemas.js';
import { normaliseShareStatus } from './status.js';

/**
 * Creates the HTTP client of the platform's partner API for the desk's flows: identification, document
 * requests, deeplinks and their status. Branches and offers are set up with `diiaAdmin`.
 *
 * - **Session**: logs in with the acquirer token on first use (`GET /api/v1/auth/acquirer/{token}`, with
 *   `Authorization: Basic <acquirerToken>`, or `Basic <authAcquirerToken>` when that is set, or none when it
 *   is `false`), caches the session token, renews it
 *   `renewBefore` ahead of its two-hour end, and logs in again once when a call gets `401`. However many
 *   calls wait, one login is in flight.
 * - **Retries**: only calls that are safe to repeat are repeated, after a network failure, a timeout, `429`
 *   (waiting `Retry-After`) or `500/502/503/504`: the login and the status `GET`s. Identification,
 *   document requests and deeplinks are sent once: a repeat could use up the
 *   holder's single-use code, and whether the platform de-duplicates by `requestId` is unconfirmed.
 * - **Errors**: every failure is an `AcceptError` with a `PLATFORM_*` code (or `ABORTED`,
 *   `INVALID_ARGUMENT`), the platform's answer kept as the `cause`; no token, barcode or URL in a message.
 *
 * @example
 * ```ts
 * import { diiaTransport } from 'diia-accept/transport';
 * const transport = diiaTransport({
 *   baseUrl: 'https://api2s.diia.gov.ua',
 *   acquirerToken: process.env.DIIA_ACQUIRER_TOKEN!,
 * });
 * const { success } = await transport.identify({
 *   branchId: 'b1',
 *   code: { kind: 'barcode', barcode: '2858364170864' },
 * });
 * ```
 */
export function diiaTransport(options: DiiaTransportOptions): PlatformTransport {
  return flowsOver(createPlatformClient(options, 'diiaTransport'));
}

/** The flow calls over an authorised call (the CLI shares one call between these and the admin client). */
export function flowsOver(call: AuthorisedCall): PlatformTransport {
  return {
    async identify(request: IdentifyRequest, callOptions?: CallOptions) {
      const { branchId, code } = request ?? ({} as IdentifyRequest);
      const body =
        code?.kind === 'barcode'
          ? { branchId: text(branchId, 'branchId'), barcode: text(code.barcode, 'barcode') }
          : code?.kind === 'document-link'
            ? { branchId: text(branchId, 'branchId'), qrcode: text(code.otp, 'otp') }
            : invalid('code.kind must be barcode or document-link');
      return call(
        {
          name: 'identify',
          method: 'POST',
          path: '/api/v1/acquirers/document-identification',
          body,
          schema: SuccessAnswer,
          safe: false,
          codeCall: true,
        },
        callOptions,
      );
    },

    async requestDocument(request: DocumentRequest, callOptions?: CallOptions) {
      const { branchId, barcode, qrcode, requestId, useDiiaId } = request ?? ({} as DocumentRequest);
      if ((barcode === undefined) === (qrcode === undefined))
        invalid('give exactly one of barcode and qrcode');
      const body = {
        branchId: text(branchId, 'branchId'),
        ...(barcode === undefined
          ? { qrcode: text(qrcode, 'qrcode') }
          : { barcode: text(barcode, 'barcode') }),
        requestId: uuid(requestId),
        ...(useDiiaId === undefined ? {} : { useDiiaId: Boolean(useDiiaId) }),
      };
      const answer = await call(
        {
          name: 'requestDocument',
          method: 'POST',
          path: '/api/v1/acquirers/document-request',
          body,
          schema: SuccessAnswer,
          safe: false,
          codeCall: true,
        },
        callOptions,
      );
      refusedUnlessSuccess(answer, 'requestDocument');
    },

    async createOfferRequest(request: OfferRequest, callOptions?: CallOptions) {
      const body = offerRequestBody(request);
      const branchId = request.branchId;
      const answer = await call(
        {
          name: 'createOfferRequest',
          method: 'POST',
          path: `/api/v2/acquirers/branch/${segment(branchId, 'branchId')}/offer-request/dynamic`,
          body,
          schema: DeeplinkAnswer,
          safe: false,
        },
        callOptions,
      );
      return { deeplink: answer.deeplink };
    },

    async documentRequestStatus(query, callOptions) {
      const answer = await call(
        {
          name: 'documentRequestStatus',
          method: 'GET',
          path: '/api/v1/acquirers/document-request/status',
          query: { barcode: text(query?.barcode, 'barcode'), requestId: uuid(query?.requestId) },
          schema: StatusAnswer,
          safe: true,
        },
        callOptions,
      );
      return normaliseShareStatus(answer.status);
    },

    async offerRequestStatus(query, callOptions) {
      const answer = await call(
        {
          name: 'offerRequestStatus',
          method: 'GET',
          path: '/api/v1/acquirers/offer-request/status',
          query: { otp: text(query?.otp, 'otp'), requestId: uuid(query?.requestId) },
          schema: StatusAnswer,
          safe: true,
        },
        callOptions,
      );
      return normaliseShareStatus(answer.status);
    },
  };
}
