// Both Diia ID flows end to end at the handler level: the offer request the SDK makes, a delivery as the
// official receivers show it (real Request objects), the injected verifier given the right digest, the
// session resolving; and every refusal with its code, storing nothing.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../src/diia-id/base64.js';
import { memoryDiiaIdStore } from '../../../src/diia-id/store.js';
import { dispatchDeliveries } from '../../../src/diia-id/webhook.js';
import { AcceptError, isAcceptError } from '../../../src/errors.js';
import { gost34311 } from '../../../src/profiles/dstu/lib/gost34311.js';
import { createWebhookHandler } from '../../../src/share/webhook.js';
import {
  BRANCH_ID,
  delivery,
  encodeBase64,
  encodeJson,
  fakeSignature,
  fakeVerify,
  OFFER_ID,
  setup,
} from './support.js';

const enc = (text: string) => new TextEncoder().encode(text);
const APPLICATION = enc('Заява про видачу довідки, PDF bytes stand-in');
const CONTRACT = enc('Договір, other bytes');

async function signing(
  env = setup(),
  files = [
    { name: 'application.pdf', bytes: APPLICATION },
    { name: 'contract.pdf', bytes: CONTRACT },
  ],
) {
  const session = await env.diiaId.signFiles({ branchId: BRANCH_ID, offerId: OFFER_ID, files });
  const sent = env.transport.requests.at(-1)!.data!.hashedFilesSigning.hashedFiles;
  const digests = new Map(sent.map((f) => [f.fileName, decodeBase64(f.fileHash)!]));
  return { env, session, sent, digests };
}

const itemsFor = (digests: Map<string, Uint8Array>) =>
  [...digests].map(([name, digest]) => ({ name, signature: encodeBase64(fakeSignature(digest)) }));

async function answer(response: Response) {
  return { status: response.status, body: await response.json() };
}

