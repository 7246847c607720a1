/**
 * `diia-accept/sandbox`: a local platform for tests, demos and integrators. It speaks the platform's partner
 * API over real HTTP on loopback, plays the holder's app, seals deliveries with the jose profile (or the real
 * platform's dstu profile, with `profile: 'dstu'`) and POSTs them to the partner's webhook, with faults on
 * demand. Node only (`node:http`).
 *
 * @module diia-accept/sandbox
 */
export type { ApiCall, ApiFault } from './context.js';
export type {
  SandboxDeliveredFile,
  SandboxDeliveryAttempt,
  SandboxDeliveryFaults,
  SandboxDeliveryInfo,
  SandboxDeliveryOptions,
  SandboxDeliveryRecord,
  SandboxFormPart,
} from './courier.js';
export type {
  SandboxDiiaId,
  SandboxDiiaIdAnswer,
  SandboxDiiaIdFault,
  SandboxDiiaIdOptions,
} from './diia-id.js';
export type { SandboxDstuOptions } from './dstu.js';
export type { ConsentAnswer, ConsentPolicy, ConsentRequest, SandboxHolder, ShownDocument } from './holder.js';
export { createSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export type { SandboxShareStatus } from './state.js';
