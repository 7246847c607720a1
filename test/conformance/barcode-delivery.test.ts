// 7a. The official samples, assembled into the multipart body the platform really posts in the barcode
// flow (parts encryptedFile, encryptedFileName, encodeData; header X-Document-Request-Trace-Id; metadata
// without requestId), through `createAcceptor(...).webhook` with the dstu opener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { dstuOpener, loadDstuKeys } from '../../src/profiles/dstu/index.js';
import { withEan13CheckDigit } from '../../src/scanner/ean13.js';
import { encodeMultipart, type FormPartInput } from '../../src/share/multipart-encoder.js';
import { CERTS, fixture, KEY6, SAMPLES, sampleDer, TIMES } from '../unit/profiles/dstu/fixtures.js';
import { type Gateway, gatewayDesk, startGateway } from './gateway.js';

const BARCODE = '2858364170864';
const OTHER_BARCODE = withEan13CheckDigit('482000000000');
const FILE_NAME = 'internal-passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e';

let gateway: Gateway;
// The samples are sealed to the partner's Key-6 and signed by its own signing key: trusted here as the platform.
const key6 = await loadDstuKeys(KEY6);

beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

function desk() {
  const clock = manualClock(TIMES.partnerCertsValid);
  const opener = dstuOpener({
    keys: key6,
    trust: {
      caBundle: fixture(CERTS.bundle),
      platformCertificates: [fixture(CERTS.partnerSign), fixture(CERTS.partnerAgree)],
    },
    clock,
  });
  return gatewayDesk(gateway, opener, clock);
}

interface Shape {
  readonly file?: Uint8Array;
  readonly metadata?: Uint8Array;
  readonly fileName?: string;
  readonly fileContentType?: string;
  readonly mixed?: boolean;
}

/** The real barcode-flow delivery, built from the samples. */
function delivery(traceId: string, shape: Shape = {}): Request {
  const name = shape.fileName ?? FILE_NAME;
  const parts: FormPartInput[] = [
    {
      name: 'encryptedFile',
      filename: name,
      contentType: shape.fileContentType ?? 'application/octet-stream',
      value: shape.file ?? fixture(SAMPLES.pdf),
    },
    { name: 'encryptedFileName', value: name },
    { name: 'encodeData', value: shape.metadata ?? fixture(SAMPLES.json) },
  ];
  const { body, contentType } = encodeMultipart(parts);
  return new Request('https://partner.example/diia/webhook', {
    method: 'POST',
    headers: {
      'content-type': shape.mixed
        ? contentType.replace('multipart/form-data', 'multipart/mixed')
        : contentType,
      'X-Document-Request-Trace-Id': traceId,
    },
    body,
  });
}

async function errorCodeOf(response: Response): Promise<string> {
  return ((await response.json()) as { error?: string }).error ?? 'none';
}

