/**
 * The sealing ports. A profile seals a delivered file (encrypt to the partner, sign by the platform) and
 * opens it again. The webhook opens deliveries only through {@link Opener}, so the `jose` profile and the
 * `dstu` profile plug in the same way.
 *
 * @module
 */

/** Who signed an opened file, as far as the profile can tell. No field is ever personal data of a holder. */
export interface Signer {
  /** The key id (`kid`) for the jose profile; the certificate's subject key identifier (hex) for dstu. */
  readonly keyId?: string;
  /** The signer's distinguished name (dstu) or the issuer name (jose). */
  readonly subject?: string;
  /** The certificate's serial number, hex (dstu). */
  readonly serialNumber?: string;
  /** The issuing authority's name (dstu). */
  readonly issuer?: string;
  /** EDRPOU (registry code of an organisation) where the certificate carries it (dstu). */
  readonly edrpou?: string;
  /** DRFO (taxpayer number of a person) where the certificate carries it (dstu). */
  readonly drfo?: string;
}

/** A check an opener performed and passed, in the order performed. */
export type OpenCheck =
  | 'decrypted'
  | 'signature-valid'
  | 'signer-trusted'
  | 'certificate-chain-valid'
  | 'certificate-valid-now'
  | 'certificate-valid-at-signing-time'
  | 'digest-matches';

/** An opened and verified file. */
export interface OpenedFile {
  /** The plaintext: the copy (a PDF) or the metadata (JSON). */
  readonly content: Uint8Array;
  /** Who signed it. */
  readonly signer: Signer;
  /** The signing time (ms since the epoch) where the signature carries one. */
  readonly signedAt?: number;
  /** The checks that passed. */
  readonly checks: readonly OpenCheck[];
  /** SHA-256 of `content`, lowercase hex. */
  readonly sha256: string;
}

/** Context of one file being opened. */
export interface OpenContext {
  /** The multipart part's file name, if any (it is checked, never trusted). */
  readonly fileName?: string;
  readonly signal?: AbortSignal;
}

/**
 * Opens one sealed file: decrypts it with the partner's key, verifies the signature against the trust
 * store, and returns the plaintext. Throws {@link AcceptError} (`ENVELOPE_*`, `SIGNATURE_*`,
 * `CERTIFICATE_*`) and nothing else.
 */
export interface Opener {
  /** The profile's name, such as `'jose'` or `'dstu'`. */
  readonly profile: string;
  /** `sealed` is the part's body as received (for both profiles: ASCII text). */
  open(sealed: Uint8Array, context?: OpenContext): Promise<OpenedFile>;
}

/** Seals one file for a recipient: the other half of {@link Opener}, used by the sandbox and tests. */
export interface Sealer {
  /** The profile's name, such as `'jose'` or `'dstu'`. */
  readonly profile: string;
  /** Returns the bytes to put into the multipart part. */
  seal(
    content: Uint8Array,
    context?: { readonly fileName?: string; readonly signedAt?: number },
  ): Promise<Uint8Array>;
}
