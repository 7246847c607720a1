// 7b. A deeplink-flow delivery as the platform posts it: one part per file, named by its concrete document
// type (the name repeats for two files of one type), plus `encodeData` whose metadata has the shape the
// official Java SDK reads (`{ requestId, documentTypes, data: { <type>: [ {…}, {…} ] } }`). Sealed with the
// official test keys: the platform's DiiaTest.pfx signs, the partner's Key-6.dat opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { sha256Hex } from '../../src/digest.js';
import { encodeMultipart, type FormPartInput } from '../../src/share/multipart-encoder.js';
import { fixture, officialSealerAndOpener, SAMPLES } from '../unit/profiles/dstu/fixtures.js';
import { type Gateway, gatewayDesk, startGateway } from './gateway.js';

// Inside the validity of the platform's test certificates (they expired 2024-04-05).
const clock = manualClock('2024-03-01T10:00:00Z');
const { sealer, opener } = await officialSealerAndOpener(clock);

const pdfA = fixture(SAMPLES.pdfPlain);
// A second, different copy: the sample PDF with a trailing comment line (still a valid PDF).
const pdfB = new Uint8Array([...pdfA, ...new TextEncoder().encode('% second copy\n')]);
const sealedA = await sealer.seal(pdfA);
const sealedB = await sealer.seal(pdfB);

const entry = (docNumber: string) => ({
  taxpayerNumber: '1234567001',
  docNumber,
  lastNameUA: 'Дія',
  firstNameUA: 'Надія',
  middleNameUA: 'Володимирівна',
  birthday: '17.01.1997',
  issueDate: '12.09.2018',
  expirationDate: '12.09.2028',
  recordNumber: '19970117-7001',
  department: '1263',
});

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway('https://diia.app/acquirers/offer-request/dynamic/123');
});
afterAll(() => gateway.close());

const desk = () => gatewayDesk(gateway, opener, clock);

async function post(
  acceptor: ReturnType<typeof desk>['acceptor'],
  traceId: string,
  metadata: unknown,
  files: readonly [string, Uint8Array][],
): Promise<Response> {
  const parts: FormPartInput[] = files.map(([type, sealed], i) => ({
    name: type,
    filename: `${type}-${i}.pdf.p7s.p7e`,
    contentType: 'application/octet-stream',
    value: sealed,
  }));
  const sealedMeta = await sealer.seal(new TextEncoder().encode(JSON.stringify(metadata)));
  parts.push({ name: 'encodeData', value: sealedMeta });
  const { body, contentType } = encodeMultipart(parts);
  return acceptor.webhook(
    new Request('https://partner.example/diia/webhook', {
      method: 'POST',
      headers: { 'content-type': contentType, 'X-Document-Request-Trace-Id': traceId },
      body,
    }),
  );
}

describe('conformance: a deeplink delivery with two files of one type', { timeout: 180_000 }, () => {
  it('stores both verified copies in order, each matched to its metadata entry, and lists both in the receipt', async () => {
    const { acceptor } = desk();
    // The offer's scopes decide what comes: no document types need be named.
    const session = await acceptor.offer({ offerId: 'offer-1' });
    expect(session.deeplink).toBe('https://diia.app/acquirers/offer-request/dynamic/123');
    const metadata = {
      requestId: session.id,
      documentTypes: ['internal-passport'],
      data: { 'internal-passport': [entry('002307001'), entry('002307002')] },
    };
    const response = await post(acceptor, session.id, metadata, [
      ['internal-passport', sealedA],
      ['internal-passport', sealedB],
    ]);
    expect(response.status).toBe(200);
    const { copies, receipt, delivery } = await session.result();
    expect(copies.map((c) => c.documentType)).toEqual(['internal-passport', 'internal-passport']);
    expect(copies[0]!.content).toEqual(pdfA);
    expect(copies[1]!.content).toEqual(pdfB);
    expect(copies[0]!.signer.edrpou).toBe('43395033');
    expect(receipt.flow).toBe('offer');
    expect(receipt.documentTypes).toEqual(['internal-passport']);
    expect(receipt.copies.map((c) => c.sha256)).toEqual([sha256Hex(pdfA), sha256Hex(pdfB)]);
    expect(delivery.metadata).toEqual(metadata);
  });

  it('an offer expected to bring passport accepts internal-passport', async () => {
    const { acceptor } = desk();
    const session = await acceptor.offer({ offerId: 'offer-1', documentTypes: ['passport'] });
    const metadata = {
      requestId: session.id,
      documentTypes: ['internal-passport'],
      data: { 'internal-passport': [entry('002307001')] },
    };
    expect((await post(acceptor, session.id, metadata, [['internal-passport', sealedA]])).status).toBe(200);
    expect((await session.result()).copies).toHaveLength(1);
  });

  it('refuses a file count that differs from data[type], another request id, or a missing type part', async () => {
    const cases: [string, (id: string) => unknown, [string, Uint8Array][], string][] = [
      [
        'one entry, two files',
        (id) => ({
          requestId: id,
          documentTypes: ['internal-passport'],
          data: { 'internal-passport': [entry('1')] },
        }),
        [
          ['internal-passport', sealedA],
          ['internal-passport', sealedB],
        ],
        'WEBHOOK_DOCUMENT_TYPES_MISMATCH',
      ],
      [
        'another request id',
        () => ({
          requestId: '0b9f5c1e-7a55-4bc1-9a53-00000000dead',
          documentTypes: ['internal-passport'],
          data: { 'internal-passport': [entry('1')] },
        }),
        [['internal-passport', sealedA]],
        'WEBHOOK_TRACE_ID_MISMATCH',
      ],
      [
        'a type named in the metadata has no file',
        (id) => ({
          requestId: id,
          documentTypes: ['internal-passport', 'taxpayer-card'],
          data: { 'internal-passport': [entry('1')], 'taxpayer-card': [{}] },
        }),
        [['internal-passport', sealedA]],
        'WEBHOOK_DOCUMENT_TYPES_MISMATCH',
      ],
      [
        'a part named passport (a request-only type)',
        (id) => ({ requestId: id, documentTypes: ['passport'], data: { passport: [entry('1')] } }),
        [['passport', sealedA]],
        'WEBHOOK_PART_UNEXPECTED',
      ],
    ];
    for (const [what, metadata, files, code] of cases) {
      const { acceptor, store } = desk();
      const session = await acceptor.offer({ offerId: 'offer-1' });
      const response = await post(acceptor, session.id, metadata(session.id), files);
      expect(((await response.json()) as { error?: string }).error, what).toBe(code);
      expect(await store.getDelivery(session.id), what).toBeUndefined();
    }
  });
});