describe('conformance: the official barcode-flow delivery', { timeout: 120_000 }, () => {
  it('is stored as a verified copy byte-identical to the sample PDF, with a receipt', async () => {
    const { acceptor, store } = desk();
    // The real document-request names no document type: the holder's shown document is what comes.
    const session = await acceptor.requestCopy(BARCODE);
    const sent = gateway.seen.find((s) => s.path === '/api/v1/acquirers/document-request');
    expect(sent).toBeDefined();
    const response = await acceptor.webhook(delivery(session.id));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true });

    const { copies, receipt, delivery: stored } = await session.result();
    expect(copies).toHaveLength(1);
    expect(copies[0]!.documentType).toBe('internal-passport');
    expect(copies[0]!.content).toEqual(fixture(SAMPLES.pdfPlain));
    expect(copies[0]!.checks).toContain('certificate-chain-valid');
    expect(stored.metadata.barcode).toBe(BARCODE);
    expect(stored.metadata.requestId).toBeUndefined();
    expect(receipt.requestId).toBe(session.id);
    expect(receipt.documentTypes).toEqual(['internal-passport']);
    expect(receipt.copies).toHaveLength(1);
    expect(receipt.copies[0]!.size).toBe(139_796);
    expect(receipt.copies[0]!.fileName).toBe(
      'internal-passport-*************-02.04.2021-09_48_26.pdf.p7s.p7e',
    );
    expect(receipt.checks).toEqual(expect.arrayContaining(['trace-id-matches', 'barcode-matches']));
    expect((await store.get(session.id))?.state).toBe('delivered');
  });

  it('a request for passport is satisfied by the internal-passport that comes', async () => {
    const { acceptor } = desk();
    const session = await acceptor.requestCopy(BARCODE, ['passport']);
    expect((await acceptor.webhook(delivery(session.id))).status).toBe(200);
    expect((await session.result()).copies[0]!.documentType).toBe('internal-passport');
  });

  it('takes the sealed part as DER, under any content type, and as multipart/mixed', async () => {
    for (const shape of [
      { file: sampleDer(SAMPLES.pdf), metadata: sampleDer(SAMPLES.json) },
      { fileContentType: 'text/plain; charset=us-ascii' },
      { mixed: true },
    ]) {
      const { acceptor } = desk();
      const session = await acceptor.requestCopy(BARCODE);
      const response = await acceptor.webhook(delivery(session.id, shape));
      expect(response.status).toBe(200);
      expect((await session.result()).copies[0]!.content).toEqual(fixture(SAMPLES.pdfPlain));
    }
  });

  it('refuses what contradicts the request or the metadata, and stores nothing', async () => {
    const cases: [string, (string | undefined)[], Shape, string][] = [
      ['another barcode was asked for', [OTHER_BARCODE], {}, 'WEBHOOK_BARCODE_MISMATCH'],
      ['another type was expected', [BARCODE, 'driver-license'], {}, 'WEBHOOK_DOCUMENT_TYPES_MISMATCH'],
      [
        'the file name names another type',
        [BARCODE],
        { fileName: 'driver-license-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e' },
        'WEBHOOK_FILE_NAME_MISMATCH',
      ],
      [
        'the file name names another barcode',
        [BARCODE],
        { fileName: `internal-passport-${OTHER_BARCODE}-02.04.2021-09_48_26.pdf.p7s.p7e` },
        'WEBHOOK_FILE_NAME_MISMATCH',
      ],
    ];
    for (const [what, [barcode, type], shape, code] of cases) {
      const { acceptor, store } = desk();
      const session = await acceptor.requestCopy(barcode!, type ? [type as 'driver-license'] : undefined);
      const response = await acceptor.webhook(delivery(session.id, shape));
      expect(await errorCodeOf(response), what).toBe(code);
      expect(await store.getDelivery(session.id), what).toBeUndefined();
      expect((await store.get(session.id))?.state, what).toBe('awaiting-consent');
    }
  });

  it('never keeps an unsafe file name: separators, controls and bidi characters are removed', async () => {
    const { acceptor } = desk();
    const session = await acceptor.requestCopy(BARCODE);
    const hostile = '../../etc/\u202Einternal-passport-2858364170864-02.04.2021-09_48_26.pdf.p7s.p7e\u0007';
    expect((await acceptor.webhook(delivery(session.id, { fileName: hostile }))).status).toBe(200);
    const { copies, receipt } = await session.result();
    for (const name of [copies[0]!.fileName, receipt.copies[0]!.fileName]) {
      expect(name).toBeDefined();
      expect(name).not.toMatch(/[/\\\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
      expect(name).toContain('02.04.2021-09_48_26.pdf.p7s.p7e');
    }
  });

  it('refuses an oversized metadata part before opening it, with its own code', async () => {
    const { acceptor, store } = desk();
    const session = await acceptor.requestCopy(BARCODE);
    const huge = new Uint8Array(2 * 1024 * 1024).fill(0x41);
    const response = await acceptor.webhook(delivery(session.id, { metadata: huge }));
    expect(response.status).toBe(413);
    expect(await errorCodeOf(response)).toBe('WEBHOOK_PART_TOO_LARGE');
    expect(await store.getDelivery(session.id)).toBeUndefined();
  });
});
