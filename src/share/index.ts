/**
 * `diia-accept/share`: consent-based copies. Ask for a copy by barcode or deeplink ({@link createShare}),
 * receive the platform's delivery on a webhook ({@link createWebhookHandler}), keep sessions, copies and
 * receipts in a {@link ShareStore}. Pure and runtime-agnostic: the webhook is `(Request) => Promise<Response>`.
 *
 * @module diia-accept/share
 */

export type { ShareResult, ShareSession, ShareStateChange, Sleep } from './consent-session.js';
export { DEFAULT_MULTIPART_LIMITS, type MultipartLimits } from './multipart.js';
export { type ConsentReceipt, type DeliveryCheck, type ReceiptCopy, receiptToJson } from './receipt.js';
export {
  type BarcodeShareRequest,
  createShare,
  type OfferShareRequest,
  type Share,
  type ShareOptions,
} from './request.js';
export { isFinalState, type ShareState } from './state.js';
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
} from './webhook.js';
