/**
 * The admin client of the partner API: branches (`/api/v2/acquirers/branch…`) and offers
 * (`/api/v1/acquirers/branch/{branchId}/offer…`), docs/protocol.md §1.3 and §1.4. Reads and deletes are safe
 * to repeat, and so is the branch `PUT` (it sets the same values again); creates are not.
 *
 * @module
 */
import { createPlatformClient } from './client.js';
import type { AuthorisedCall } from './http.js';
import type { DiiaTransportOptions } from './options.js';
import type { PlatformAdmin } from './port.js';
import { branchBody, offerBody, paging, segment } from './requests.js';
import {
  BranchAnswer,
  BranchListAnswer,
  CreatedAnswer,
  DeletedAnswer,
  OfferListAnswer,
  refusedUnlessSuccess,
  toBranch,
  toOffer,
} from './schemas.js';

/**
 * Creates the HTTP client for the partner's branches and offers. It takes the options of
 * {@link diiaTransport} (the same login, retries and timeouts); reads, deletes and the branch `PUT` are
 * retried when safe, creates are sent once.
 *
 * @example
 * ```ts
 * import { diiaAdmin } from 'diia-accept/transport';
 * const admin = diiaAdmin({ baseUrl: 'https://api2s.diia.gov.ua', acquirerToken });
 * const { id } = await admin.offers.create(branchId, { name: 'Copy of a passport', scopes: { sharing: ['passport'] } });
 * ```
 */
export function diiaAdmin(options: DiiaTransportOptions): PlatformAdmin {
  return adminOver(createPlatformClient(options, 'diiaAdmin'));
}

/** Branches and offers over an authorised call (the CLI shares one call with the flows port). */
export function adminOver(call: AuthorisedCall): PlatformAdmin {
  return {
    branches: {
      async create(branch, callOptions) {
        const body = branchBody(branch);
        const answer = await call(
          {
            name: 'branches.create',
            method: 'POST',
            path: '/api/v2/acquirers/branch',
            body,
            schema: CreatedAnswer,
            safe: false,
          },
          callOptions,
        );
        return { id: answer._id };
      },
      async list(page, callOptions) {
        const answer = await call(
          {
            name: 'branches.list',
            method: 'GET',
            path: '/api/v2/acquirers/branches',
            query: paging(page),
            schema: BranchListAnswer,
            safe: true,
          },
          callOptions,
        );
        const branches = answer.branches.map(toBranch);
        return answer.total === undefined ? { branches } : { total: answer.total, branches };
      },
      async get(branchId, callOptions) {
        const answer = await call(
          {
            name: 'branches.get',
            method: 'GET',
            path: `/api/v2/acquirers/branch/${segment(branchId, 'id')}`,
            schema: BranchAnswer,
            safe: true,
          },
          callOptions,
        );
        return toBranch(answer);
      },
      async update(branchId, branch, callOptions) {
        const answer = await call(
          {
            name: 'branches.update',
            method: 'PUT',
            path: `/api/v2/acquirers/branch/${segment(branchId, 'id')}`,
            body: branchBody(branch),
            schema: CreatedAnswer,
            safe: true,
          },
          callOptions,
        );
        return { id: answer._id };
      },
      async delete(branchId, callOptions) {
        const answer = await call(
          {
            name: 'branches.delete',
            method: 'DELETE',
            path: `/api/v2/acquirers/branch/${segment(branchId, 'id')}`,
            schema: DeletedAnswer,
            safe: true,
            emptyBodyOk: true,
          },
          callOptions,
        );
        refusedUnlessSuccess(answer, 'branches.delete');
      },
    },

    offers: {
      async create(branchId, offer, callOptions) {
        const answer = await call(
          {
            name: 'offers.create',
            method: 'POST',
            path: `/api/v1/acquirers/branch/${segment(branchId, 'branchId')}/offer`,
            body: offerBody(offer),
            schema: CreatedAnswer,
            safe: false,
          },
          callOptions,
        );
        return { id: answer._id };
      },
      async list(branchId, page, callOptions) {
        const answer = await call(
          {
            name: 'offers.list',
            method: 'GET',
            path: `/api/v1/acquirers/branch/${segment(branchId, 'branchId')}/offers`,
            query: paging(page),
            schema: OfferListAnswer,
            safe: true,
          },
          callOptions,
        );
        const offers = answer.offers.map(toOffer);
        return answer.total === undefined ? { offers } : { total: answer.total, offers };
      },
      async delete(branchId, offerId, callOptions) {
        const answer = await call(
          {
            name: 'offers.delete',
            method: 'DELETE',
            path: `/api/v1/acquirers/branch/${segment(branchId, 'branchId')}/offer/${segment(offerId, 'offerId')}`,
            schema: DeletedAnswer,
            safe: true,
            emptyBodyOk: true,
          },
          callOptions,
        );
        refusedUnlessSuccess(answer, 'offers.delete');
      },
    },
  };
}
