/**
 * `diia-accept`: accept the digital documents citizens show in the Diia app. {@link createAcceptor} wires
 * the three flows at the desk (validity check, identity confirmation, digital copy) for one branch.
 *
 * @module diia-accept
 */
export type { Acceptor, AcceptorDiiaIdOptions, AcceptorOptions, ScanInput } from './acceptor.js';
export { createAcceptor } from './acceptor.js';
export type { Clock, Duration, DurationUnit, ManualClock } from './clock.js';
export { manualClock, parseDuration, systemClock } from './clock.js';
export type { DocumentType } from './documents.js';
export {
  DOCUMENT_TYPES,
  isDeliverableType,
  isDocumentType,
  REQUEST_ONLY_DOCUMENT_TYPES,
  satisfiesDocumentType,
  UNCONFIRMED_DOCUMENT_TYPES,
} from './documents.js';
export type { AcceptErrorCode, AcceptErrorOptions, Language, LocalisedMessage } from './errors.js';
export { AcceptError, describeError, ERROR_MESSAGES, isAcceptError, isAcceptErrorCode } from './errors.js';
// The ports the acceptor takes: the interfaces a partner implements to plug in its own platform client,
// stores, trust or sealing profile. Types only; their implementations, and the types of their arguments,
// live in their subpaths (`diia-accept/transport` lists the platform's request and answer types).
export type { OpenCheck, OpenContext, OpenedFile, Opener, Sealer, Signer } from './profiles/port.js';
export type { ShareRecord, ShareStore } from './share/store.js';
export type { PlatformTransport } from './transport/port.js';
export type { ReplayGuard } from './verify/replay.js';
export type { TrustFailure, TrustLookup, TrustStore } from './verify/trust.js';
