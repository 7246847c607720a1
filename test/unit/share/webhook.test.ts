import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { sha256Hex } from '../../../src/digest.js';
import type { OpenedFile, Opener } from '../../../src/profiles/port.js';
import { encodeMultipart, type FormPartInput } from '../../../src/share/multipart-encoder.js';
import { memoryShareStore, type ShareRecord } from '../../../src/share/store.js';
import { createWebhookHandler, TRACE_ID_HEADER, type WebhookLogEntry } from '../../../src/share/webhook.js';
import { fakeOpener, fakeSeal } from './fake-opener.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const BARCODE = '4820123456784';
const PDF = '%PDF-1.7 Іваненко Іван Іванович, паспорт 000000001';
let n = 0;

function session(overrides: Partial<ShareRecord> = {}): ShareRecord {
  n++;
  return {
    id: `0b9f5c1e-7a55-4bc1-9a53-${String(n).padStart(12, '0')}`,
    flow: 'barcode',
    branchId: 'branch-1',
    documentTypes: ['passport'],
    barcode: BARCODE,
    state: 'awaiting-consent',
    createdAt: T0,
    expiresAt: T0 + 180_000,
    updatedAt: T0,
    ...overrides,
  };
}

/** The barcode flow's metadata as the platform sends it: no requestId; the concrete type delivered. */
function metadata(record: ShareRecord, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    barcode: record.barcode,
    documentTypes: ['internal-passport'],
    data: { 'internal-passport': { lastName: 'Іваненко' } },
    ...overrides,
  });
}

function barcodeParts(record: ShareRecord, meta = metadata(record), file = fakeSeal(PDF)): FormPartInput[] {
  const name = `internal-passport-${record.barcode}-01.03.2026-10_00_30.pdf.p7s.p7e`;
  return [
    { name: 'encryptedFile', filename: name, contentType: 'application/octet-stream', value: file },
    { name: 'encryptedFileName', value: name },
    { name: 'encodeData', value: fakeSeal(meta) },
  ];
}

function post(
  parts: FormPartInput[],
  traceId?: string,
  init: { method?: string; contentType?: string } = {},
) {
  const { body, contentType } = encodeMultipart(parts);
  const headers: Record<string, string> = { 'content-type': init.contentType ?? contentType };
  if (traceId !== undefined) headers[TRACE_ID_HEADER] = traceId;
  return new Request('http://partner.test/diia/webhook', {
    method: init.method ?? 'POST',
    headers,
    ...(init.method === 'GET' ? {} : { body }),
  });
}

function setup(opener: Opener = fakeOpener(), extra: { branchIds?: string[] } = {}) {
  const clock = manualClock(T0 + 30_000);
  const store = memoryShareStore({ clock });
  const logs: WebhookLogEntry[] = [];
  const handler = createWebhookHandler({
    opener,
    store,
    clock,
    limits: { maxTotalBytes: 64 * 1024 },
    logger: (e) => logs.push(e),
    ...extra,
  });
  return { clock, store, handler, logs };
}

async function answer(response: Response) {
  return { status: response.status, body: await response.json() };
}

