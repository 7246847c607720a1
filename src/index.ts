/**
 * `diia-accept`: accept the digital documents citizens show in the Diia app. {@link createAcceptor} wires
 * the three flows at the desk (validity check, identity confirmation, digital copy) for one branch.
 *
 * @module
 */
export type { Acceptor, AcceptorOptions, ScanInput } from './acceptor.js';
export { createAcceptor } from './acceptor.js';
export type { Clock, Duration, DurationUnit, ManualClock } from './clock.js';
export { manualClock, parseDuration, systemClock } from './clock.js';
export type { DocumentType } from './documents.js';
export { DOCUMENT_TYPES, isDocumentType } from './documents.js';
export type { AcceptErrorCode, AcceptErrorOptions, Language, LocalisedMessage } from './errors.js';
export { AcceptError, describeError, ERROR_MESSAGES, isAcceptError, isAcceptErrorCode } from './errors.js';
