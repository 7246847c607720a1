/**
 * `diia-accept/transport`: the platform's partner API over HTTP (`fetch`), for Node, browsers and edge
 * runtimes. {@link PlatformTransport} is the port the desk's flows use, made by {@link diiaTransport};
 * {@link PlatformAdmin} sets up branches and offers, made by {@link diiaAdmin}.
 *
 * @module diia-accept/transport
 */
export { diiaAdmin } from './admin.js';
export { diiaTransport } from './diia.js';
export type { DiiaTransportOptions } from './options.js';
export { type ErrorBodyHints, PlatformHttpError } from './platform-errors.js';
export type {
  Branch,
  BranchInput,
  BranchScopes,
  CallOptions,
  DiiaIdScope,
  DocumentRequest,
  HashedFile,
  IdentificationCode,
  IdentifyRequest,
  IdentifyResponse,
  Offer,
  OfferInput,
  OfferRequest,
  OfferRequestData,
  OfferRequestResponse,
  Page,
  PlatformAdmin,
  PlatformShareStatus,
  PlatformTransport,
  StatusResponse,
} from './port.js';
export { normaliseShareStatus } from './status.js';
