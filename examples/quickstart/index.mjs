#!/usr/bin/env node
// `npm run demo` (after the build): the whole desk flow against the local sandbox, over loopback.
// Imports the built package by its own name, exactly as a partner's code would.
// `--profile dstu` seals the deliveries as the real platform does (CMS, DSTU 4145) with the official SDK's
// test keys; `--profile jose` (the default) uses the open jose profile.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AcceptError, createAcceptor, describeError, isAcceptError, manualClock } from 'diia-accept';
import { toNodeListener } from 'diia-accept/node';
import { joseOpener } from 'diia-accept/profiles/jose';
import { createSandbox } from 'diia-accept/sandbox';
import { decodeFrame, parseScan } from 'diia-accept/scanner';
import { receiptToJson } from 'diia-accept/share';
import { diiaTransport } from 'diia-accept/transport';
import { remoteJwks } from 'diia-accept/verify';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { CHECK_NAMES, DOCUMENT_NAMES, METHOD_NAMES, SCAN_NAMES, SYMBOL_NAMES, term } from '../terms.mjs';
import { HELP, MESSAGES, USAGE_ERROR } from './messages.mjs';

/** The command line, checked as the diia-accept command checks its own: unknown or bad options stop here. */
function options(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        lang: { type: 'string' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: error.message };
  }
  // `ua` is the country code people type for Ukrainian; the language code is `uk`.
  const lang = values.lang === 'ua' ? 'uk' : (values.lang ?? 'en');
  if (lang !== 'en' && lang !== 'uk')
    return { error: `--lang must be en or uk (ua is taken as uk), not ${values.lang}` };
  const profile = values.profile ?? 'jose';
  if (profile !== 'jose' && profile !== 'dstu')
    return { error: `--profile must be jose or dstu, not ${profile}` };
  return { lang, profile, help: values.help === true };
}

