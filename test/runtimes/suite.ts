// The conformance suite: the SDK's pure parts, exercised through their public entry points, on every runtime.
import { SignJWT } from 'jose';
import { AcceptError, describeError, isAcceptError, manualClock, parseDuration } from '../../src/index.js';
import {
  cfbDecrypt,
  cfbDecryptInSlices,
  cfbEncrypt,
  gostKey,
} from '../../src/profiles/dstu/lib/gost28147.js';
import { gost34311, gost34311InSlices } from '../../src/profiles/dstu/lib/gost34311.js';
import { nextTask } from '../../src/profiles/dstu/lib/slices.js';
import { decodeSealed, decodeSealedInSlices, encodeSealed } from '../../src/profiles/dstu/sealed-text.js';
import {
  generatePartnerKeys,
  generatePlatformKeys,
  joseOpener,
  joseSealer,
} from '../../src/profiles/jose/index.js';
import { diiaIdVerifier } from '../../src/diia-id/index.js';
import { createEcTestCa, signCadesBes } from '../../src/sandbox/citizen-ca.js';
import { assertEan13, createFrameDecoder, isValidEan13, parseScan } from '../../src/scanner/index.js';
import { createWebhookHandler, memoryShareStore, TRACE_ID_HEADER } from '../../src/share/index.js';
import { encodeMultipart } from '../../src/share/multipart-encoder.js';
import { transitionOf } from '../../src/share/state.js';
import {
  memoryReplayGuard,
  type PublicJwk,
  pinnedKeys,
  verifyDocumentToken,
} from '../../src/verify/index.js';
import { assert, assertEqual, assertRejectsWith, check } from './harness.js';

export { run } from './harness.js';

check('errors carry stable codes and speak Ukrainian', () => {
  const error = new AcceptError('CODE_ALREADY_USED');
  assert(isAcceptError(error, 'CODE_ALREADY_USED'), 'brand check');
  assert(describeError(error, 'uk').startsWith('Цей код уже використано'), 'Ukrainian text');
});

check('an injected clock and durations', () => {
  const clock = manualClock('2026-01-01T00:00:00Z');
  clock.advance('3m');
  assertEqual(clock.now(), Date.parse('2026-01-01T00:03:00Z'), 'advanced by three minutes');
  assertEqual(parseDuration('2h'), 7_200_000, 'two hours');
});

check('EAN-13 check digits', async () => {
  assert(isValidEan13('2858364170864'), 'the sample barcode is valid');
  await assertRejectsWith(() => assertEan13('2858364170865'), 'SCAN_CHECK_DIGIT', 'a wrong check digit');
});

check('web-standard crypto is there (the verify and share code need it)', async () => {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  assertEqual(
    hex,
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'SHA-256("abc"), FIPS 180-2',
  );
});

check('the dstu opener works in slices with turns of the event loop, byte-identical', async () => {
  // Several slices of each pass, so the runtime's macrotask boundary (setImmediate, MessageChannel or
  // setTimeout) is taken; a boundary that never fires would hang here.
  const data = new Uint8Array(300 * 1024 + 5);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >>> 8)) & 255;
  const key = gostKey(new Uint8Array(32).fill(7));
  const iv = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  const cipher = cfbEncrypt(key, iv, data);
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  assertEqual(
    hex(await cfbDecryptInSlices(key, iv, cipher)),
    hex(cfbDecrypt(key, iv, cipher)),
    'CFB decryption',
  );
  assertEqual(hex(await gost34311InSlices(data)), hex(gost34311(data)), 'GOST 34.311');
  const text = encodeSealed(data);
  assertEqual(hex(await decodeSealedInSlices(text, 4096)), hex(decodeSealed(text)), 'base64 of the part');
  let ran = false;
  setTimeout(() => {
    ran = true;
  }, 0);
  for (let i = 0; i < 1000 && !ran; i++) await nextTask();
  assert(ran, 'a timer queued before runs between turns');
});

// ── Scans ────────────────────────────────────────────────────────────────────────────────────────────
check('scans are classified; look-alike hosts are refused', () => {
  const link =
    'https://diia.app/documents/passport/5f1c0a3b9d2e4f6a7b8c9d0e/verify/1b4e28ba-2fa1-4d3b-a3f5-ef19a1b2c3d4';
  assertEqual(parseScan(`]Q1${link}\r\n`).kind, 'document-link', 'an AIM-prefixed link');
  assertEqual(parseScan('2858364170864').kind, 'barcode', 'the sample barcode');
  const evil = parseScan(link.replace('diia.app', 'diia.app.evil.example'));
  assertEqual(evil.kind, 'unknown', 'a look-alike host');
});