describe('the webhook: barcode flow', () => {
  it('stores copy, metadata and receipt before answering 200', async () => {
    const { store, handler, logs } = setup();
    const r = session();
    await store.create(r);
    expect(await answer(await handler(post(barcodeParts(r), r.id)))).toEqual({
      status: 200,
      body: { success: true },
    });
    expect((await store.get(r.id))?.state).toBe('delivered');
    const delivery = await store.getDelivery(r.id);
    expect(new TextDecoder().decode(delivery?.copies[0]?.content)).toBe(PDF);
    expect(delivery?.metadata.requestId).toBeUndefined();
    expect(delivery?.copies[0]?.documentType).toBe('internal-passport');
    const receipt = await store.getReceipt(r.id);
    expect(receipt).toMatchObject({
      requestId: r.id,
      documentTypes: ['internal-passport'],
      requestedDocumentTypes: ['passport'],
      profile: 'fake',
    });
    expect(receipt?.checks).toContain('barcode-matches');
    expect(logs).toEqual([{ event: 'delivery-stored', status: 200, requestId: r.id }]);
  });

  it('answers a duplicate 200 and stores nothing twice', async () => {
    const { store, handler, clock, logs } = setup();
    const r = session();
    await store.create(r);
    await handler(post(barcodeParts(r), r.id));
    const first = await store.getDelivery(r.id);
    clock.advance('5s');
    expect((await handler(post(barcodeParts(r), r.id))).status).toBe(200);
    expect(await store.getDelivery(r.id)).toBe(first);
    expect(logs.map((l) => l.event)).toEqual(['delivery-stored', 'delivery-duplicate']);
  });

  it('answers a second, different delivery 409', async () => {
    const { store, handler } = setup();
    const r = session();
    await store.create(r);
    await handler(post(barcodeParts(r), r.id));
    const other = await answer(
      await handler(post(barcodeParts(r, metadata(r), fakeSeal('%PDF other')), r.id)),
    );
    expect(other).toEqual({ status: 409, body: { success: false, error: 'SHARE_STATE_CONFLICT' } });
  });

  it('refuses a late delivery and stores nothing (ended session, or past its lifetime)', async () => {
    const { store, handler, clock } = setup();
    const declined = session({ state: 'declined' });
    const pending = session();
    await store.create(declined);
    await store.create(pending);
    expect((await handler(post(barcodeParts(declined), declined.id))).status).toBe(410);
    clock.set(pending.expiresAt + 1);
    const late = await answer(await handler(post(barcodeParts(pending), pending.id)));
    expect(late).toEqual({ status: 410, body: { success: false, error: 'WEBHOOK_LATE_DELIVERY' } });
    expect((await store.get(pending.id))?.state).toBe('expired');
    expect(await store.getDelivery(pending.id)).toBeUndefined();
  });

  const refusals: [
    string,
    (r: ShareRecord) => FormPartInput[],
    (r: ShareRecord) => string | undefined,
    number,
    string,
  ][] = [
    [
      'an unknown request id',
      (r) => barcodeParts(r),
      () => '0b9f5c1e-7a55-4bc1-9a53-999999999999',
      404,
      'WEBHOOK_REQUEST_UNKNOWN',
    ],
    ['no trace id', (r) => barcodeParts(r), () => undefined, 400, 'WEBHOOK_TRACE_ID_MISMATCH'],
    ['a malformed trace id', (r) => barcodeParts(r), () => '../../etc', 400, 'WEBHOOK_TRACE_ID_MISMATCH'],
    [
      'metadata for another request',
      (r) => barcodeParts(r, metadata(r, { requestId: '0b9f5c1e-7a55-4bc1-9a53-888888888888' })),
      (r) => r.id,
      400,
      'WEBHOOK_TRACE_ID_MISMATCH',
    ],
    [
      'another barcode in metadata',
      (r) => barcodeParts(r, metadata(r, { barcode: '4820000000000' })),
      (r) => r.id,
      422,
      'WEBHOOK_BARCODE_MISMATCH',
    ],
    [
      'other document types',
      (r) => barcodeParts(r, metadata(r, { documentTypes: ['internal-passport', 'taxpayer-card'] })),
      (r) => r.id,
      422,
      'WEBHOOK_DOCUMENT_TYPES_MISMATCH',
    ],
    ['metadata that is not JSON', (r) => barcodeParts(r, 'not json'), (r) => r.id, 422, 'ENVELOPE_MALFORMED'],
    [
      // Two parsers would read two different barcodes: the strict parse refuses the metadata outright.
      'metadata with a repeated member',
      (r) => barcodeParts(r, metadata(r).replace('{', `{"barcode":"4820000000008",`)),
      (r) => r.id,
      422,
      'ENVELOPE_MALFORMED',
    ],
    [
      'a tampered file',
      (r) => {
        const sealed = fakeSeal(PDF);
        sealed[sealed.length - 1]! ^= 1;
        return barcodeParts(r, metadata(r), sealed);
      },
      (r) => r.id,
      422,
      'SIGNATURE_INVALID',
    ],
    [
      'a file signed by an untrusted key',
      (r) => barcodeParts(r, metadata(r), fakeSeal(PDF, 'attacker')),
      (r) => r.id,
      422,
      'SIGNATURE_SIGNER_UNTRUSTED',
    ],
    [
      'an unsealed file',
      (r) => barcodeParts(r, metadata(r), new TextEncoder().encode(PDF)),
      (r) => r.id,
      422,
      'ENVELOPE_MALFORMED',
    ],
    ['a missing part', (r) => barcodeParts(r).slice(0, 2), (r) => r.id, 400, 'WEBHOOK_PART_MISSING'],
    [
      'an extra part',
      (r) => [...barcodeParts(r), { name: 'script', value: 'x' }],
      (r) => r.id,
      400,
      'WEBHOOK_PART_UNEXPECTED',
    ],
    [
      'a repeated part',
      (r) => [...barcodeParts(r), barcodeParts(r)[2]!],
      (r) => r.id,
      400,
      'WEBHOOK_PART_UNEXPECTED',
    ],
    [
      'a file name with another barcode',
      (r) => {
        const parts = barcodeParts(r);
        return [
          parts[0]!,
          { name: 'encryptedFileName', value: 'internal-passport-4820000000000-01.03.2026-10_00_30.pdf' },
          parts[2]!,
        ];
      },
      (r) => r.id,
      400,
      'WEBHOOK_FILE_NAME_MISMATCH',
    ],
    [
      'a file name with another type',
      (r) => {
        const parts = barcodeParts(r);
        return [
          parts[0]!,
          { name: 'encryptedFileName', value: `driver-license-${r.barcode}-01.03.2026-10_00_30.pdf` },
          parts[2]!,
        ];
      },
      (r) => r.id,
      400,
      'WEBHOOK_FILE_NAME_MISMATCH',
    ],
    [
      'passport as a delivered type (it is request-only)',
      (r) => barcodeParts(r, metadata(r, { documentTypes: ['passport'], data: { passport: {} } })),
      (r) => r.id,
      422,
      'WEBHOOK_DOCUMENT_TYPES_MISMATCH',
    ],
    [
      'a type the request did not expect',
      (r) => barcodeParts(r, metadata(r, { documentTypes: ['driver-license'], data: {} })),
      (r) => r.id,
      422,
      'WEBHOOK_DOCUMENT_TYPES_MISMATCH',
    ],
  ];

  it.each(refusals)('refuses %s with %i and stores nothing', async (_, parts, trace, status, code) => {
    const { store, handler, logs } = setup();
    const r = session();
    await store.create(r);
    expect(await answer(await handler(post(parts(r), trace(r))))).toEqual({
      status,
      body: { success: false, error: code },
    });
    expect((await store.get(r.id))?.state).toBe('awaiting-consent');
    expect(await store.getDelivery(r.id)).toBeUndefined();
    expect(logs[0]).toMatchObject({ event: 'delivery-refused', status, code });
  });

  it('records each check as it passes: the receipt lists those that ran, in the order they ran', async () => {
    const plain = setup();
    const r = session();
    await plain.store.create(r);
    expect((await plain.handler(post(barcodeParts(r), r.id))).status).toBe(200);
    // No branch list and no digests in the metadata: those two checks did not run and are absent.
    expect((await plain.store.getReceipt(r.id))?.checks).toEqual([
      'request-known',
      'within-lifetime',
      'trace-id-matches',
      'barcode-matches',
      'document-types-match',
      'file-names-match',
    ]);
    const strict = setup(fakeOpener(), { branchIds: ['branch-1'] });
    const bound = session();
    await strict.store.create(bound);
    const meta = metadata(bound, { data: { 'internal-passport': { sha256: sha256Hex(PDF) } } });
    expect((await strict.handler(post(barcodeParts(bound, meta), bound.id))).status).toBe(200);
    expect((await strict.store.getReceipt(bound.id))?.checks).toEqual([
      'request-known',
      'branch-matches',
      'within-lifetime',
      'trace-id-matches',
      'barcode-matches',
      'document-types-match',
      'file-names-match',
      'copies-match-metadata',
    ]);
  });

  it('binds the copy to the digest the signed metadata names, when it names one', async () => {
    const { store, handler } = setup();
    const good = session();
    const bad = session();
    await store.create(good);
    await store.create(bad);
    const digest = sha256Hex(PDF);
    const bound = metadata(good, { data: { 'internal-passport': { sha256: digest } } });
    expect((await handler(post(barcodeParts(good, bound), good.id))).status).toBe(200);
    expect((await store.getReceipt(good.id))?.checks).toContain('copies-match-metadata');
    const swapped = metadata(bad, {
      data: { 'internal-passport': { sha256: sha256Hex('another holder') } },
    });
    expect(await answer(await handler(post(barcodeParts(bad, swapped), bad.id)))).toEqual({
      status: 422,
      body: { success: false, error: 'SIGNATURE_DIGEST_MISMATCH' },
    });
    expect(await store.getDelivery(bad.id)).toBeUndefined();
  });

  it('refuses a session of another branch when branchIds is set', async () => {
    const { store, handler } = setup(fakeOpener(), { branchIds: ['branch-2'] });
    const r = session();
    await store.create(r);
    expect((await answer(await handler(post(barcodeParts(r), r.id)))).body.error).toBe(
      'WEBHOOK_REQUEST_UNKNOWN',
    );
  });

  it('refuses other methods, content types and oversized bodies', async () => {
    const { store, handler } = setup();
    const r = session();
    await store.create(r);
    const get = await handler(post([], r.id, { method: 'GET' }));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await handler(post(barcodeParts(r), r.id, { contentType: 'application/json' }))).status).toBe(
      415,
    );
    const big = barcodeParts(r, metadata(r), fakeSeal(new Uint8Array(100 * 1024)));
    expect(await answer(await handler(post(big, r.id)))).toEqual({
      status: 413,
      body: { success: false, error: 'WEBHOOK_TOO_LARGE' },
    });
  });

  it('refuses an oversized metadata part with 413 WEBHOOK_PART_TOO_LARGE before opening it', async () => {
    let opened = 0;
    const counting: Opener = {
      profile: 'fake',
      async open(sealed, context) {
        opened++;
        return fakeOpener().open(sealed, context);
      },
    };
    const clock = manualClock(T0 + 30_000);
    const store = memoryShareStore({ clock });
    const handler = createWebhookHandler({
      opener: counting,
      store,
      clock,
      partLimits: { metadata: 2048, fileName: 64 },
    });
    const r = session();
    await store.create(r);
    const fat = barcodeParts(r, metadata(r, { padding: 'x'.repeat(4096) }));
    expect(await answer(await handler(post(fat, r.id)))).toEqual({
      status: 413,
      body: { success: false, error: 'WEBHOOK_PART_TOO_LARGE' },
    });
    const parts = barcodeParts(r);
    const longName = [parts[0]!, { name: 'encryptedFileName', value: 'n'.repeat(65) }, parts[2]!];
    expect((await answer(await handler(post(longName, r.id)))).body.error).toBe('WEBHOOK_PART_TOO_LARGE');
    expect(opened).toBe(0);
    expect(await store.getDelivery(r.id)).toBeUndefined();
  });

  it('refuses part limits it does not know or cannot use', () => {
    const store = memoryShareStore();
    for (const partLimits of [{ metadta: 1 }, { metadata: 0 }, { file: 1.5 }]) {
      expect(() =>
        createWebhookHandler({ opener: fakeOpener(), store, partLimits: partLimits as never }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('does not trust an opener that skipped the signature check', async () => {
    const lax: Opener = {
      profile: 'lax',
      async open(sealed) {
        const opened = (await fakeOpener().open(sealed)) as OpenedFile;
        return { ...opened, checks: ['decrypted'] };
      },
    };
    const { store, handler } = setup(lax);
    const r = session();
    await store.create(r);
    expect((await answer(await handler(post(barcodeParts(r), r.id)))).body.error).toBe('SIGNATURE_INVALID');
  });

  it('never puts personal data into a log line or an answer', async () => {
    const { store, handler, logs } = setup();
    const r = session();
    await store.create(r);
    const responses = [
      await handler(post(barcodeParts(r, metadata(r, { barcode: '4820000000000' })), r.id)),
      await handler(post(barcodeParts(r), r.id)),
    ];
    const text = JSON.stringify(logs) + (await Promise.all(responses.map((x) => x.text()))).join('');
    for (const secret of ['Іваненко', 'паспорт', BARCODE, '4820000000000', 'PDF'])
      expect(text).not.toContain(secret);
  });
});

describe('the webhook: deeplink flow', () => {
  const offer = (documentTypes: ShareRecord['documentTypes'] = ['passport', 'taxpayer-card']) =>
    session({ flow: 'offer', barcode: undefined as never, offerId: 'offer-1', documentTypes });
  /** One file per entry of `files` (a type may repeat), and metadata in the deeplink flow's shape. */
  const parts = (r: ShareRecord, files: string[], meta: Record<string, unknown> = {}): FormPartInput[] => {
    const data: Record<string, unknown[]> = {};
    for (const t of files) data[t] = [...(data[t] ?? []), { lastName: 'Іваненко' }];
    return [
      ...files.map((t, i) => ({
        name: t,
        filename: `${t}-${i}.pdf.p7s.p7e`,
        value: fakeSeal(`%PDF ${t} ${i}`),
      })),
      {
        name: 'encodeData',
        value: fakeSeal(
          JSON.stringify({ requestId: r.id, documentTypes: [...new Set(files)], data, ...meta }),
        ),
      },
    ];
  };

  it('stores a copy per file, several of one type in order, and lists every file in the receipt', async () => {
    const { store, handler } = setup();
    const r = offer();
    await store.create(r);
    const files = ['internal-passport', 'taxpayer-card', 'internal-passport'];
    expect((await handler(post(parts(r, files), r.id))).status).toBe(200);
    const delivery = await store.getDelivery(r.id);
    expect(delivery?.copies.map((c) => new TextDecoder().decode(c.content))).toEqual([
      '%PDF internal-passport 0',
      '%PDF taxpayer-card 1',
      '%PDF internal-passport 2',
    ]);
    const receipt = await store.getReceipt(r.id);
    expect(receipt?.copies).toHaveLength(3);
    expect(receipt?.documentTypes).toEqual(['internal-passport', 'taxpayer-card']);
    // The deeplink flow has no barcode: its check is skipped, so the receipt does not list it.
    expect(receipt?.checks).toEqual([
      'request-known',
      'within-lifetime',
      'trace-id-matches',
      'document-types-match',
      'file-names-match',
    ]);
  });

  it('takes whatever the offer brings when the request named no type', async () => {
    const { store, handler } = setup();
    const r = offer([]);
    await store.create(r);
    expect((await handler(post(parts(r, ['foreign-passport']), r.id))).status).toBe(200);
    expect((await store.getReceipt(r.id))?.requestedDocumentTypes).toBeUndefined();
  });

  it.each([
    ['an expected type that did not come', ['internal-passport'], {}, 'WEBHOOK_DOCUMENT_TYPES_MISMATCH'],
    [
      'a type that was not expected',
      ['internal-passport', 'taxpayer-card', 'driver-license'],
      {},
      'WEBHOOK_DOCUMENT_TYPES_MISMATCH',
    ],
    [
      'a file without its data entry',
      ['internal-passport', 'taxpayer-card'],
      { data: { 'internal-passport': [], 'taxpayer-card': [{}] } },
      'WEBHOOK_DOCUMENT_TYPES_MISMATCH',
    ],
    [
      'no requestId',
      ['internal-passport', 'taxpayer-card'],
      { requestId: undefined },
      'WEBHOOK_TRACE_ID_MISMATCH',
    ],
    ['a part named passport', ['passport', 'taxpayer-card'], {}, 'WEBHOOK_PART_UNEXPECTED'],
    ['a part of no document type', ['script'], {}, 'WEBHOOK_PART_UNEXPECTED'],
    ['no file at all', [], {}, 'WEBHOOK_PART_MISSING'],
  ] as const)('refuses %s and stores nothing', async (_, files, meta, code) => {
    const { store, handler } = setup();
    const r = offer();
    await store.create(r);
    const response = await answer(await handler(post(parts(r, [...files], meta), r.id)));
    expect(response.body.error).toBe(code);
    expect(await store.getDelivery(r.id)).toBeUndefined();
    expect((await store.get(r.id))?.state).toBe('awaiting-consent');
  });
});