const args = options(process.argv.slice(2));
if (args.error) {
  console.error(`${USAGE_ERROR} ${args.error}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
const { profile } = args;
const language = args.lang;
const t = MESSAGES[language];
const outDir = join(process.cwd(), 'demo-output');

const started = performance.now();
let last = started;
let step = 0;
const say = (text, { indent = false } = {}) => {
  const now = performance.now();
  const took = `${Math.round(now - last)} ms`.padStart(7);
  last = now;
  console.log(indent ? `         ${text}` : `${String(++step).padStart(2)}. [${took}] ${text}`);
};
const note = (text) => console.log(`         ${text}`);

// The sandbox and the partner share one manual clock, so "181 seconds later" takes no time at all. The test
// certificates of the dstu profile expired on 2024-04-05, so that run happens on 1 March 2024.
const clock = manualClock(profile === 'dstu' ? Date.parse('2024-03-01T10:00:00Z') : Date.now());

/**
 * The official partner SDK's test keys and certificates (MIT, see test/fixtures/diia-sdk-js/README.md): the
 * platform's container seals, the partner's opens. Their passwords are published test passwords; a real
 * partner reads its own from a secret store (docs/guides/production-dstu.md).
 */
async function dstuSetup() {
  const { dstuOpener, loadDstuKeys } = await import('diia-accept/profiles/dstu');
  const dir = new URL('../../test/fixtures/diia-sdk-js/', import.meta.url);
  const read = async (path) => new Uint8Array(await readFile(new URL(path, dir)));
  const platformKeys = await loadDstuKeys({ container: await read('keys/DiiaTest.pfx'), password: 'Test' });
  const partnerKeys = await loadDstuKeys({ container: await read('keys/Key-6.dat'), password: '12345677' });
  const opener = dstuOpener({
    keys: partnerKeys,
    trust: {
      caBundle: await read('certificates/CACertificates.Test.All.p7b'),
      platformCertificates: [
        await read('certificates/DiiaKey1.cer'),
        await read('certificates/DiiaKey2.cer'),
      ],
    },
    clock,
  });
  const partnerCertificate = await read('certificates/EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer');
  return { opener, sandbox: { profile: 'dstu', dstu: { platformKeys, partnerCertificate } } };
}

/** Empties ./demo-output/ of what an earlier run wrote (only the demo's own files), so it does not pile up. */
async function cleanOutput() {
  await mkdir(outDir, { recursive: true });
  for (const name of await readdir(outDir)) {
    if (
      /^(passport-qr\.png|copy-[0-9a-f-]{36}\.pdf|receipt-[0-9a-f-]{36}\.json|application\.txt(\.p7s)?)$/.test(
        name,
      )
    ) {
      await rm(join(outDir, name));
    }
  }
}

let sandbox;
let server;
// Refused Diia ID deliveries by request id (codes only), and who waits for one.
const diiaIdRefusals = new Map();
let onDiiaIdRefusal = () => {};

try {
  console.log(`\n${t.title}\n`);
  const dstu = profile === 'dstu' ? await dstuSetup() : undefined;
  if (dstu) {
    say(t.keys);
    note(t.clockNote);
  }
  // `diiaId: {}`: the holder's app also signs files in Diia ID (step 5), with the sandbox's own test CAs.
  sandbox = await createSandbox({
    clock,
    consent: 'never',
    seed: 'quickstart',
    diiaId: {},
    ...dstu?.sandbox,
  });
  say(t.sandbox(sandbox.url));

  const trust = remoteJwks(sandbox.jwksUrl);
  const branch = sandbox.addBranch({ name: 'ЦНАП Кривий Ріг' });
  const acceptor = createAcceptor({
    transport: diiaTransport({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken, clock }),
    trust,
    branchId: branch.id,
    clock,
    pollInterval: '250ms',
    opener: dstu?.opener ?? joseOpener({ decryptionKey: sandbox.partnerKeys.privateJwk, trust, clock }),
    // Diia ID signatures are checked against these CAs: the sandbox's here, the platform's
    // CACertificates.p7b in production.
    diiaId: { caCertificates: sandbox.diiaId.caCertificates },
    // The webhook logs codes and ids only; the demo watches for a refused Diia ID delivery (step 6).
    // A 404 (a delivery quicker than the store) or a 503 is delivered again: only a checked one is final.
    logger: (entry) => {
      const final = entry.status < 500 && entry.code !== 'WEBHOOK_REQUEST_UNKNOWN';
      if (entry.event !== 'diia-id-refused' || !final || !entry.requestId) return;
      diiaIdRefusals.set(entry.requestId, entry.code);
      onDiiaIdRefusal();
    },
  });
  server = createServer(toNodeListener(acceptor.webhook));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${server.address().port}/diia/webhook`;
  sandbox.setWebhook(branch.id, webhookUrl);
  say(t.webhook(webhookUrl));
  note(t.branch(branch.id));

  // 1. The holder shows a passport; the desk camera sees its QR code.
  const shown = await sandbox.holder.showDocument('passport');
  say(t.shown);
  await cleanOutput();
  const png = await QRCode.toBuffer(shown.link, { type: 'png', scale: 6, margin: 4 });
  await writeFile(join(outDir, 'passport-qr.png'), png);
  say(t.qr('demo-output/passport-qr.png', png.byteLength));
  const image = PNG.sync.read(png);
  const symbol = decodeFrame({ data: image.data, width: image.width, height: image.height, format: 'rgba' });
  if (!symbol) throw new Error('the QR code could not be decoded');
  const scan = parseScan(symbol.text);
  say(
    t.decoded(
      term(SYMBOL_NAMES, symbol.format, language),
      term(SCAN_NAMES, scan.kind, language),
      scan.kind === 'document-link' ? term(DOCUMENT_NAMES, scan.documentType, language) : undefined,
    ),
  );

  // 2. Validity check and identity confirmation: an answer without personal data.
  const identity = await acceptor.identify(scan);
  if (identity.status !== 'valid') throw Object.assign(new Error('not valid'), { code: identity.reason });
  say(
    t.identified(
      term(DOCUMENT_NAMES, identity.documentType, language),
      term(METHOD_NAMES, identity.method, language),
    ),
  );

  // 3. The digital copy: scan the barcode, ask, wait for consent, receive, verify, keep.
  const session = await acceptor.requestCopy(`${shown.barcode}\r\n`, ['passport']);
  say(t.barcode);
  note(t.requested(session.id));
  sandbox.holder.answer(session.id, 'approve');
  say(t.consent);
  const { copies, receipt } = await session.result();
  const copy = copies[0];
  // A request for `passport` is answered with the holder's concrete passport (internal-passport here).
  say(t.arrived(copies.length, copy.content.byteLength, copy.documentType));
  if (profile === 'dstu') {
    const { subject, serialNumber, edrpou, drfo } = copy.signer;
    note(t.signer(subject, serialNumber, [edrpou && `EDRPOU ${edrpou}`, drfo && `DRFO ${drfo}`]));
  }
  note(t.checks([...copy.checks, ...receipt.checks].map((c) => term(CHECK_NAMES, c, language)).join(', ')));
  const copyFile = `copy-${receipt.requestId}.pdf`;
  const receiptFile = `receipt-${receipt.requestId}.json`;
  await writeFile(join(outDir, copyFile), copy.content);
  await writeFile(join(outDir, receiptFile), receiptToJson(receipt));
  note(t.written(`${copyFile}, ${receiptFile}`));

  // 4. What goes wrong at a desk, each with its stable code. Each line is printed when its step is over,
  // so the time beside it is the step's own.
  const refusalOf = async (promise) => {
    try {
      const value = await promise;
      // identify() never throws: a refusal comes back as a result with its reason code
      if (value?.status && value.status !== 'valid') return new AcceptError(value.reason);
    } catch (error) {
      if (isAcceptError(error)) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };
  const refused = (error) => note(t.refused(error.code, describeError(error, language)));

  const second = await sandbox.holder.showDocument('passport');
  const declined = await acceptor.requestCopy(second.barcode, ['passport']);
  sandbox.holder.answer(declined.id, 'decline');
  const declinedError = await refusalOf(declined.result());
  say(t.declinedStep);
  refused(declinedError);

  const third = await sandbox.holder.showDocument('passport');
  await sandbox.advance('181s');
  const expiredError = await refusalOf(acceptor.identify(third.link));
  say(t.expiredStep);
  refused(expiredError);

  const reusedError = await refusalOf(acceptor.identify(shown.link));
  say(t.reusedStep);
  refused(reusedError);

  // 5. The holder signs an application in the app (Diia ID): the desk sends the file's hash, the app signs
  // it, the signature comes to the same webhook and is verified; the certificate says who signed.
  const application = new TextEncoder().encode(
    t.application(new Date(clock.now()).toISOString().slice(0, 10)),
  );
  await writeFile(join(outDir, 'application.txt'), application);
  const signOffer = sandbox.diiaId.addOffer(branch.id, 'hashedFilesSigning');
  const signing = await acceptor.signFiles({
    offerId: signOffer,
    files: [{ name: 'application.txt', bytes: application }],
  });
  say(t.signRequested('application.txt', application.byteLength));
  note(t.signLink(signing.deeplink));
  const [signed] = (await signing.result()).files;
  const { verification } = signed;
  say(t.signed(signed.name));
  // Personal data (fictional here): printed for the operator, never logged.
  note(t.signedBy(verification.signer.fullName, verification.signer.taxId));
  const signedAt = verification.signedAt === undefined ? undefined : new Date(verification.signedAt);
  note(t.signedWhen(signedAt?.toISOString() ?? '—', verification.level));
  await writeFile(join(outDir, 'application.txt.p7s'), signed.signature);
  note(t.written('application.txt, application.txt.p7s'));

  // 6. The app signs another file's hash instead (a sandbox fault): the webhook refuses the delivery with its
  // code and accepts nothing.
  sandbox.diiaId.setFault('other-file');
  const forged = await acceptor.signFiles({
    offerId: signOffer,
    files: [{ name: 'application.txt', bytes: application }],
  });
  const refusedCode = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the forged signature was not refused in 10 s')), 10_000);
    onDiiaIdRefusal = () => {
      const code = diiaIdRefusals.get(forged.requestId);
      if (code === undefined) return;
      clearTimeout(timer);
      resolve(code);
    };
    onDiiaIdRefusal();
  });
  await forged.cancel();
  say(t.forgedStep);
  refused(new AcceptError(refusedCode));

  console.log(`\n${t.done(Math.round(performance.now() - started))}\n`);
} catch (error) {
  const code = error?.code ?? 'UNEXPECTED';
  console.error(
    `\n${t.failed(code, isAcceptError(error) ? describeError(error, language) : String(error?.message ?? error))}`,
  );
  process.exitCode = 1;
} finally {
  server?.closeAllConnections();
  server?.close();
  await sandbox?.close();
}
