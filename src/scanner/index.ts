/**
 * `diia-accept/scanner`: what the desk's devices produce, turned into typed scans. Pure and
 * runtime-agnostic; the device adapters live in `diia-accept/scanner/browser` and `diia-accept/scanner/node`.
 *
 * @module
 */
export { assertEan13, ean13CheckDigit, isValidEan13, withEan13CheckDigit } from './ean13.js';
