// Every public options object refuses a key it does not know, with INVALID_ARGUMENT naming the key, before
// it does anything else: a misspelt option (`tryHarder`, `timeoutMS`, `allowedHost`) must not be accepted
// and silently ignored. One case per public options type; each passes the unknown key next to nothing else
// (or next to valid values), so the refusal can only come from the unknown-key check.
import { describe, expect, it } from 'vitest';
import { createAcceptor } from '../../src/acceptor.js';
import { createDiiaId } from '../../src/diia-id/diia-id.js';
import { memoryDiiaIdStore } from '../../src/diia-id/store.js';
import { diiaIdVerifier } from '../../src/diia-id/verify.js';
import { createDiiaIdWebhook } from '../../src/diia-id/webhook.js';
import { isAcceptError } from '../../src/errors.js';
import { toNodeListener } from '../../src/node/listener.js';
import { redisDiiaIdStore } from '../../src/node/redis-diia-id-store.js';
import { redisReplayGuard } from '../../src/node/redis-replay.js';
import { redisShareStore } from '../../src/node/redis-share-store.js';
import { settlementHub } from '../../src/node/redis-share-watch.js';
import { undiciFetch } from '../../src/node/undici-fetch.js';
import { optionKeys, refuseUnknownOptions } from '../../src/options.js';
import { dstuOpener } from '../../src/profiles/dstu/open.js';
import { dstuSealer } from '../../src/profiles/dstu/sealer.js';
import { joseOpener } from '../../src/profiles/jose/open.js';
import { joseSealer } from '../../src/profiles/jose/seal.js';
import { createSandbox } from '../../src/sandbox/sandbox.js';
import { startCameraScanner } from '../../src/scanner/browser/camera.js';
import { checkRoi } from '../../src/scanner/browser/camera-setup.js';
import { runDecodeWorker } from '../../src/scanner/browser/decode-worker.js';
import { attachKeyboardScanner } from '../../src/scanner/browser/dom-keyboard.js';
import { connectSerialScanner } from '../../src/scanner/browser/web-serial.js';
import { connectHidScanner } from '../../src/scanner/browser/webhid.js';
import { decodeFrame } from '../../src/scanner/engines/zxing-js.js';
import { createFrameDecoder } from '../../src/scanner/frame-decoder.js';
import { createHidPosDecoder } from '../../src/scanner/hidpos.js';
import { scannerKeystrokes } from '../../src/scanner/keystrokes.js';
import { findHidPosScanners, openHidPosScanner } from '../../src/scanner/node/node-hid.js';
import { superviseScanner } from '../../src/scanner/node/reconnect.js';
import { openSerialScanner } from '../../src/scanner/node/serialport.js';
import { readTerminalScanner } from '../../src/scanner/node/tty.js';
import { parseDocumentCode, parseScan } from '../../src/scanner/parse.js';
import { createSerialFramer } from '../../src/scanner/serial-framing.js';
import { createWedgeDecoder } from '../../src/scanner/wedge.js';
import { createShare } from '../../src/share/request.js';
import { memoryShareStore } from '../../src/share/store.js';
import { createWebhookHandler } from '../../src/share/webhook.js';
import { diiaTransport } from '../../src/transport/diia.js';
import { identify } from '../../src/verify/identify.js';
import { remoteJwks } from '../../src/verify/remote-jwks.js';
import { memoryReplayGuard } from '../../src/verify/replay.js';
import { verifyDocumentToken } from '../../src/verify/token.js';

const BOGUS = { tryHarder: true };

/** How a call ended: the AcceptError code and detail it threw or rejected with. */
async function refusal(call: () => unknown): Promise<string> {
  try {
    await call();
    return 'accepted';
  } catch (error) {
    return isAcceptError(error) ? `${error.code}: ${error.detail}` : `not an AcceptError: ${String(error)}`;
  }
}

const frame = { data: new Uint8Array(64 * 64), width: 64, height: 64, format: 'luma' as const };
const unused = () => {
  throw new Error('must not be called');
};

