/**
 * `diia-accept/transport`: the platform's partner API. {@link PlatformTransport} is the port the SDK's flows
 * use; {@link diiaTransport} implements it over HTTP (`fetch`), for Node, browsers and edge runtimes.
 *
 * @module diia-accept/transport
 */
export { diiaTransport } from './diia.js';
export type { DiiaTransportOptions } from './options.js';
export { type ErrorBodyHints, PlatformHttpError } from './platform-errors.js';
export type {
  Branch,
  BranchInput,
  BranchScopes,
  CallOptions,
  DocumentRequest,
  IdentificationCode,
  IdentifyRequest,
  IdentifyResponse,
  Offer,
  OfferInput,
  OfferRequest,
  OfferRequestResponse,
  Page,
  PlatformShareStatus,
  PlatformTransport,
  StatusResponse,
} from './port.js';
export { normaliseShareStatus } from './status.js';
