/**
 * Branch and offer set-up of the sandbox's partner API (docs/protocol.md §1.3, §1.4).
 *
 * @module
 */
import { isDocumentType } from '../documents.js';
import type { BranchInput } from '../transport/port.js';
import type { SandboxContext } from './context.js';
import { refuse } from './http.js';
import type { BranchRecord, OfferRecord } from './state.js';

const TEXT_FIELDS = [
  'email',
  'region',
  'district',
  'location',
  'street',
  'house',
  'customFullName',
  'customFullAddress',
] as const;

function stringList(value: unknown, what: string, documentTypes: boolean): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length <= 128)) {
    refuse(400, `${what} must be a list of strings`);
  }
  if (documentTypes && !value.every(isDocumentType)) refuse(400, `${what} names an unknown document type`);
  return [...value] as string[];
}

/** Checks a branch body as the platform would (every documented field, name ≤ 32). */
export function readBranch(body: Record<string, unknown>): BranchInput {
  const { name } = body;
  if (typeof name !== 'string' || name.length < 1 || name.length > 32)
    refuse(400, 'name must be 1 to 32 characters');
  const fields: Record<string, string> = {};
  for (const field of TEXT_FIELDS) {
    const value = body[field];
    if (typeof value !== 'string' || value.length > 1024) refuse(400, `${field} must be a string`);
    fields[field] = value;
  }
  const deliveryTypes = stringList(body.deliveryTypes, 'deliveryTypes', false);
  if (deliveryTypes.length !== 1 || deliveryTypes[0] !== 'api') refuse(400, 'deliveryTypes must be ["api"]');
  if (body.offerRequestType !== 'dynamic') refuse(400, 'offerRequestType must be "dynamic"');
  const scopes = body.scopes;
  if (typeof scopes !== 'object' || scopes === null || Array.isArray(scopes))
    refuse(400, 'scopes must be an object');
  const s = scopes as Record<string, unknown>;
  return {
    name,
    ...(fields as Omit<BranchInput, 'name' | 'deliveryTypes' | 'offerRequestType' | 'scopes'>),
    deliveryTypes: ['api'],
    offerRequestType: 'dynamic',
    scopes: {
      sharing: stringList(s.sharing, 'scopes.sharing', true) as BranchInput['scopes']['sharing'],
      identification: stringList(s.identification, 'scopes.identification', false),
      documentIdentification: stringList(
        s.documentIdentification,
        'scopes.documentIdentification',
        true,
      ) as BranchInput['scopes']['documentIdentification'],
      diiaId: stringList(s.diiaId, 'scopes.diiaId', false),
    },
  };
}

/** Reads `skip` and `limit` (docs/protocol.md §1.3: skip ≥ 0, limit 1..100). */
export function readPaging(query: URLSearchParams): { skip: number; limit: number } {
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d{1,6}$/.test(raw)) refuse(400, `${name} must be a whole number`);
    const value = Number(raw);
    if (value < min || value > max) refuse(400, `${name} must be between ${min} and ${max}`);
    return value;
  };
  return { skip: number('skip', 0, 0, 1_000_000), limit: number('limit', 100, 1, 100) };
}

export function branchOr404(ctx: SandboxContext, id: string): BranchRecord {
  const branch = ctx.state.branches.get(id);
  if (!branch) refuse(404, 'no such branch');
  return branch;
}

/** The platform's view of a branch (no sandbox-only fields). */
export function branchView(branch: BranchRecord) {
  const { webhookUrl: _, ...view } = branch;
  return view;
}

export function createBranch(ctx: SandboxContext, input: BranchInput): BranchRecord {
  const record: BranchRecord = { _id: ctx.random.hex(24), ...input };
  ctx.state.branches.set(record._id, record);
  return record;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** PUT: every field but the scopes may change (docs/protocol.md §1.3). */
export function updateBranch(ctx: SandboxContext, id: string, input: BranchInput): BranchRecord {
  const branch = branchOr404(ctx, id);
  const keys = ['sharing', 'identification', 'documentIdentification', 'diiaId'] as const;
  if (!keys.every((k) => sameList(branch.scopes[k], input.scopes[k]))) {
    refuse(400, 'scopes cannot be edited; delete the branch and create it again');
  }
  const updated: BranchRecord = {
    ...input,
    _id: id,
    ...(branch.webhookUrl ? { webhookUrl: branch.webhookUrl } : {}),
  };
  ctx.state.branches.set(id, updated);
  return updated;
}

/** DELETE a branch with its offers. */
export function deleteBranch(ctx: SandboxContext, id: string): void {
  branchOr404(ctx, id);
  ctx.state.branches.delete(id);
  for (const [offerId, offer] of ctx.state.offers)
    if (offer.branchId === id) ctx.state.offers.delete(offerId);
}

/** Creates an offer; its document types must be within the branch's sharing scope (else 403). */
export function createOffer(
  ctx: SandboxContext,
  branchId: string,
  body: Record<string, unknown>,
): OfferRecord {
  const branch = branchOr404(ctx, branchId);
  if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 256) {
    refuse(400, 'name must be a non-empty string');
  }
  const scopes = body.scopes as Record<string, unknown> | undefined;
  if (typeof scopes !== 'object' || scopes === null) refuse(400, 'scopes must be an object');
  const sharing = stringList(scopes.sharing, 'scopes.sharing', true) as OfferRecord['scopes']['sharing'];
  const diiaId = stringList(scopes.diiaId, 'scopes.diiaId', false);
  // Diia ID operations, `auth` and/or `hashedFilesSigning` (the partner API's set-up section), each once;
  // never with sharing.
  if (diiaId.length > 0) {
    const known = diiaId.every((scope) => scope === 'hashedFilesSigning' || scope === 'auth');
    if (!known || new Set(diiaId).size !== diiaId.length)
      refuse(400, 'scopes.diiaId must list auth and/or hashedFilesSigning, each once');
    if (sharing.length > 0) refuse(400, 'an offer has either sharing or diiaId scopes');
    if (!diiaId.every((scope) => branch.scopes.diiaId.includes(scope)))
      refuse(403, 'the branch has no diiaId scope for this offer');
  } else if (sharing.length === 0) refuse(400, 'scopes.sharing must name at least one document type');
  if (body.returnLink !== undefined && typeof body.returnLink !== 'string')
    refuse(400, 'returnLink must be a string');
  if (!sharing.every((type) => branch.scopes.sharing.includes(type))) {
    refuse(403, 'the branch has no sharing scope for a document type of this offer');
  }
  const offer: OfferRecord = {
    _id: ctx.random.hex(24),
    branchId,
    name: body.name,
    scopes: {
      sharing,
      ...(diiaId.length > 0 ? { diiaId: diiaId as ('hashedFilesSigning' | 'auth')[] } : {}),
    },
    ...(typeof body.returnLink === 'string' ? { returnLink: body.returnLink } : {}),
  };
  ctx.state.offers.set(offer._id, offer);
  return offer;
}

export function offerOr404(ctx: SandboxContext, branchId: string, offerId: string): OfferRecord {
  const offer = ctx.state.offers.get(offerId);
  if (!offer || offer.branchId !== branchId) refuse(404, 'no such offer');
  return offer;
}

/** The platform's view of an offer. */
export function offerView(offer: OfferRecord) {
  const { branchId: _, ...view } = offer;
  return view;
}