// [public options type, the call that takes it]
const CASES: [string, (options: never) => unknown][] = [
  ['AcceptorOptions', (o) => createAcceptor(o)],
  ['RedisReplayGuardOptions', (o) => redisReplayGuard(o)],
  ['RedisShareStoreOptions', (o) => redisShareStore(o)],
  ['SettlementHubOptions', (o) => settlementHub(o)],
  ['NodeListenerOptions', (o) => toNodeListener(async () => new Response(), o)],
  ['UndiciFetchOptions', (o) => undiciFetch(o)],
  ['DstuOpenerOptions', (o) => dstuOpener(o)],
  ['DstuSealerOptions', (o) => dstuSealer(o)],
  ['JoseOpenerOptions', (o) => joseOpener(o)],
  ['JoseSealerOptions', (o) => joseSealer(o)],
  ['SandboxOptions', (o) => createSandbox(o)],
  ['CameraScannerOptions', (o) => startCameraScanner(o)],
  ['DecodeWorkerOptions', (o) => runDecodeWorker({ addEventListener: unused, postMessage: unused }, o)],
  ['KeyboardScannerOptions (browser)', (o) => attachKeyboardScanner(o)],
  ['WebSerialScannerOptions', (o) => connectSerialScanner(o)],
  ['WebHidScannerOptions', (o) => connectHidScanner(o)],
  ['FindHidScannersOptions', (o) => findHidPosScanners(o)],
  ['HidScannerOptions (node-hid)', (o) => openHidPosScanner(o)],
  ['SerialScannerOptions (serialport)', (o) => openSerialScanner(o)],
  ['TerminalScannerOptions', (o) => readTerminalScanner(o)],
  ['FrameDecoderOptions', (o) => createFrameDecoder(o)],
  ['DecodeFrameOptions', (o) => decodeFrame(frame, o)],
  ['SerialFramerOptions', (o) => createSerialFramer(o)],
  ['HidPosOptions', (o) => createHidPosDecoder(o)],
  ['KeystrokeOptions', (o) => scannerKeystrokes('2858364170864', o)],
  ['ScanOptions (parseScan)', (o) => parseScan('2858364170864', o)],
  ['ScanOptions (parseDocumentCode)', (o) => parseDocumentCode('2858364170864', o)],
  ['WedgeOptions', (o) => createWedgeDecoder(o)],
  ['ShareOptions', (o) => createShare(o)],
  ['MemoryShareStoreOptions', (o) => memoryShareStore(o)],
  ['WebhookOptions', (o) => createWebhookHandler(o)],
  ['DiiaTransportOptions', (o) => diiaTransport(o)],
  [
    'CallOptions',
    (o) =>
      diiaTransport({ baseUrl: 'https://platform.example', acquirerToken: 'token', fetch: unused }).identify(
        { branchId: 'branch', code: { kind: 'barcode', barcode: '2858364170864' } },
        o,
      ),
  ],
  ['IdentifyOptions', (o) => identify({ kind: 'barcode', barcode: '2858364170864' } as never, o)],
  ['RemoteJwksOptions', (o) => remoteJwks('https://platform.example/jwks', o)],
  ['MemoryReplayGuardOptions', (o) => memoryReplayGuard(o)],
  ['DocumentTokenOptions', (o) => verifyDocumentToken('a.b.c', o)],
  ['DiiaIdOptions', (o) => createDiiaId(o)],
  ['DiiaIdVerifierOptions', (o) => diiaIdVerifier(o)],
  ['DiiaIdWebhookOptions', (o) => createDiiaIdWebhook(o)],
  ['MemoryDiiaIdStoreOptions', (o) => memoryDiiaIdStore(o)],
  ['RedisDiiaIdStoreOptions', (o) => redisDiiaIdStore(o)],
  [
    'AcceptorDiiaIdOptions',
    (o) => createAcceptor({ transport: {}, trust: {}, branchId: 'b-1', diiaId: o } as never),
  ],
];