describe('signing file hashes', () => {
  it('sends GOST 34.311 of the bytes, then resolves with each file verified against its own digest', async () => {
    const { env, session, sent, digests } = await signing();
    expect(sent).toEqual([
      { fileName: 'application.pdf', fileHash: encodeBase64(gost34311(APPLICATION)) },
      { fileName: 'contract.pdf', fileHash: encodeBase64(gost34311(CONTRACT)) },
    ]);
    expect(env.transport.requests[0]).not.toHaveProperty('signAlgo');
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: session.requestId, mixed: true }),
    );
    expect(await answer(response)).toEqual({ status: 200, body: { success: true } });
    const result = await session.result();
    expect(result.files.map((f) => [f.name, f.verification.signer.fullName])).toEqual([
      ['application.pdf', 'Коваленко Олена Петрівна'],
      ['contract.pdf', 'Коваленко Олена Петрівна'],
    ]);
    expect(env.calls.map((c) => [encodeBase64(c.digest), c.digestAlgorithm, c.signAlgo, c.at])).toEqual(
      sent.map((f) => [f.fileHash, 'gost34311', 'DSTU', env.clock.now()]),
    );
    expect(await session.state()).toBe('delivered');
  });

  it('matches signed items by name, not by order, and takes a file part', async () => {
    const { env, session, digests } = await signing();
    const items = itemsFor(digests).reverse();
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: items, extra: 1 }), { traceId: session.requestId, file: true }),
    );
    expect(response.status).toBe(200);
    expect((await session.result()).files.map((f) => f.name)).toEqual(['contract.pdf', 'application.pdf']);
  });

  it('refuses a signature over another file (the verifier is given the digest sent for that name)', async () => {
    const { env, session, digests } = await signing();
    const items = [
      { name: 'application.pdf', signature: encodeBase64(fakeSignature(digests.get('contract.pdf')!)) },
      { name: 'contract.pdf', signature: encodeBase64(fakeSignature(digests.get('contract.pdf')!)) },
    ];
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: items }), { traceId: session.requestId }),
    );
    expect(await answer(response)).toEqual({
      status: 422,
      body: { success: false, error: 'SIGNATURE_DIGEST_MISMATCH' },
    });
    expect(await session.state()).toBe('pending');
    expect(await env.store.getResult(session.requestId)).toBeUndefined();
  });

  it('hashes with SHA-256 for ECDSA and sends signAlgo when configured', async () => {
    const env = setup({ signAlgo: 'ECDSA' });
    const { sent } = await signing(env);
    expect(env.transport.requests[0]!.signAlgo).toBe('ECDSA');
    expect(sent[0]!.fileHash).toBe(createHash('sha256').update(APPLICATION).digest('base64'));
  });

  it('takes a digest the partner computed, checked for the algorithm length', async () => {
    const env = setup({ fileDigest: 'sha384' });
    const digest = createHash('sha384').update(APPLICATION).digest('base64');
    await env.diiaId.signFiles({
      branchId: BRANCH_ID,
      offerId: OFFER_ID,
      files: [{ name: 'a.pdf', digest }],
    });
    expect(env.transport.requests[0]!.data!.hashedFilesSigning.hashedFiles[0]!.fileHash).toBe(digest);
    const short = createHash('sha256').update(APPLICATION).digest('base64');
    await expect(
      env.diiaId.signFiles({
        branchId: BRANCH_ID,
        offerId: OFFER_ID,
        files: [{ name: 'a.pdf', digest: short }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it.each([
    ['a path', '../etc/passwd'],
    ['a Windows path', 'C:\\x.pdf'],
    ['a control character', 'a\u0000.pdf'],
    ['a bidi override', 'a\u202Efdp.exe'],
    ['an empty name', ''],
    ['a reserved character', 'a?.pdf'],
    ['more than 128 characters', `${'я'.repeat(129)}.pdf`],
  ])('refuses a file name with %s before any request', async (_, name) => {
    const env = setup();
    await expect(
      env.diiaId.signFiles({ branchId: BRANCH_ID, offerId: OFFER_ID, files: [{ name, bytes: APPLICATION }] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(env.transport.requests).toHaveLength(0);
  });

  it('refuses duplicate names, too many files, a file too large, both or neither of bytes and digest', async () => {
    const env = setup({ limits: { maxFiles: 2, maxFileBytes: 8 } });
    const bad = [
      [
        { name: 'a', bytes: enc('1') },
        { name: 'a', bytes: enc('2') },
      ],
      [
        { name: 'a', bytes: enc('1') },
        { name: 'b', bytes: enc('2') },
        { name: 'c', bytes: enc('3') },
      ],
      [{ name: 'a', bytes: enc('123456789') }],
      [{ name: 'a', bytes: enc('1'), digest: new Uint8Array(32) }],
      [{ name: 'a' }],
      [],
    ];
    for (const files of bad) {
      await expect(
        env.diiaId.signFiles({ branchId: BRANCH_ID, offerId: OFFER_ID, files: files as never }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    expect(env.transport.requests).toHaveLength(0);
  });
});

describe('login', () => {
  it('java-py: sends base64(GOST 34.311(UTF-8 id)), resolves with the person bound to that hash', async () => {
    const env = setup();
    const session = await env.diiaId.login({ branchId: BRANCH_ID, offerId: OFFER_ID });
    const sent = env.transport.requests[0]!;
    expect(sent.data).toBeUndefined();
    expect(sent.requestId).toBe(encodeBase64(gost34311(enc(session.requestId))));
    expect(session.hashedRequestId).toBe(sent.requestId);
    const digest = decodeBase64(sent.requestId)!;
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ requestId: sent.requestId, signature: encodeBase64(fakeSignature(digest)) }), {
        action: 'auth',
        traceId: sent.requestId,
      }),
    );
    expect(response.status).toBe(200);
    const result = await session.result();
    expect(result.person).toEqual({ fullName: 'Коваленко Олена Петрівна', taxId: '3184710691' });
    expect(result.hashedRequestId).toBe(sent.requestId);
    expect(env.calls[0]).toMatchObject({ digestAlgorithm: 'gost34311', signAlgo: 'DSTU' });
  });

  it('php-sample: base64(SHA-256(text)), a known answer from the PHP SDK test id', async () => {
    // SDK/diia-php-sdk-diiaId/tests/DiiaAPIAuthTest.php L19-25: $requestId and base64_encode(hash('sha256', …, true)).
    const id = 'MzBhMDc1YTktYTkxZC00YjFjLWJjYjctYTI4NjgzOTA5OGEx';
    const env = setup({ loginHash: 'php-sample' });
    const session = await env.diiaId.login({ branchId: BRANCH_ID, offerId: OFFER_ID, requestId: id });
    expect(session.hashedRequestId).toBe(createHash('sha256').update(id).digest('base64'));
  });

  it('platform: the id is base64 of a UUID text, the hash is over the UUID text (SHA-256 for ECDSA)', async () => {
    const env = setup({ loginHash: 'platform', signAlgo: 'ECDSA' });
    const session = await env.diiaId.login({ branchId: BRANCH_ID, offerId: OFFER_ID });
    const uuid = new TextDecoder().decode(decodeBase64(session.requestId));
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(session.hashedRequestId).toBe(createHash('sha256').update(uuid).digest('base64'));
  });

  it('accepts the signedItems shape for auth, and refuses an encodeData.requestId that is not the trace id', async () => {
    const env = setup();
    const session = await env.diiaId.login({ branchId: BRANCH_ID, offerId: OFFER_ID });
    const hash = session.hashedRequestId!;
    const signature = encodeBase64(fakeSignature(decodeBase64(hash)!));
    const other = encodeJson({ requestId: encodeBase64(new Uint8Array(32)), signature });
    expect(
      await answer(await env.diiaId.webhook(delivery(other, { action: 'auth', traceId: hash }))),
    ).toEqual({ status: 400, body: { success: false, error: 'WEBHOOK_TRACE_ID_MISMATCH' } });
    const items = encodeJson({ signedItems: [{ name: 'auth', signature }] });
    expect((await env.diiaId.webhook(delivery(items, { action: 'auth', traceId: hash }))).status).toBe(200);
    expect((await session.result()).person.fullName).toBe('Коваленко Олена Петрівна');
  });
});

describe('refusals, each coded and storing nothing', () => {
  const cases: [
    string,
    (ctx: { id: string; digests: Map<string, Uint8Array> }) => Request,
    number,
    string,
  ][] = [
    [
      'an unknown action',
      ({ id, digests }) =>
        delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: id, action: 'sign' }),
      400,
      'DIIA_ID_ACTION_UNKNOWN',
    ],
    [
      'the other action',
      ({ id, digests }) =>
        delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: id, action: 'auth' }),
      400,
      'DIIA_ID_ACTION_MISMATCH',
    ],
    [
      'bad base64 (URL-safe alphabet)',
      ({ id }) => delivery('eyJ-_w==', { traceId: id }),
      400,
      'DIIA_ID_ENCODING',
    ],
    [
      'base64 with a line break',
      ({ id, digests }) => delivery(`${encodeJson({ signedItems: itemsFor(digests) })}\n`, { traceId: id }),
      400,
      'DIIA_ID_ENCODING',
    ],
    [
      'bad JSON',
      ({ id }) => delivery(encodeBase64(enc('{"signedItems": [')), { traceId: id }),
      400,
      'DIIA_ID_PAYLOAD_MALFORMED',
    ],
    [
      'a duplicate JSON member',
      ({ id }) => delivery(encodeBase64(enc('{"signedItems":[],"signedItems":[]}')), { traceId: id }),
      400,
      'DIIA_ID_PAYLOAD_MALFORMED',
    ],
    [
      'a signature that is not base64',
      ({ id }) =>
        delivery(encodeJson({ signedItems: [{ name: 'application.pdf', signature: 'not base64!' }] }), {
          traceId: id,
        }),
      400,
      'DIIA_ID_ENCODING',
    ],
    [
      'a wrong name',
      ({ id, digests }) =>
        delivery(
          encodeJson({ signedItems: itemsFor(digests).map((x, i) => (i ? { ...x, name: 'other.pdf' } : x)) }),
          { traceId: id },
        ),
      422,
      'DIIA_ID_FILE_UNKNOWN',
    ],
    [
      'a missing file',
      ({ id, digests }) =>
        delivery(encodeJson({ signedItems: itemsFor(digests).slice(0, 1) }), { traceId: id }),
      422,
      'DIIA_ID_FILE_MISSING',
    ],
    [
      'an extra file',
      ({ id, digests }) =>
        delivery(
          encodeJson({ signedItems: [...itemsFor(digests), { name: 'extra.pdf', signature: 'AAAA' }] }),
          { traceId: id },
        ),
      422,
      'DIIA_ID_FILE_UNKNOWN',
    ],
    [
      'more items than files plus one',
      ({ id, digests }) =>
        delivery(
          encodeJson({
            signedItems: [
              ...itemsFor(digests),
              { name: 'x1', signature: 'AAAA' },
              { name: 'x2', signature: 'AAAA' },
            ],
          }),
          { traceId: id },
        ),
      413,
      'WEBHOOK_TOO_LARGE',
    ],
    [
      'a file signed twice',
      ({ id, digests }) =>
        delivery(encodeJson({ signedItems: [itemsFor(digests)[0], itemsFor(digests)[0]] }), { traceId: id }),
      422,
      'DIIA_ID_FILE_DUPLICATE',
    ],
    [
      'an unknown trace id',
      ({ digests }) =>
        delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: crypto.randomUUID() }),
      404,
      'WEBHOOK_REQUEST_UNKNOWN',
    ],
    [
      'no trace id',
      ({ digests }) => delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: null }),
      400,
      'WEBHOOK_TRACE_ID_MISMATCH',
    ],
    [
      'a trace id with a path',
      ({ digests }) => delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: '../x' }),
      400,
      'WEBHOOK_TRACE_ID_MISMATCH',
    ],
    [
      'an oversized part',
      ({ id }) => delivery('A'.repeat(2048), { traceId: id }),
      413,
      'WEBHOOK_PART_TOO_LARGE',
    ],
    [
      'a second part',
      ({ id, digests }) =>
        delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: id, extraPart: true }),
      400,
      'WEBHOOK_PART_UNEXPECTED',
    ],
    ['a GET', ({ id }) => delivery('', { traceId: id, method: 'GET' }), 405, 'WEBHOOK_METHOD_NOT_ALLOWED'],
    [
      'a forged signature',
      ({ id, digests }) =>
        delivery(encodeJson({ signedItems: itemsFor(digests).map((x) => ({ ...x, signature: 'MIIB' })) }), {
          traceId: id,
        }),
      422,
      'SIGNATURE_INVALID',
    ],
    [
      'a verifier that throws',
      ({ id, digests }) =>
        delivery(
          encodeJson({
            signedItems: [...digests].map(([name, d]) => ({
              name,
              signature: encodeBase64(fakeSignature(d, 'throws')),
            })),
          }),
          { traceId: id },
        ),
      503,
      'DIIA_ID_VERIFY_FAILED',
    ],
  ];

  it.each(cases)('refuses %s', async (_, make, status, error) => {
    const env = setup({ webhookLimits: { maxEncodeDataBytes: 1024 } });
    const { session, digests } = await signing(env);
    const response = await env.diiaId.webhook(make({ id: session.requestId, digests }));
    expect(await answer(response)).toEqual({ status, body: { success: false, error } });
    expect(await session.state()).toBe('pending');
    expect(await env.store.getResult(session.requestId)).toBeUndefined();
    // The log holds codes and ids only.
    expect(JSON.stringify(env.logs)).not.toMatch(/Коваленко|3184710691|application\.pdf/);
    expect(env.logs.at(-1)).toMatchObject({ event: 'diia-id-refused', status, code: error });
  });

  it('answers a duplicate 200 and a different second delivery 409, keeping the first', async () => {
    const { env, session, digests } = await signing();
    const first = encodeJson({ signedItems: itemsFor(digests) });
    expect((await env.diiaId.webhook(delivery(first, { traceId: session.requestId }))).status).toBe(200);
    const stored = await session.result();
    expect((await env.diiaId.webhook(delivery(first, { traceId: session.requestId }))).status).toBe(200);
    expect(env.logs.at(-1)).toMatchObject({ event: 'diia-id-duplicate' });
    const second = encodeJson({ signedItems: itemsFor(digests).reverse() });
    expect(await answer(await env.diiaId.webhook(delivery(second, { traceId: session.requestId })))).toEqual({
      status: 409,
      body: { success: false, error: 'SHARE_STATE_CONFLICT' },
    });
    expect(await session.result()).toBe(stored);
    expect(env.calls).toHaveLength(2);
  });

  it('refuses a late delivery (410) and the session rejects DIIA_ID_EXPIRED', async () => {
    const { env, session, digests } = await signing();
    env.clock.advance(180_000);
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: session.requestId }),
    );
    expect(await answer(response)).toEqual({
      status: 410,
      body: { success: false, error: 'WEBHOOK_LATE_DELIVERY' },
    });
    await expect(session.result()).rejects.toMatchObject({ code: 'DIIA_ID_EXPIRED' });
    expect(env.calls).toHaveLength(0);
  });

  it('refuses a delivery after cancel, and the session rejects DIIA_ID_CANCELLED', async () => {
    const { env, session, digests } = await signing();
    expect(await session.cancel()).toBe(true);
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: session.requestId }),
    );
    expect(response.status).toBe(410);
    const failure = await session.result().catch((e: unknown) => e);
    expect(isAcceptError(failure, 'DIIA_ID_CANCELLED')).toBe(true);
  });

  it('reattaches to a stored request by its trace id', async () => {
    const { env, session, digests } = await signing();
    const again = await env.diiaId.session(session.requestId);
    expect(again?.deeplink).toBe(session.deeplink);
    expect(await env.diiaId.session('unknown')).toBeUndefined();
    await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: session.requestId }),
    );
    expect((await again!.result()).flow).toBe('hashedFilesSigning');
  });

  it('wakes a waiting result() when the webhook stores', async () => {
    const { env, session, digests } = await signing();
    const waiting = session.result();
    await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: session.requestId }),
    );
    expect((await waiting).files).toHaveLength(2);
  });
});

