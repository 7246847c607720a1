/**
 * The signing side of the sandbox's Diia ID app: a detached CAdES signature whose `messageDigest` is the
 * digest the partner sent (a `fileHash`, or a login's hashed request id), DSTU 4145 over GOST 34.311 or
 * ECDSA P-256 over SHA-256 (SHA-384 for a 48-byte digest), CAdES-BES or CAdES-T, and the faults. Loaded
 * only by a sandbox with Diia ID on, so `diia-accept/sandbox` stays light.
 *
 * What the real app's signature holds is unconfirmed (no real Diia ID signature is published): this follows
 * the Ukrainian CAdES profile as UAPKI defines the levels (BES: contentType, messageDigest, signingTime,
 * signingCertificateV2; T: plus a content timestamp signed and a signature timestamp unsigned), detached,
 * with the signer's certificate carried and no chain.
 *
 * @module
 */
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { bytesToBigint } from '../bytes.js';
import {
  attribute,
  TST_INFO_CONTENT_TYPE,
  writeCadesSignature,
  writeTimestampToken,
  writeTstInfo,
} from '../profiles/dstu/lib/cades-write.js';
import { gost34311 } from '../profiles/dstu/lib/gost34311.js';
import { webRandom } from '../profiles/dstu/lib/seal.js';
import { GOST34311 } from '../profiles/dstu/lib/signed.js';
import { type IssuedTestCertificate, signCadesBes } from './citizen-ca.js';
import type { DiiaIdBody } from './courier.js';
import type { SandboxDiiaIdFault } from './diia-id.js';
import { type DiiaIdCast, diiaIdCast } from './diia-id-ca.js';
import type { PlatformShare } from './state.js';

/** How the app signs one digest. */
export interface SignSpec {
  readonly signAlgo: 'DSTU' | 'ECDSA';
  /** The digest the partner sent (decoded). */
  readonly digest: Uint8Array;
  /** Signing time, ms. */
  readonly at: number;
  readonly timestamp: boolean;
  /** Which certificate signs: the citizen's, the expired one, or the one of the CA nobody trusts. */
  readonly signer: 'citizen' | 'expired' | 'untrusted';
}

const ATTR = {
  signatureTimestamp: '1.2.840.113549.1.9.16.2.14',
  contentTimestamp: '1.2.840.113549.1.9.16.2.20',
} as const;
const SHA = { 'SHA-256': '2.16.840.1.101.3.4.2.1', 'SHA-384': '2.16.840.1.101.3.4.2.2' } as const;

/** Standard base64 with padding (the sandbox runs on Node). */
const encodeBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** A TSTInfo serial: random, positive, 64 bits. */
function tstSerial(): bigint {
  const bytes = webRandom(8);
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytesToBigint(bytes) + 1n;
}

/** The app's signer for one sandbox: its cast, and `sign`. */
export interface DiiaIdSigner {
  readonly cast: DiiaIdCast;
  sign(spec: SignSpec): Promise<Uint8Array>;
}

/**
 * Builds (or takes from the cache) the seed's cast and returns the signer.
 *
 * @example
 * ```ts
 * const signer = await diiaIdSigner('demo', Date.now());
 * const p7s = await signer.sign({ signAlgo: 'DSTU', digest, at: Date.now(), timestamp: false, signer: 'citizen' });
 * ```
 */
export async function diiaIdSigner(seed: string, now: number): Promise<DiiaIdSigner> {
  const cast = await diiaIdCast(seed, now);
  return {
    cast,
    sign: (spec) =>
      spec.signAlgo === 'ECDSA' ? signEcdsa(cast, spec) : Promise.resolve(signDstu(cast, spec)),
  };
}

function signDstu(cast: DiiaIdCast, spec: SignSpec): Uint8Array {
  const signer = cast.dstu[spec.signer];
  const { tsa } = cast.dstu;
  // The TSA's token over `imprint` (GOST 34.311, as the Ukrainian TSP answers a DSTU signer).
  const token = (imprint: Uint8Array) =>
    writeTimestampToken(
      tsa,
      { imprintAlgorithm: GOST34311, imprint, genTime: spec.at, serial: tstSerial() },
      webRandom,
    );
  return writeCadesSignature(
    signer,
    {
      digest: spec.digest,
      signingTime: spec.at,
      ...(spec.timestamp
        ? {
            signedAttributes: [attribute(ATTR.contentTimestamp, token(spec.digest))],
            unsignedAttributes: (value: Uint8Array) => [
              attribute(ATTR.signatureTimestamp, token(gost34311(value))),
            ],
          }
        : {}),
    },
    webRandom,
  );
}

