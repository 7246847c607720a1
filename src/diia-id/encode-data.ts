/**
 * The reader of a Diia ID delivery's `encodeData`: standard base64 of plain UTF-8 JSON, no CMS envelope
 * (Java `DocumentServiceImpl.java` L80-118: `Base64.getDecoder()` then a JSON parse; .NET
 * `DiiaSignApiImpl.cs` L63; Python `sign_service.py` L93-94). Signing: `{ signedItems: [{ name, signature }] }`
 * (Java `SignedHashData.java`, .NET `SignaturePackage.cs` L12-22). Login: `{ requestId, signature }` (Java
 * `AuthData.java`), or the `signedItems` shape the platform's own consumer reads (`be-auth-service`
 * `src/services/diiaSignature.ts` L12-22). Each signature is standard base64 of a CMS (DER). Members beyond
 * these are ignored (no source fixes them); everything is bounded.
 *
 * @module
 */
import { AcceptError } from '../errors.js';
import { parseJsonObject } from '../json.js';
import { decodeBase64 } from './base64.js';

/**
 * One signature of `signedItems`.
 *
 * @internal
 */
export interface SignedItem {
  readonly name: string;
  /** DER bytes, decoded from base64. */
  readonly signature: Uint8Array;
}

/**
 * `encodeData`, read: the signed items, and the login's `requestId` when it came in that shape.
 *
 * @internal
 */
export interface EncodeData {
  readonly items: readonly SignedItem[];
  /** The `{ requestId, signature }` shape only. */
  readonly requestId?: string;
}

/**
 * Bounds of one `encodeData`.
 *
 * @internal
 */
export interface EncodeDataLimits {
  /** Signed items at most. */
  readonly maxItems: number;
  /** One decoded signature, bytes. */
  readonly maxSignatureBytes: number;
}

const MAX_NAME = 1024;
const MAX_REQUEST_ID = 256;

const malformed = (detail: string) => new AcceptError('DIIA_ID_PAYLOAD_MALFORMED', { detail });

/**
 * Reads `encodeData` for `action`. Throws `DIIA_ID_ENCODING` (not canonical base64, outer or of a
 * signature), `DIIA_ID_PAYLOAD_MALFORMED` (not UTF-8 strict JSON of the shape), `WEBHOOK_TOO_LARGE` (over a
 * bound); nothing else.
 *
 * @internal
 */
export function readEncodeData(
  part: Uint8Array,
  action: 'hashedFilesSigning' | 'auth',
  limits: EncodeDataLimits,
): EncodeData {
  const json = decodeBase64(part);
  if (!json) throw new AcceptError('DIIA_ID_ENCODING', { detail: 'encodeData is not standard base64' });
  const parsed = parseJsonObject(json);
  if (!parsed.ok) throw malformed(`encodeData is not a strict JSON object (${parsed.failure})`);
  const value = parsed.value;
  const hasItems = Object.hasOwn(value, 'signedItems');
  if (action === 'auth' && !hasItems) {
    const { requestId } = value;
    if (typeof requestId !== 'string' || requestId.length < 1 || requestId.length > MAX_REQUEST_ID)
      throw malformed('requestId must be a string of 1 to 256 characters');
    return { requestId, items: [{ name: '', signature: signatureOf(value.signature, 'signature', limits) }] };
  }
  if (action === 'auth' && Object.hasOwn(value, 'signature'))
    throw malformed('both signedItems and signature: the shape is ambiguous');
  const list = value.signedItems;
  if (!Array.isArray(list) || list.length === 0) throw malformed('signedItems must be a non-empty list');
  const max = action === 'auth' ? 1 : limits.maxItems;
  if (list.length > max)
    throw new AcceptError('WEBHOOK_TOO_LARGE', { detail: `more than ${max} signed items` });
  const items = list.map((item: unknown, i): SignedItem => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw malformed(`signedItems[${i}] must be an object`);
    const { name, signature } = item as Record<string, unknown>;
    if (
      typeof name !== 'string' ||
      (action === 'hashedFilesSigning' && name.length === 0) ||
      name.length > MAX_NAME
    )
      throw malformed(`signedItems[${i}].name must be a string of at most ${MAX_NAME} characters`);
    return { name, signature: signatureOf(signature, `signedItems[${i}].signature`, limits) };
  });
  return { items };
}

function signatureOf(value: unknown, what: string, limits: EncodeDataLimits): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw malformed(`${what} must be a non-empty string`);
  // A first bound before decoding, the exact one after.
  if (value.length > Math.ceil(limits.maxSignatureBytes / 3) * 4)
    throw new AcceptError('WEBHOOK_TOO_LARGE', { detail: `${what} is over the limit` });
  const bytes = decodeBase64(value);
  if (!bytes) throw new AcceptError('DIIA_ID_ENCODING', { detail: `${what} is not standard base64` });
  if (bytes.length > limits.maxSignatureBytes)
    throw new AcceptError('WEBHOOK_TOO_LARGE', { detail: `${what} is over the limit` });
  return bytes;
}