// ── Signed document tokens ──────────────────────────────────────────────────────────────────────────
const T0 = Date.parse('2026-11-30T09:00:00Z');

// ── Image decoding ───────────────────────────────────────────────────────────────────────────────────
// "DIIA-ACCEPT" as a version-1 QR code (21×21 modules, level L), one row a number, most significant bit left.
const KNOWN_ROWS = [
  2087295, 1067329, 1529181, 1528413, 1530973, 1065025, 2086271, 3072, 1987741, 663967, 217452, 983464,
  846354, 6284, 2080971, 1065978, 1526347, 1528990, 1529480, 1069924, 2086682,
];

check('the default image decoder: ZXing-C++ where the runtime reads files and runs WebAssembly', async () => {
  const scale = 4;
  const side = (21 + 8) * scale;
  const data = new Uint8Array(side * side).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - 4;
      const col = Math.floor(x / scale) - 4;
      if (row >= 0 && row < 21 && col >= 0 && col < 21 && ((KNOWN_ROWS[row]! >> (20 - col)) & 1) === 1) {
        data[y * side + x] = 0;
      }
    }
  }
  const decoder = await createFrameDecoder();
  const symbol = await decoder.decodeFrame({ data, width: side, height: side, format: 'luma' });
  assertEqual(symbol?.text, 'DIIA-ACCEPT', `read by ${decoder.engine}`);
  const g = globalThis as { Deno?: unknown; Bun?: unknown; process?: { versions?: { node?: string } } };
  const server = g.Deno !== undefined || g.Bun !== undefined || g.process?.versions?.node !== undefined;
  if (server) assertEqual(decoder.engine, 'zxing-cpp', 'the engine on a server runtime');
});

async function platform() {
  const keys = await generatePlatformKeys({ kid: 'platform-1', alg: 'ES256' });
  const trust = await pinnedKeys([keys.publicJwk as PublicJwk]);
  return { keys, trust };
}

check('a signed document token verifies once, then is used (jose, WebCrypto, injected clock)', async () => {
  const { keys, trust } = await platform();
  const iat = Math.floor(T0 / 1000);
  const token = await new SignJWT({ doc: 'passport', handle: 'a1b2c3' })
    .setProtectedHeader({ alg: 'ES256', typ: 'diia-document+jwt', kid: 'platform-1' })
    .setIssuer('urn:diia-accept:sandbox')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 180)
    .setJti('1b4e28ba-2fa1-4d3b-a3f5-ef19a1b2c3d4')
    .sign(keys.privateKey);
  const clock = manualClock(T0 + 10_000);
  const replay = memoryReplayGuard({ clock });
  const first = await verifyDocumentToken(token, { trust, clock, replay });
  assertEqual(first.status, 'valid', 'first presentation');
  const second = await verifyDocumentToken(token, { trust, clock, replay });
  assertEqual(
    second.status === 'valid' ? 'valid' : second.reason,
    'CODE_ALREADY_USED',
    'second presentation',
  );
  clock.advance('10m');
  const late = await verifyDocumentToken(token, { trust, clock });
  assertEqual(late.status === 'valid' ? 'valid' : late.reason, 'TOKEN_EXPIRED', 'after its 180 seconds');
});