describe('a delivery of many files', () => {
  it('verifies one signature at a time with a turn of the event loop between (no long stall)', async () => {
    const events: string[] = [];
    const verify = fakeVerify();
    const env = setup({
      verify: async (signature, context) => {
        events.push('verify');
        // A macrotask queued during one check must run before the next check starts.
        setImmediate(() => events.push('timer'));
        return verify(signature, context);
      },
    });
    const files = ['a.pdf', 'b.pdf', 'c.pdf'].map((name) => ({ name, bytes: enc(name) }));
    const { session, digests } = await signing(env, files);
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), {
        traceId: session.requestId,
        action: 'hashedFilesSigning',
      }),
    );
    expect(response.status).toBe(200);
    expect(events.slice(0, 5)).toEqual(['verify', 'timer', 'verify', 'timer', 'verify']);
  });
});

describe('dispatchDeliveries', () => {
  it('routes on X-Diia-Id-Action: absent to the document webhook, present to Diia ID', async () => {
    const { env, session, digests } = await signing();
    const documents = createWebhookHandler({
      opener: {
        profile: 'none',
        open: async () => {
          throw new Error('not reached');
        },
      } as never,
      store: { get: async () => undefined } as never,
    });
    const webhook = dispatchDeliveries({ documents, diiaId: env.diiaId.webhook });
    const body = encodeJson({ signedItems: itemsFor(digests) });
    // No action header: the document webhook answers (this request is unknown to its store).
    const plain = await webhook(delivery(body, { traceId: session.requestId, action: null }));
    expect(await answer(plain)).toEqual({
      status: 404,
      body: { success: false, error: 'WEBHOOK_REQUEST_UNKNOWN' },
    });
    expect(
      await answer(await webhook(delivery(body, { traceId: session.requestId, action: 'AUTHX' }))),
    ).toEqual({
      status: 400,
      body: { success: false, error: 'DIIA_ID_ACTION_UNKNOWN' },
    });
    expect(
      (await webhook(delivery(body, { traceId: session.requestId, action: 'hashedfilessigning' }))).status,
    ).toBe(200);
  });
});

