#!/usr/bin/env node
// The front desk's server: it holds the platform credentials and the partner's private key, runs the
// validity check and the copy request for the operator's page, and receives the platform's deliveries on
// its webhook. One (Request) => Response handler, mounted on node:http with toNodeListener.
//
// By default it runs against a local sandbox (a holder who consents after a few seconds). Against the real
// platform set DIIA_BASE_URL, DIIA_ACQUIRER_TOKEN, DIIA_BRANCH_ID and DIIA_PARTNER_KEY (the partner's
// private JWK, or a file holding it), optionally DIIA_JWKS_URL, and register {your URL}/diia/webhook as the
// branch's webhook (docs/guides/configuration.md). HOST and PORT choose where it listens (127.0.0.1:8080).
// The "sign the application" step (Diia ID) also needs DIIA_SIGN_OFFER_ID (an offer with the scope
// diiaId: ["hashedFilesSigning"]) and DIIA_CA_CERTIFICATES (the CA certificates to trust, DER or .p7b files
// separated by the path separator, such as the platform's CACertificates.p7b); without them the step is off.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { delimiter, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AcceptError,
  createAcceptor,
  describeError,
  isAcceptError,
  isAcceptErrorCode,
  isDocumentType,
} from 'diia-accept';
import { toNodeListener } from 'diia-accept/node';
import { joseOpener } from 'diia-accept/profiles/jose';
import { createSandbox } from 'diia-accept/sandbox';
import { receiptToJson } from 'diia-accept/share';
import { diiaTransport } from 'diia-accept/transport';
import { remoteJwks } from 'diia-accept/verify';
import QRCode from 'qrcode';
import { missingSettings, platformSettings } from '../settings.mjs';
import { buildPage } from './build.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
};

/**
 * Starts the front desk on loopback. Returns its URL, the sandbox (when it made one) and close().
 * Options: port (0 = any), consent (the sandbox holder's answer policy), minify (the page's bundle).
 */