check('alg "none" is refused', async () => {
  const { trust } = await platform();
  const b64 = (o: unknown) =>
    btoa(JSON.stringify(o)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
  const token = `${b64({ alg: 'none', typ: 'diia-document+jwt', kid: 'platform-1' })}.${b64({ doc: 'passport' })}.`;
  const result = await verifyDocumentToken(token, { trust, clock: manualClock(T0) });
  assert(result.status === 'invalid', 'refused');
});

// ── Sealed copies (jose profile) and detached signatures ────────────────────────────────────────────
check('a sealed copy opens to the same bytes; one flipped bit is refused', async () => {
  const { keys, trust } = await platform();
  const partner = await generatePartnerKeys({ kid: 'partner-1' });
  const clock = manualClock(T0);
  const sealer = joseSealer({ signingKey: keys.privateJwk, recipientKey: partner.publicJwk, clock });
  const opener = joseOpener({ decryptionKey: partner.privateJwk, trust, clock });
  const content = new TextEncoder().encode('%PDF-1.7 a synthetic copy');
  const sealed = await sealer.seal(content);
  const opened = await opener.open(sealed);
  assertEqual([...opened.content], [...content], 'content');
  assert(opened.checks.includes('signature-valid'), 'signature checked');
  const tampered = sealed.slice();
  const at = Math.floor(tampered.length * 0.6);
  tampered[at] = tampered[at] === 0x41 ? 0x42 : 0x41; // a base64url letter for another
  let refused = false;
  try {
    await opener.open(tampered);
  } catch (error) {
    refused = isAcceptError(error);
  }
  assert(refused, 'tampered ciphertext refused with an AcceptError');
});

// ── Diia ID signatures (ECDSA through WebCrypto) ─────────────────────────────────────────────────────
check('a Diia ID ECDSA signature verifies with its signer named; another file is refused', async () => {
  const now = Date.parse('2026-06-01T09:00:00Z');
  const ca = await createEcTestCa({ seed: 'runtimes', now });
  const citizen = await ca.issueCitizen();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('заява')));
  const signature = await signCadesBes({ signer: citizen, digest, signingTime: now - 60_000 });
  const verify = diiaIdVerifier({ caCertificates: [ca.certificate.der], clock: manualClock(now) });
  const context = {
    digest,
    digestAlgorithm: 'sha256',
    signAlgo: 'ECDSA',
    at: now,
    requestedAt: now - 120_000,
  } as const;
  const result = await verify(signature, context);
  assertEqual(result.signer.taxId, citizen.citizen?.taxId, 'the tax number');
  assertEqual(result.level, 'BES', 'the CAdES level');
  await assertRejectsWith(
    () => verify(signature, { ...context, digest: new Uint8Array(32) }),
    'SIGNATURE_DIGEST_MISMATCH',
    'another file',
  );
});

// ── The share state machine ──────────────────────────────────────────────────────────────────────────
check('share sessions follow the state machine', async () => {
  assertEqual(transitionOf('accepted').to, 'awaiting-consent', 'accepted');
  assert(transitionOf('delivered').from.includes('awaiting-consent'), 'delivered from awaiting-consent');
  assert(!transitionOf('declined').from.includes('delivered'), 'a final state is final');
});

// ── The webhook handler, called with a web-standard Request ─────────────────────────────────────────
check(
  'the webhook stores a verified delivery before answering 200, and a duplicate stores nothing twice',
  async () => {
    const { keys, trust } = await platform();
    const partner = await generatePartnerKeys({ kid: 'partner-1' });
    const clock = manualClock(T0 + 30_000);
    const sealer = joseSealer({ signingKey: keys.privateJwk, recipientKey: partner.publicJwk, clock });
    const store = memoryShareStore({ clock });
    const handler = createWebhookHandler({
      opener: joseOpener({ decryptionKey: partner.privateJwk, trust, clock }),
      store,
      clock,
    });
    const requestId = '0b9f5c1e-7a55-4bc1-9a53-000000000001';
    const barcode = '2858364170864';
    await store.create({
      id: requestId,
      flow: 'barcode',
      branchId: 'branch-1',
      documentTypes: ['passport'],
      barcode,
      state: 'awaiting-consent',
      createdAt: T0,
      expiresAt: T0 + 180_000,
      updatedAt: T0,
    });
    const encoder = new TextEncoder();
    const fileName = `internal-passport-${barcode}-30.11.2026-09_00_30.pdf.jws.jwe`;
    // The barcode flow's real metadata: no requestId, the concrete type a passport request delivers.
    const metadata = JSON.stringify({
      barcode,
      documentTypes: ['internal-passport'],
      data: { 'internal-passport': { docNumber: '000000001' } },
    });
    const parts = [
      {
        name: 'encryptedFile',
        filename: fileName,
        contentType: 'application/jose',
        value: await sealer.seal(encoder.encode('%PDF-1.7 copy')),
      },
      { name: 'encryptedFileName', value: fileName },
      { name: 'encodeData', value: await sealer.seal(encoder.encode(metadata)) },
    ];
    const post = () => {
      const { body, contentType } = encodeMultipart(parts);
      return new Request('http://partner.test/diia/webhook', {
        method: 'POST',
        headers: { 'content-type': contentType, [TRACE_ID_HEADER]: requestId },
        body,
      });
    };
    const first = await handler(post());
    assertEqual([first.status, await first.json()], [200, { success: true }], 'first delivery');
    assert((await store.getDelivery(requestId)) !== undefined, 'stored');
    assertEqual((await store.get(requestId))?.state, 'delivered', 'session delivered');
    const again = await handler(post());
    assertEqual(again.status, 200, 'a duplicate is acknowledged');
    const wrong = await handler(
      new Request('http://partner.test/diia/webhook', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
      }),
    );
    assertEqual(wrong.status, 415, 'a wrong content type');
  },
);