describe('the edges of the session and the store', () => {
  it('refuses unknown option keys, naming them', () => {
    expect(() => setup({ bogus: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => setup({ bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    expect(() => setup({ limits: { maxFile: 1 } as never })).toThrow(/unknown option 'maxFile'/);
    expect(() => setup({ webhookLimits: { maxItem: 1 } as never })).toThrow(/unknown option 'maxItem'/);
    // A request the webhook could never take back: more files than a delivery may carry.
    expect(() => setup({ limits: { maxFiles: 150 } })).toThrow(/webhookLimits.maxItems 100/);
    expect(() => setup({ limits: { maxFiles: 8 }, webhookLimits: { maxItems: 4 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => setup({ signAlgo: 'RSA' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('refuses a login signature over another hash', async () => {
    const env = setup();
    const session = await env.diiaId.login({ branchId: BRANCH_ID, offerId: OFFER_ID });
    const hash = session.hashedRequestId!;
    const body = encodeJson({ requestId: hash, signature: encodeBase64(fakeSignature(new Uint8Array(32))) });
    expect(await answer(await env.diiaId.webhook(delivery(body, { action: 'auth', traceId: hash })))).toEqual(
      {
        status: 422,
        body: { success: false, error: 'SIGNATURE_DIGEST_MISMATCH' },
      },
    );
    expect(await session.state()).toBe('pending');
  });

  it('answers 503 and keeps nothing when the store cannot take the result', async () => {
    const { env, session, digests } = await signing();
    env.store.putResult = async () => {
      throw new AcceptError('STORE_UNAVAILABLE');
    };
    const response = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: session.requestId }),
    );
    expect(await answer(response)).toEqual({
      status: 503,
      body: { success: false, error: 'STORE_UNAVAILABLE' },
    });
    expect(await session.state()).toBe('pending');
    // A store of one's own that fails without a code: still the store's failure, 503, not the verifier's.
    env.store.putResult = async () => {
      throw new Error('connection reset');
    };
    const again = await env.diiaId.webhook(
      delivery(encodeJson({ signedItems: itemsFor(digests) }), { traceId: session.requestId }),
    );
    expect(await answer(again)).toEqual({
      status: 503,
      body: { success: false, error: 'STORE_UNAVAILABLE' },
    });
  });

  it('stops waiting on abort (the session goes on) and expires by its own clock', async () => {
    const sleeps: number[] = [];
    const env = setup({
      lifetime: '30s',
      sleep: async (ms) => {
        sleeps.push(ms);
        env.clock.advance(ms);
      },
    });
    const { session } = await signing(env);
    const controller = new AbortController();
    controller.abort();
    await expect(session.result({ signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await session.state()).toBe('pending');
    await expect(session.result()).rejects.toMatchObject({ code: 'DIIA_ID_EXPIRED' });
    expect(sleeps).toEqual([30_000]);
  });

  it('the memory store refuses an existing id and a full store', async () => {
    const store = memoryDiiaIdStore({ maxRequests: 1 });
    const record = {
      id: 'a',
      flow: 'auth' as const,
      requestId: 'a',
      branchId: 'b',
      offerId: 'o',
      deeplink: 'https://diia.app/x',
      signAlgo: 'DSTU' as const,
      digestAlgorithm: 'gost34311' as const,
      files: [],
      state: 'pending' as const,
      createdAt: 0,
      expiresAt: Number.MAX_SAFE_INTEGER,
      updatedAt: 0,
    };
    await store.create(record);
    await expect(store.create(record)).rejects.toMatchObject({ code: 'SHARE_STATE_CONFLICT' });
    await expect(store.create({ ...record, id: 'b' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await store.putResult('zzz', {} as never, 'f')).toEqual({ status: 'unknown' });
  });
});