async function signEcdsa(cast: DiiaIdCast, spec: SignSpec): Promise<Uint8Array> {
  const signer = cast.ecdsa[spec.signer];
  const hash = spec.digest.length === 48 ? 'SHA-384' : 'SHA-256';
  const token = (imprint: Uint8Array): Promise<Uint8Array> =>
    ecdsaTimestampToken(cast.ecdsa.tsa, imprint, spec.at);
  const digestOf = (data: Uint8Array) => (hash === 'SHA-384' ? sha384(data) : sha256(data));
  return signCadesBes({
    signer,
    digest: spec.digest,
    hash,
    signingTime: spec.at,
    ...(spec.timestamp
      ? {
          signedAttributes: [attribute(ATTR.contentTimestamp, await token(spec.digest))],
          unsignedAttributes: async (value: Uint8Array) => [
            attribute(ATTR.signatureTimestamp, await token(digestOf(value))),
          ],
        }
      : {}),
  });
}

/**
 * An RFC 3161 token signed with the ECDSA TSA key: the same TSTInfo as the DSTU writer's, wrapped by the
 * ECDSA SignedData writer (the Diia ECDSA TSAs are P-256 with SHA-256).
 */
function ecdsaTimestampToken(
  tsa: IssuedTestCertificate,
  imprint: Uint8Array,
  at: number,
): Promise<Uint8Array> {
  const hash = imprint.length === 48 ? 'SHA-384' : 'SHA-256';
  const tstInfo = writeTstInfo({
    imprintAlgorithm: SHA[hash],
    imprint,
    genTime: at,
    serial: tstSerial(),
    // The policy OID of the test TSA: any OID does, none is checked.
    policy: '1.2.804.2.1.1.1.2.3.1',
  });
  return signCadesBes({
    signer: tsa,
    content: tstInfo,
    attached: true,
    contentType: TST_INFO_CONTENT_TYPE,
    hash: 'SHA-256',
    signingTime: at,
  });
}

/** What one Diia ID delivery is made with. */
export interface DiiaIdBodySpec {
  /** Signing time, ms. */
  readonly at: number;
  readonly timestamp: boolean;
  readonly fault: SandboxDiiaIdFault | undefined;
  readonly multipart: 'mixed' | 'form-data';
}

/**
 * The digest of "another file" for the `other-file` fault: the next file's hash when the request has
 * several, else the digest (same algorithm and length) of a file that was never sent.
 */
function otherDigest(share: PlatformShare, index: number): Uint8Array {
  const files = share.diiaId?.files ?? [];
  if (files.length > 1) return (files[(index + 1) % files.length] as { hash: Uint8Array }).hash;
  const length = files[index]?.hash.length ?? 32;
  const another = new TextEncoder().encode(`another file than ${files[index]?.name ?? ''}`);
  if (length === 48) return sha384(another);
  return share.diiaId?.signAlgo === 'ECDSA' ? sha256(another) : gost34311(another);
}

/**
 * The body of a Diia ID delivery: each file's digest signed (or the fault's version of it), then
 * `encodeData` = standard base64 of the JSON the official SDKs read (`{ signedItems: [{ name, signature }] }`,
 * or `{ requestId, signature }` for a login, the `requestId` being the hashed id the partner sent).
 */
export async function diiaIdBody(
  signer: DiiaIdSigner,
  share: PlatformShare,
  spec: DiiaIdBodySpec,
): Promise<DiiaIdBody> {
  const request = share.diiaId;
  if (!request) throw new Error('not a Diia ID request');
  const who =
    spec.fault === 'untrusted-ca'
      ? 'untrusted'
      : spec.fault === 'expired-certificate'
        ? 'expired'
        : 'citizen';
  const signatures: string[] = [];
  for (const [i, file] of request.files.entries()) {
    let der = await signer.sign({
      signAlgo: request.signAlgo,
      digest: spec.fault === 'other-file' ? otherDigest(share, i) : file.hash,
      at: spec.at,
      timestamp: spec.timestamp,
      signer: who,
    });
    // Cut inside the SignerInfo: the outer lengths no longer match what is there.
    if (spec.fault === 'truncated-signature') der = der.slice(0, Math.floor((der.length * 2) / 3));
    signatures.push(encodeBase64(der));
  }
  const metadata =
    request.action === 'auth'
      ? { requestId: share.requestId, signature: signatures[0] as string }
      : {
          signedItems: request.files.map((file, i) => ({
            name: file.name,
            signature: signatures[i] as string,
          })),
        };
  return {
    action: request.action,
    // One text part, no file name and no Content-Type (text/plain, which every official receiver takes).
    parts: [{ name: 'encodeData', value: encodeBase64(new TextEncoder().encode(JSON.stringify(metadata))) }],
    metadata,
    multipart: spec.multipart,
  };
}
