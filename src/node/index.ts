/**
 * `diia-accept/node`: Node adapters. {@link toNodeListener} runs the share webhook (or any
 * `(Request) => Promise<Response>` handler) on `node:http`.
 *
 * @module
 */
export { type NodeListenerOptions, toNodeListener } from './listener.js';