describe('unknown option keys', () => {
  it.each(CASES)('%s: an unknown key is refused with INVALID_ARGUMENT naming it', async (_name, call) => {
    expect(await refusal(() => call(BOGUS as never))).toMatch(
      /^INVALID_ARGUMENT: .*unknown option 'tryHarder'/,
    );
  });

  it('decodeFrame with its valid options still reads, and with tryHarder is refused', async () => {
    expect(decodeFrame(frame, { formats: ['qr-code'], effort: 'fast', maxSide: 64 })).toBeNull();
    expect(await refusal(() => decodeFrame(frame, { formats: ['qr-code'], tryHarder: true } as never))).toBe(
      "INVALID_ARGUMENT: decodeFrame: unknown option 'tryHarder'",
    );
  });

  it('nested rectangles refuse unknown keys too (decodeFrame region, camera roi)', async () => {
    const region = { x: 0, y: 0, width: 32, height: 32, z: 1 };
    expect(await refusal(() => decodeFrame(frame, { region } as never))).toBe(
      "INVALID_ARGUMENT: region: unknown option 'z'",
    );
    expect(await refusal(() => checkRoi({ x: 0, y: 0, width: 1, height: 1, left: 0 } as never))).toBe(
      "INVALID_ARGUMENT: roi: unknown option 'left'",
    );
  });

  it('Diia ID requests, limits and the sandbox app refuse unknown keys too', async () => {
    const diiaId = createDiiaId({
      transport: { createOfferRequest: unused },
      verify: async () => unused(),
    });
    expect(
      await refusal(() => diiaId.signFiles({ branchId: 'b', offerId: 'o', files: [], filez: 1 } as never)),
    ).toBe("INVALID_ARGUMENT: signFiles: unknown option 'filez'");
    expect(await refusal(() => diiaId.login({ branchId: 'b', offerId: 'o', hash: 'x' } as never))).toBe(
      "INVALID_ARGUMENT: login: unknown option 'hash'",
    );
    expect(
      await refusal(() =>
        createDiiaIdWebhook({ store: {}, verify: unused, limits: { maxItem: 1 } } as never),
      ),
    ).toBe("INVALID_ARGUMENT: createDiiaIdWebhook limits: unknown option 'maxItem'");
    expect(await refusal(() => createSandbox({ diiaId: { faults: 'other-file' } } as never))).toMatch(
      /^INVALID_ARGUMENT: .*unknown option 'faults'/,
    );
  });

  it('nested options objects refuse unknown keys too (transport timeouts and retries, webhook limits, sandbox)', async () => {
    const transport = { baseUrl: 'https://platform.example', acquirerToken: 'token', fetch: unused };
    expect(await refusal(() => diiaTransport({ ...transport, timeouts: { requestMs: 1 } } as never))).toBe(
      "INVALID_ARGUMENT: diiaTransport timeouts: unknown option 'requestMs'",
    );
    expect(await refusal(() => diiaTransport({ ...transport, retries: { attempt: 2 } } as never))).toBe(
      "INVALID_ARGUMENT: diiaTransport retries: unknown option 'attempt'",
    );
    // retries: false stays a valid way to turn them off.
    expect(
      await refusal(() => diiaTransport({ ...transport, retries: false, timeouts: { login: '5s' } })),
    ).toBe('accepted');
    const webhook = { opener: { open: unused }, store: memoryShareStore() } as never as object;
    expect(await refusal(() => createWebhookHandler({ ...webhook, limits: { maxBytes: 1 } } as never))).toBe(
      "INVALID_ARGUMENT: createWebhookHandler limits: unknown option 'maxBytes'",
    );
    expect(await refusal(() => createSandbox({ rateLimit: { limit: 1, windowMs: 1 } } as never))).toBe(
      "INVALID_ARGUMENT: createSandbox rateLimit: unknown option 'windowMs'",
    );
    expect(await refusal(() => createSandbox({ delivery: { retries: {} } } as never))).toBe(
      "INVALID_ARGUMENT: createSandbox delivery: unknown option 'retries'",
    );
    expect(await refusal(() => createSandbox({ delivery: { retry: { delay: '1s' } } } as never))).toBe(
      "INVALID_ARGUMENT: createSandbox delivery.retry: unknown option 'delay'",
    );
    expect(await refusal(() => createSandbox({ delivery: { faults: { failfirst: 1 } } } as never))).toBe(
      "INVALID_ARGUMENT: createSandbox delivery.faults: unknown option 'failfirst'",
    );
  });

  it("a scanner's reconnect options refuse unknown keys", async () => {
    const connect = async () => ({ device: 'test', close: async () => {} });
    expect(
      await refusal(() => superviseScanner(connect as never, { initialDelay: 1 } as never, undefined)),
    ).toBe("INVALID_ARGUMENT: reconnect: unknown option 'initialDelay'");
  });

  it('parseScan keeps accepting its own options and refuses a misspelt one', async () => {
    expect(parseScan('2858364170864', { allowedHosts: ['diia.app'], maxLength: 100 }).kind).toBe('barcode');
    expect(await refusal(() => parseScan('x', { allowedHost: ['diia.app'] } as never))).toBe(
      "INVALID_ARGUMENT: parseScan: unknown option 'allowedHost'",
    );
  });
});

