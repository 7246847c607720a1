/**
 * `diia-accept/profiles/dstu`: the real platform's sealing, in pure TypeScript. Each delivered file is base64
 * CMS EnvelopedData (DSTU 4145 cofactor Diffie–Hellman, GOST 28147 key wrap and CFB) around CMS SignedData
 * (DSTU 4145-2002 over GOST 34.311-95), keys in PKCS#12 containers with GOST password-based encryption.
 * {@link dstuOpener} opens and verifies such files for the partner's webhook; {@link dstuSealer} writes them
 * for the sandbox and tests.
 *
 * @module diia-accept/profiles/dstu
 */
export { type DstuKeySource, type DstuKeys, loadDstuKeys } from './keys.js';
export { type DstuOpenerOptions, type DstuTrust, type DstuValidity, dstuOpener } from './open.js';
export { type DstuSealerOptions, dstuSealer } from './sealer.js';
