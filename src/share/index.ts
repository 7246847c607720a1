/**
 * `diia-accept/share`: consent-based copies. Ask for a copy by barcode or deeplink ({@link createShare}),
 * receive the platform's delivery on a webhook ({@link createWebhookHandler}), keep sessions, copies and
 * receipts in a {@link ShareStore}. Pure and runtime-agnostic: the webhook is `(Request) => Promise<Response>`.
 *
 * @module diia-accept/share
 */
export {
  checkCopyDigests,
  checkFileNames,
  checkMetadata,
  type DeliveryMetadata,
  type DeliveryParts,
  deliveryChecks,
  requireVerified,
  type SealedCopy,
  type SealedFile,
  safeFileName,
  sortDeliveryParts,
  typedCopies,
} from './delivery.js';
export {
  boundaryOf,
  DEFAULT_MULTIPART_LIMITS,
  type FormPart,
  type MultipartLimits,
  type PartCapOf,
  parseMultipart,
} from './multipart.js';
export { type EncodedForm, encodeMultipart, type FormPartInput } from './multipart-encoder.js';
export {
  type ConsentReceipt,
  createReceipt,
  type DeliveryCheck,
  type ReceiptCopy,
  type ReceiptInput,
  receiptToJson,
  sha256Hex,
} from './receipt.js';
export {
  type BarcodeShareRequest,
  createShare,
  type OfferShareRequest,
  type Share,
  type ShareOptions,
} from './request.js';
export {
  openShareSession,
  type ShareResult,
  type ShareSession,
  type ShareSessionDeps,
  type ShareStateChange,
  type Sleep,
} from './session.js';
export {
  errorOfState,
  isFinalState,
  nextState,
  PENDING_STATES,
  type ShareEvent,
  type ShareState,
  sourcesOf,
} from './state.js';
export {
  type DeliveredCopy,
  type Delivery,
  type MemoryShareStoreOptions,
  memoryShareStore,
  type PutDeliveryResult,
  type ShareRecord,
  type ShareStore,
  sameCopies,
  type TransitionPatch,
} from './store.js';
export {
  createWebhookHandler,
  DEFAULT_PART_LIMITS,
  type DeliveryPartLimits,
  TRACE_ID_HEADER,
  type WebhookLogEntry,
  type WebhookOptions,
  webhookStatusOf,
} from './webhook.js';