describe('one ScanOptions under one key, `scan`, for every decoder', () => {
  const bad = { scan: { allowedHost: ['diia.app'] } };
  // Each is refused when the decoder is made, not at the first scan it reads.
  it.each<[string, () => unknown]>([
    ['createWedgeDecoder', () => createWedgeDecoder(bad as never)],
    ['createSerialFramer', () => createSerialFramer(bad as never)],
    ['createHidPosDecoder', () => createHidPosDecoder(bad as never)],
    ['startCameraScanner', () => startCameraScanner({ onScan: unused, ...bad } as never)],
    ['connectSerialScanner', () => connectSerialScanner({ onScan: unused, ...bad } as never)],
    ['connectHidScanner', () => connectHidScanner({ onScan: unused, ...bad } as never)],
    ['attachKeyboardScanner', () => attachKeyboardScanner({ onScan: unused, ...bad } as never)],
    ['readTerminalScanner', () => readTerminalScanner(bad as never)],
    ['openSerialScanner', () => openSerialScanner({ path: '/dev/null', load: unused, ...bad } as never)],
    ['openHidPosScanner', () => openHidPosScanner({ load: unused, ...bad } as never)],
    ['createAcceptor', () => createAcceptor({ transport: {}, trust: {}, branchId: 'b-1', ...bad } as never)],
  ])('%s refuses an unknown key inside `scan`', async (_name, call) => {
    expect(await refusal(call)).toBe("INVALID_ARGUMENT: parseScan: unknown option 'allowedHost'");
  });
});

describe('refuseUnknownOptions', () => {
  const keys = optionKeys<{ a?: number; b?: string }>({ a: true, b: true });

  it('passes known keys, undefined and null; refuses other values and names the first unknown key', async () => {
    for (const ok of [undefined, null, {}, { a: 1 }, { a: 1, b: 'x' }, { a: undefined }]) {
      expect(() => refuseUnknownOptions(ok, keys, 'f')).not.toThrow();
    }
    expect(await refusal(() => refuseUnknownOptions({ z: 1, c: 2, a: 1 }, keys, 'f'))).toBe(
      "INVALID_ARGUMENT: f: unknown option 'c'",
    );
    for (const bad of [42, 'a', [1], true]) {
      expect(await refusal(() => refuseUnknownOptions(bad, keys, 'f'))).toBe(
        'INVALID_ARGUMENT: f: options must be an object',
      );
    }
  });

  it('names a hostile key without control characters and within a bounded length', async () => {
    const detail = await refusal(() => refuseUnknownOptions({ [`x\n${'y'.repeat(500)}`]: 1 }, keys, 'f'));
    expect(detail).not.toContain('\n');
    expect(detail.length).toBeLessThan(120);
  });

  it('ignores inherited and symbol keys: only own enumerable string keys are options', () => {
    const inherited = Object.create({ polluted: true }) as object;
    expect(() => refuseUnknownOptions(inherited, keys, 'f')).not.toThrow();
    expect(() => refuseUnknownOptions({ [Symbol('s')]: 1 }, keys, 'f')).not.toThrow();
  });
});
