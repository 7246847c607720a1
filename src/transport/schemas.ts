/**
 * The shapes of the platform's answers, as zod schemas. They are deliberately loose where the partner API
 * is unconfirmed (extra fields pass, optional address fields default to `''`) and strict where the SDK
 * depends on a value (ids, the session token, booleans, the deeplink).
 *
 * @module
 */
import * as z from 'zod/mini';
import { AcceptError } from '../errors.js';
import type { Branch, Offer } from './port.js';

/** A non-empty identifier as the platform sends it (MongoDB-style `_id`). */
const Id = z.string().check(z.minLength(1), z.maxLength(256));

/** Address and display fields the SDK passes through; absent ones read as `''`. */
const Text = z._default(z.string(), '');

/** `GET /api/v1/auth/acquirer/{acquirerToken}`. */
export const LoginAnswer = z.object({ token: z.string().check(z.minLength(1), z.maxLength(8192)) });

/** `{ success: boolean }`: identification, document request, deletes. */
export const SuccessAnswer = z.object({ success: z.boolean() });

/** A create or an update: the new object's `_id`. */
export const CreatedAnswer = z.object({ _id: Id });

/** `POST …/offer-request/dynamic`. Only absolute http(s) links are accepted. */
export const DeeplinkAnswer = z.object({
  deeplink: z.string().check(
    z.maxLength(4096),
    z.refine((value) => /^https?:\/\/[^\s]+$/i.test(value), 'not an absolute http(s) link'),
  ),
});

/** Both status calls. Values are unconfirmed, so any string (or number) is kept and mapped later. */
export const StatusAnswer = z.object({
  status: z.union([z.string().check(z.maxLength(256)), z.number()]),
});

const Scopes = z.object({
  sharing: z._default(z.array(z.string()), []),
  identification: z._default(z.array(z.string()), []),
  documentIdentification: z._default(z.array(z.string()), []),
  diiaId: z._default(z.array(z.string()), []),
});

export const BranchAnswer = z.object({
  _id: Id,
  name: z.string(),
  email: Text,
  region: Text,
  district: Text,
  location: Text,
  street: Text,
  house: Text,
  customFullName: Text,
  customFullAddress: Text,
  deliveryTypes: z._default(z.array(z.string()), ['api']),
  offerRequestType: z._default(z.string(), 'dynamic'),
  scopes: z._default(Scopes, { sharing: [], identification: [], documentIdentification: [], diiaId: [] }),
});

/** `GET /api/v2/acquirers/branches`. `total` is not confirmed for branches, so it may be absent. */
export const BranchListAnswer = z.object({
  total: z.optional(z.int().check(z.nonnegative())),
  branches: z.array(BranchAnswer),
});

export const OfferAnswer = z.object({
  _id: Id,
  name: z.string(),
  scopes: z._default(
    z.object({ sharing: z.optional(z.array(z.string())), diiaId: z.optional(z.array(z.string())) }),
    {},
  ),
  returnLink: z.optional(z.string()),
});

/** `GET /api/v1/acquirers/branch/{branchId}/offers`. `total` may or may not come. */
export const OfferListAnswer = z.object({
  total: z.optional(z.int().check(z.nonnegative())),
  offers: z.array(OfferAnswer),
});

/**
 * A delete's answer: documented as `{ success: true }`, but an empty body or `{}` is taken as done too. An
 * explicit `success: false` is a refusal (see {@link refusedUnlessSuccess}).
 */
export const DeletedAnswer = z.optional(
  z.looseObject({
    success: z.optional(z.boolean()),
  }),
);

/** A branch answer in the SDK's shape (`id`, not `_id`). */
export function toBranch(answer: z.infer<typeof BranchAnswer>): Branch {
  const { _id, deliveryTypes, offerRequestType, scopes, ...fields } = answer;
  return {
    id: _id,
    ...fields,
    // The platform's words are kept even where the SDK's types are narrower: they are informative.
    deliveryTypes: deliveryTypes as Branch['deliveryTypes'],
    offerRequestType: offerRequestType as Branch['offerRequestType'],
    scopes: scopes as Branch['scopes'],
  };
}

export function toOffer(answer: z.infer<typeof OfferAnswer>): Offer {
  const { _id, name, scopes, returnLink } = answer;
  return {
    id: _id,
    name,
    // A Diia ID offer names its operations; any other is a sharing offer (no scopes: no documents).
    scopes: (scopes.diiaId !== undefined && scopes.diiaId.length > 0
      ? { diiaId: scopes.diiaId }
      : { sharing: scopes.sharing ?? [] }) as Offer['scopes'],
    ...(returnLink === undefined ? {} : { returnLink }),
  };
}

/**
 * Throws `PLATFORM_BAD_REQUEST` for a 200 answer that says `success: false` where the call has no other way
 * to say no (a document request, a delete): the platform refused without an error status.
 */
export function refusedUnlessSuccess(
  answer: { readonly success?: boolean | undefined } | undefined,
  call: string,
): void {
  if (answer?.success === false) {
    throw new AcceptError('PLATFORM_BAD_REQUEST', {
      detail: `${call}: the platform answered success: false`,
    });
  }
}
