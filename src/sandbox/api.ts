/**
 * The sandbox's partner API router: session, rate limit, injected faults, the call log, then the endpoint.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject } from '../json.js';
import {
  branchOr404,
  branchView,
  createBranch,
  createOffer,
  deleteBranch,
  offerOr404,
  offerView,
  readBranch,
  readPaging,
  updateBranch,
} from './api-setup.js';
import { identify, requestDocument, requestOffer, shareStatus } from './api-share.js';
import type { ApiCall, ApiFault, SandboxContext } from './context.js';
import { errorBody, PlatformRefusal, parseJsonBody, readBody, refuse, sendJson } from './http.js';

type Handler = (
  ctx: SandboxContext,
  params: string[],
  query: URLSearchParams,
  body: () => Record<string, unknown>,
) => unknown;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly auth: boolean;
  readonly handle: Handler;
}

const ID = '([^/]+)';
const route = (method: string, path: string, handle: Handler, auth = true): Route => ({
  method,
  pattern: new RegExp(`^${path}$`),
  auth,
  handle,
});

const ROUTES: readonly Route[] = [
  route('GET', '/.well-known/jwks\\.json', (ctx) => ctx.jwks(), false),
  route('POST', '/api/v2/acquirers/branch', (ctx, _p, _q, body) => ({
    _id: createBranch(ctx, readBranch(body()))._id,
  })),
  route('GET', '/api/v2/acquirers/branches', (ctx, _p, query) => {
    const { skip, limit } = readPaging(query);
    const all = [...ctx.state.branches.values()];
    return { total: all.length, branches: all.slice(skip, skip + limit).map(branchView) };
  }),
  route('GET', `/api/v2/acquirers/branch/${ID}`, (ctx, [id]) => branchView(branchOr404(ctx, id!))),
  route('PUT', `/api/v2/acquirers/branch/${ID}`, (ctx, [id], _q, body) => ({
    _id: updateBranch(ctx, id!, readBranch(body()))._id,
  })),
  route('DELETE', `/api/v2/acquirers/branch/${ID}`, (ctx, [id]) => {
    deleteBranch(ctx, id!);
    return { success: true };
  }),
  route('POST', `/api/v1/acquirers/branch/${ID}/offer`, (ctx, [id], _q, body) => ({
    _id: createOffer(ctx, id!, body())._id,
  })),
  route('GET', `/api/v1/acquirers/branch/${ID}/offers`, (ctx, [id], query) => {
    branchOr404(ctx, id!);
    const { skip, limit } = readPaging(query);
    const all = [...ctx.state.offers.values()].filter((o) => o.branchId === id);
    return { total: all.length, offers: all.slice(skip, skip + limit).map(offerView) };
  }),
  route('DELETE', `/api/v1/acquirers/branch/${ID}/offer/${ID}`, (ctx, [branchId, offerId]) => {
    branchOr404(ctx, branchId!);
    offerOr404(ctx, branchId!, offerId!);
    ctx.state.offers.delete(offerId!);
    return { success: true };
  }),
  route('POST', '/api/v1/acquirers/document-identification', (ctx, _p, _q, body) => identify(ctx, body())),
  route('POST', '/api/v1/acquirers/document-request', (ctx, _p, _q, body) => requestDocument(ctx, body())),
  route('GET', '/api/v1/acquirers/document-request/status', (ctx, _p, query) =>
    shareStatus(ctx, query, 'barcode'),
  ),
  route('POST', `/api/v2/acquirers/branch/${ID}/offer-request/dynamic`, (ctx, [id], _q, body) =>
    requestOffer(ctx, id!, body()),
  ),
  route('GET', '/api/v1/acquirers/offer-request/status', (ctx, _p, query) => shareStatus(ctx, query, 'otp')),
];

const LOGIN = /^\/api\/v1\/auth\/acquirer\/([^/]+)$/;
const BODY_LIMIT = 64 * 1024;

function login(ctx: SandboxContext, req: IncomingMessage, token: string): { token: string } {
  const { acquirerToken, authAcquirerToken } = ctx.settings;
  if (token !== acquirerToken) refuse(401, 'the acquirer token is not valid');
  // The Java and .NET SDKs send `Basic <acquirerToken>`, the JS SDK nothing: both are accepted. Only a
  // sandbox made with `authAcquirerToken` requires that value.
  if (authAcquirerToken !== undefined && req.headers.authorization !== `Basic ${authAcquirerToken}`) {
    refuse(401, 'the auth acquirer token is missing or not valid');
  }
  const session = `sandbox-session-${ctx.random.hex(40)}`;
  ctx.state.sessions.set(session, ctx.clock.now() + ctx.settings.sessionLifetimeMs);
  return { token: session };
}

function checkSession(ctx: SandboxContext, req: IncomingMessage): void {
  const match = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
  const expires = match ? ctx.state.sessions.get(match[1]!) : undefined;
  if (expires === undefined || ctx.clock.now() >= expires)
    refuse(401, 'the session token is missing or expired');
}

function checkRate(ctx: SandboxContext): void {
  const limit = ctx.settings.rateLimit;
  if (!limit) return;
  const now = ctx.clock.now();
  if (now >= ctx.rate.windowStart + limit.windowMs) {
    ctx.rate.windowStart = now;
    ctx.rate.count = 0;
  }
  ctx.rate.count++;
  if (ctx.rate.count > limit.limit) {
    const seconds = Math.max(1, Math.ceil((ctx.rate.windowStart + limit.windowMs - now) / 1000));
    refuse(429, 'too many requests', { 'retry-after': String(seconds) });
  }
}

function takeFault(ctx: SandboxContext, method: string, path: string): ApiFault | undefined {
  const fault = ctx.apiFaults.find(
    (f) =>
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
  );
  if (!fault) return undefined;
  fault.left--;
  if (fault.left <= 0) ctx.apiFaults.splice(ctx.apiFaults.indexOf(fault), 1);
  return fault;
}

/** Answers one HTTP request of the partner API. Never throws. */
export async function handleApi(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const path = url.pathname;
  const query = Object.fromEntries(url.searchParams);
  // The login path carries the acquirer token: the log names the endpoint, never the secret.
  const logged = LOGIN.test(path) ? '/api/v1/auth/acquirer/{acquirerToken}' : path;
  const call: ApiCall = { method, path: logged, query, status: 0, at: ctx.clock.now() };
  ctx.calls.push(call);
  try {
    const bytes = await readBody(req, BODY_LIMIT);
    let parsed: Record<string, unknown> | undefined;
    const body = () => {
      parsed ??= parseJsonBody(req, bytes);
      (call as { body?: unknown }).body = parsed;
      return parsed;
    };
    if (bytes.length > 0 && /json/i.test(String(req.headers['content-type'] ?? ''))) {
      // A body that is not a JSON object is logged as absent; the handler refuses it.
      const logged = parseJsonObject(bytes);
      if (logged.ok) (call as { body?: unknown }).body = logged.value;
    }
    const fault = takeFault(ctx, method, path);
    if (fault?.delay) await new Promise((resolve) => setTimeout(resolve, fault.delay));
    if (fault?.hangUp) {
      call.status = -1;
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
      refuse(fault.status, 'injected fault', headers);
    }
    if (fault?.body !== undefined) {
      call.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(fault.body);
      return;
    }
    checkRate(ctx);
    const login_ = method === 'GET' ? LOGIN.exec(path) : null;
    if (login_) {
      call.status = 200;
      return sendJson(res, 200, login(ctx, req, decodeURIComponent(login_[1]!)));
    }
    for (const r of ROUTES) {
      const match = r.method === method ? r.pattern.exec(path) : null;
      if (!match) continue;
      if (r.auth) checkSession(ctx, req);
      const params = match.slice(1).map((p) => decodeURIComponent(p));
      const answer = r.handle(ctx, params, url.searchParams, body);
      call.status = 200;
      const headers: Record<string, string> = r.auth ? {} : { 'cache-control': 'max-age=300' };
      return sendJson(res, 200, answer, headers);
    }
    refuse(404, 'no such endpoint');
  } catch (error) {
    const refusal =
      error instanceof PlatformRefusal ? error : new PlatformRefusal(500, 'the sandbox failed to answer');
    call.status = refusal.status;
    if (req.socket.destroyed) return;
    if (!res.headersSent)
      sendJson(
        res,
        refusal.status,
        errorBody(refusal.status, refusal.message, refusal.data),
        refusal.headers,
      );
    else res.destroy();
  }
}