export async function startFrontDesk(options = {}) {
  const scripts = await buildPage({ minify: options.minify ?? false });
  // The sandbox holder's next answer, chosen on the page's practice panel (approve unless told otherwise).
  const holder = { next: 'approve' };
  // A Diia ID delivery the webhook refused (a signature that failed a check) ends its signing request at once,
  // with the code. The log entry carries codes and ids only; one that comes before its request is known here
  // is kept for a moment.
  const earlyRefusals = new Map();
  const onDiiaIdRefused = (requestId, code) => {
    const entry = signatures.get(requestId);
    if (!entry) {
      earlyRefusals.set(requestId, code);
      if (earlyRefusals.size > 16) earlyRefusals.delete(earlyRefusals.keys().next().value);
      return;
    }
    if (entry.state !== 'awaiting-signature') return;
    entry.state = 'failed';
    entry.error = new AcceptError(code);
    journal.update(entry.line, { outcome: 'failed', code });
    entry.session.cancel().catch(() => {});
  };
  const platform = await connectPlatform({
    ...options,
    consent: () => ({ after: options.consentAfter ?? '4s', answer: holder.next }),
    logger: (entry) => {
      // 503 and 404 are answers the platform delivers again after (a verifier that could not answer, a
      // delivery quicker than the store): only a checked delivery's refusal ends the request.
      const final = entry.status < 500 && entry.code !== 'WEBHOOK_REQUEST_UNKNOWN';
      if (entry.event === 'diia-id-refused' && final && entry.requestId && entry.code)
        onDiiaIdRefused(entry.requestId, entry.code);
    },
  });
  const { acceptor } = platform;
  const sessions = new Map();
  // Signing requests by request id. Their results hold personal data (who signed): kept in memory for the
  // page, never logged, never in the journal.
  const signatures = new Map();
  const journal = createJournal();

  const json = (body, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  const failure = (error, status = 400) => {
    const code = isAcceptError(error) ? error.code : 'UNEXPECTED';
    if (!isAcceptError(error)) console.error(error);
    return json(
      { code, message: { uk: describeError(error, 'uk'), en: describeError(error, 'en') } },
      status,
    );
  };
  const readText = async (request) => {
    const body = await request.json().catch(() => ({}));
    return typeof body?.text === 'string' ? body : { ...body, text: '' };
  };

  const routes = {
    'GET /': () => file(join(here, 'page', 'index.html')),
    'GET /style.css': () => file(join(here, 'page', 'style.css')),
    'GET /api/config': () =>
      json({ sandbox: Boolean(platform.sandbox), signing: Boolean(platform.signOfferId) }),
    'GET /api/journal': () => json(journal.today()),
    'POST /api/identify': async (request) => {
      const { text } = await readText(request);
      const result = await acceptor.identify(text);
      journal.add({
        kind: 'check',
        documentType: result.documentType,
        outcome: result.status,
        code: result.reason,
      });
      return json({ ...result, message: result.reason ? messageOf(result.reason) : undefined });
    },
    'POST /api/copies': async (request) => {
      const { text, documentTypes } = await readText(request);
      const types =
        Array.isArray(documentTypes) && documentTypes.every(isDocumentType) ? documentTypes : ['passport'];
      try {
        const session = await acceptor.requestCopy(text, types);
        const entry = { session, state: 'awaiting-consent', result: undefined, error: undefined };
        sessions.set(session.id, entry);
        const line = journal.add({ kind: 'copy', documentType: types[0], outcome: 'awaiting-consent' });
        session.subscribe((change) => {
          entry.state = change.to;
        });
        session.result().then(
          (result) => {
            entry.state = 'delivered';
            entry.result = result;
            journal.update(line, { outcome: 'delivered', documentType: result.copies[0]?.documentType });
          },
          (error) => {
            entry.error = error;
            journal.update(line, { outcome: 'failed', code: error?.code ?? 'UNEXPECTED' });
          },
        );
        return json({ id: session.id, expiresAt: session.expiresAt }, 201);
      } catch (error) {
        journal.add({
          kind: 'copy',
          outcome: 'failed',
          code: isAcceptError(error) ? error.code : 'UNEXPECTED',
        });
        return failure(error);
      }
    },
    'POST /api/signatures': async (request) => {
      if (!platform.signOfferId)
        return json({ code: 'INVALID_ARGUMENT', message: messageOf('INVALID_ARGUMENT') }, 409);
      const body = await request.json().catch(() => ({}));
      const lang = body?.lang === 'en' ? 'en' : 'uk';
      // The application the holder signs: a small text the desk makes (a real desk signs its own form).
      const date = new Date().toISOString().slice(0, 10);
      const name = `application-${date}.txt`;
      const bytes = new TextEncoder().encode(APPLICATION[lang](date));
      try {
        const session = await acceptor.signFiles({
          offerId: platform.signOfferId,
          files: [{ name, bytes }],
        });
        const line = journal.add({ kind: 'sign', outcome: 'awaiting-signature' });
        const entry = {
          session,
          line,
          state: 'awaiting-signature',
          name,
          bytes,
          result: undefined,
          error: undefined,
        };
        signatures.set(session.requestId, entry);
        if (signatures.size > 500) signatures.delete(signatures.keys().next().value);
        const early = earlyRefusals.get(session.requestId);
        if (early) onDiiaIdRefused(session.requestId, early);
        session.result().then(
          (result) => {
            entry.state = 'signed';
            entry.result = result;
            journal.update(line, { outcome: 'signed' });
          },
          (error) => {
            if (entry.state === 'failed') return; // refused already, with the delivery's own code
            entry.state = 'failed';
            entry.error = error;
            journal.update(line, { outcome: 'failed', code: error?.code ?? 'UNEXPECTED' });
          },
        );
        const qr = await QRCode.toDataURL(session.deeplink, { margin: 4, scale: 5 });
        return json(
          { id: session.requestId, deeplink: session.deeplink, qr, expiresAt: session.expiresAt, file: name },
          201,
        );
      } catch (error) {
        journal.add({
          kind: 'sign',
          outcome: 'failed',
          code: isAcceptError(error) ? error.code : 'UNEXPECTED',
        });
        return failure(error);
      }
    },
    'POST /api/sandbox/next-answer': async (request) => {
      if (!platform.sandbox) return json({ code: 'PLATFORM_NOT_FOUND' }, 404);
      const body = await request.json().catch(() => ({}));
      if (body?.answer !== 'approve' && body?.answer !== 'decline')
        return json({ code: 'INVALID_ARGUMENT' }, 400);
      holder.next = body.answer;
      return json({ next: holder.next });
    },
    'POST /api/sandbox/signing-fault': async (request) => {
      if (!platform.sandbox) return json({ code: 'PLATFORM_NOT_FOUND' }, 404);
      const body = await request.json().catch(() => ({}));
      // none, or a fault of the sandbox's app: another file's hash signed, an untrusted or expired
      // certificate, a truncated signature.
      const faults = ['other-file', 'untrusted-ca', 'expired-certificate', 'truncated-signature'];
      if (body?.fault !== 'none' && !faults.includes(body?.fault))
        return json({ code: 'INVALID_ARGUMENT' }, 400);
      platform.sandbox.diiaId.setFault(body.fault === 'none' ? undefined : body.fault);
      return json({ fault: body.fault });
    },
    'POST /api/sandbox/show': async (request) => {
      if (!platform.sandbox) return json({ code: 'PLATFORM_NOT_FOUND' }, 404);
      const body = await request.json().catch(() => ({}));
      const type = isDocumentType(body?.type) ? body.type : 'passport';
      const shown = await platform.sandbox.holder.showDocument(type);
      const qr = await QRCode.toDataURL(shown.link, { margin: 4, scale: 5 });
      return json({ type, link: shown.link, barcode: shown.barcode, qr });
    },
  };

  const handler = async (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/diia/webhook') return acceptor.webhook(request);
    const signature = /^\/api\/signatures\/([0-9a-f-]{36})(\/application|\/signature)?$/.exec(url.pathname);
    if (signature && request.method === 'GET')
      return signatureRoute(signatures.get(signature[1]), signature[2]);
    const copy = /^\/api\/copies\/([0-9a-f-]{36})(\/copy|\/receipt)?$/.exec(url.pathname);
    if (copy && request.method === 'GET') return copyRoute(sessions.get(copy[1]), copy[2]);
    const script = request.method === 'GET' ? scripts.get(url.pathname) : undefined;
    if (script) return new Response(script, { headers: { 'content-type': TYPES[extname(url.pathname)] } });
    const route = routes[`${request.method} ${url.pathname}`];
    if (!route) return new Response('Not found', { status: 404 });
    try {
      return await route(request);
    } catch (error) {
      return failure(error, 500);
    }
  };

  function copyRoute(entry, part) {
    if (!entry)
      return json({ code: 'SHARE_SESSION_UNKNOWN', message: messageOf('SHARE_SESSION_UNKNOWN') }, 404);
    if (part === '/receipt') {
      if (!entry.result) return new Response('Not yet', { status: 409 });
      return new Response(receiptToJson(entry.result.receipt), {
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="receipt-${entry.result.receipt.requestId}.json"`,
        },
      });
    }
    if (part === '/copy') {
      const copy = entry.result?.copies[0];
      if (!copy) return new Response('Not yet', { status: 409 });
      return new Response(copy.content, {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': 'inline; filename="copy.pdf"',
          // shown in the page's own preview frame only
          'x-frame-options': 'SAMEORIGIN',
          'cache-control': 'no-store',
        },
      });
    }
    const { result, error } = entry;
    return json({
      state: error ? 'failed' : entry.state,
      error: error ? { code: error.code ?? 'UNEXPECTED', message: messageOf(error.code) } : undefined,
      copies: result?.copies.map((c) => ({
        documentType: c.documentType,
        size: c.content.byteLength,
        checks: c.checks,
        signer: c.signer,
      })),
      receipt: result?.receipt,
    });
  }

  /** A signing request's state for the page: who signed and when, verified (personal data, for the operator). */
  function signatureRoute(entry, part) {
    if (!entry)
      return json({ code: 'DIIA_ID_SESSION_UNKNOWN', message: messageOf('DIIA_ID_SESSION_UNKNOWN') }, 404);
    if (part === '/application') {
      return new Response(entry.bytes, {
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'content-disposition': `attachment; filename="${entry.name}"`,
        },
      });
    }
    if (part === '/signature') {
      const file = entry.result?.files[0];
      if (!file) return new Response('Not yet', { status: 409 });
      return new Response(file.signature, {
        headers: {
          'content-type': 'application/pkcs7-signature',
          'content-disposition': `attachment; filename="${entry.name}.p7s"`,
          'cache-control': 'no-store',
        },
      });
    }
    const { error } = entry;
    return json({
      state: entry.state,
      file: entry.name,
      error: error ? { code: error.code ?? 'UNEXPECTED', message: messageOf(error.code) } : undefined,
      files: entry.result?.files.map(({ name, verification: v }) => ({
        name,
        verified: true,
        signer: { fullName: v.signer.fullName, taxId: v.signer.taxId, edrpou: v.signer.edrpou },
        signedAt: v.signedAt === undefined ? undefined : new Date(v.signedAt).toISOString(),
        level: v.level,
        checks: v.checks,
      })),
    });
  }

  const server = createServer(toNodeListener(handler));
  const host = options.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  // The address it really listens on (a camera needs a secure context: 127.0.0.1 and localhost are one).
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : shownHost}:${server.address().port}`;
  platform.sandbox?.setWebhook(platform.branchId, `http://127.0.0.1:${server.address().port}/diia/webhook`);
  return {
    url,
    sandbox: platform.sandbox,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await platform.sandbox?.close();
    },
  };
}

/**
 * Today's checks and copy requests, for the operator's list: the time, what was done, the document type and
 * the outcome with its code. No barcode, link, name or number: nothing that identifies a person.
 */
function createJournal() {
  let day = new Date().toDateString();
  let entries = [];
  const roll = () => {
    const now = new Date().toDateString();
    if (now !== day) {
      day = now;
      entries = [];
    }
  };
  return {
    add(fields) {
      roll();
      const entry = { n: entries.length + 1, at: new Date().toISOString(), ...fields };
      entries.push(entry);
      if (entries.length > 2000) entries.shift(); // a bounded list, even on the busiest day
      return entry;
    },
    update(entry, fields) {
      Object.assign(entry, fields);
    },
    today() {
      roll();
      return entries.slice().reverse();
    },
  };
}

/** The application the holder signs at the desk, in the page's language. */
const APPLICATION = {
  uk: (date) => `Заява до ЦНАП від ${date}.\nПрошу видати довідку про місце проживання.\n`,
  en: (date) =>
    `Application to the administrative services centre, ${date}.\nI ask for a certificate of residence.\n`,
};

/** The operator's text for a code that came back as data (an identify reason, a session's failure). */
function messageOf(code) {
  const error = isAcceptErrorCode(code) ? new AcceptError(code) : undefined;
  return { uk: describeError(error, 'uk'), en: describeError(error, 'en') };
}

async function file(path) {
  try {
    return new Response(await readFile(path), {
      headers: { 'content-type': TYPES[extname(path)] ?? 'text/plain' },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

async function connectPlatform(options) {
  const settings = platformSettings(process.env);
  if (settings.baseUrl && !options.sandbox) {
    const missing = missingSettings(settings);
    if (missing.length > 0) throw new Error(`set ${missing.join(', ')} (docs/guides/configuration.md)`);
    const trust = remoteJwks(settings.jwksUrl);
    // Diia ID (the signing step) when its offer and the CA certificates to trust are set.
    const signOfferId = process.env.DIIA_SIGN_OFFER_ID;
    const caFiles = (process.env.DIIA_CA_CERTIFICATES ?? '').split(delimiter).filter(Boolean);
    const diiaId =
      signOfferId && caFiles.length > 0
        ? {
            caCertificates: await Promise.all(
              caFiles.map(async (path) => new Uint8Array(await readFile(path))),
            ),
          }
        : undefined;
    const acceptor = createAcceptor({
      transport: diiaTransport({
        baseUrl: settings.baseUrl,
        acquirerToken: settings.acquirerToken,
        ...(settings.authAcquirerToken ? { authAcquirerToken: settings.authAcquirerToken } : {}),
      }),
      trust,
      branchId: settings.branchId,
      opener: joseOpener({ decryptionKey: settings.partnerKey, trust }),
      ...(diiaId ? { diiaId } : {}),
      logger: options.logger,
    });
    return { acceptor, branchId: settings.branchId, signOfferId: diiaId ? signOfferId : undefined };
  }
  // The sandbox holder's app signs an application after the same pause as a consent.
  const sandbox = await createSandbox({
    consent: options.consent ?? { after: '4s', answer: 'approve' },
    diiaId: { answer: { after: options.consentAfter ?? '4s', answer: 'sign' } },
  });
  const branch = sandbox.addBranch({ name: 'ЦНАП Кривий Ріг' });
  const signOfferId = sandbox.diiaId.addOffer(branch.id, 'hashedFilesSigning');
  const trust = remoteJwks(sandbox.jwksUrl);
  const acceptor = createAcceptor({
    transport: diiaTransport({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken }),
    trust,
    branchId: branch.id,
    pollInterval: '1s',
    opener: joseOpener({ decryptionKey: sandbox.partnerKeys.privateJwk, trust }),
    diiaId: { caCertificates: sandbox.diiaId.caCertificates },
    logger: options.logger,
  });
  return { acceptor, sandbox, branchId: branch.id, signOfferId };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const desk = await startFrontDesk({
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '127.0.0.1',
    minify: true,
    consentAfter: process.env.SANDBOX_CONSENT_AFTER ?? '4s',
  });
  console.log(`Front desk: ${desk.url}  (sandbox: ${desk.sandbox ? 'yes' : 'no'}) — Ctrl+C to stop`);
  process.once('SIGINT', () => desk.close().then(() => process.exit(0)));
}
