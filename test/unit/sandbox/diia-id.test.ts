// The sandbox's Diia ID without the partner's side: its test CAs and citizen (read back with the SDK's one
// identity reader), the options it refuses, the partner API's checks of Diia ID offers and offer requests,
// and the holder's answers (sign, decline, ignore, by hand, manual deeplinks). End to end with the verifier:
// test/integration/diia-id-sandbox.test.ts.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import { parseCertificate } from '../../../src/profiles/dstu/lib/certificate.js';
import { gost34311 } from '../../../src/profiles/dstu/lib/gost34311.js';
import { diiaIdCast } from '../../../src/sandbox/diia-id-ca.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index.js';
import { signerIdentity } from '../../../src/signatures/identity.js';
import { parseEcCertificate } from '../../../src/signatures/x509.js';

const NOW = Date.parse('2026-12-05T07:00:00Z');
const DAY = 86_400_000;
const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sandboxWith(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await createSandbox({
    seed: 'diia-id-unit',
    clock: manualClock(NOW),
    diiaId: {},
    webhookUrl: 'http://127.0.0.1:9/nobody',
    delivery: { retry: { attempts: 1 }, timeout: '2s' },
    ...options,
  });
  running.push(sandbox);
  return sandbox;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const digest = (text: string) => base64(gost34311(new TextEncoder().encode(text)));

async function post(sandbox: Sandbox, path: string, body: unknown): Promise<Response> {
  const login = await fetch(`${sandbox.url}/api/v1/auth/acquirer/${sandbox.acquirerToken}`);
  const { token } = (await login.json()) as { token: string };
  return fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('the sandbox Diia ID test CAs', () => {
  it('issue the citizen with realistic Ukrainian subject fields, in both algorithms', async () => {
    const cast = await diiaIdCast('diia-id-unit', NOW);
    const dstu = signerIdentity(cast.dstu.citizen.certificate);
    const ecdsa = signerIdentity(parseEcCertificate(cast.ecdsa.citizen.der));
    for (const identity of [dstu, ecdsa]) {
      expect(identity.fullName).toBe(cast.person.fullName);
      // Cyrillic surname, given name and patronymic.
      expect(identity.fullName).toMatch(/^[А-ЯІЇЄҐ][а-яіїєґ']+ [А-ЯІЇЄҐ][а-яіїєґ']+ [А-ЯІЇЄҐ][а-яіїєґ']+$/u);
      expect(`${identity.surname} ${identity.givenName}`).toBe(identity.fullName);
      expect(identity.country).toBe('UA');
      expect(identity.locality).toBe(cast.person.locality);
      expect(identity.subjectSerialNumber).toBe(`TINUA-${cast.person.taxId}`);
      expect(identity.taxId).toEqual({
        kind: 'rnokpp',
        value: cast.person.taxId,
        source: 'drfo-attribute',
        checkDigitValid: true,
      });
      // The DRFO attribute and the TINUA- serial number agree.
      expect(identity.identifiers.map((i) => [i.source, i.value])).toContainEqual([
        'subject-serial-number',
        cast.person.taxId,
      ]);
      expect(identity.qualified).toMatchObject({ compliance: true, ukrainianQualified: true });
      expect(identity.seal).toBe(false);
    }
  });

  it('make the expired certificate expire before now and the untrusted one under another key', async () => {
    const cast = await diiaIdCast('diia-id-unit', NOW);
    expect(cast.dstu.expired.certificate.notAfter).toBeLessThan(NOW);
    expect(parseEcCertificate(cast.ecdsa.expired.der).notAfter).toBeLessThan(NOW);
    const trusted = parseCertificate(cast.dstu.ca);
    // Same issuer name, another key: only the signature on the certificate tells them apart.
    expect(cast.dstu.untrusted.certificate.issuer).toBe(trusted.subject);
    expect(cast.dstu.untrusted.certificate.authorityKeyId).not.toBe(trusted.subjectKeyId);
    expect(parseEcCertificate(cast.ecdsa.untrusted.der).issuerRaw).toEqual(
      parseEcCertificate(cast.ecdsa.ca).subjectRaw,
    );
  });

  it('are the same for a seed (cached) and another person for another seed', async () => {
    const a = await diiaIdCast('seed-a', NOW);
    expect(await diiaIdCast('seed-a', NOW + 1000)).toBe(a);
    const b = await diiaIdCast('seed-b', NOW);
    expect(b.person.taxId).not.toBe(a.person.taxId);
    // Reproducible across processes: names and numbers come from the seed alone.
    const again = await diiaIdCast('seed-a', NOW + 3 * DAY);
    expect(again.person).toEqual(a.person);
    expect(again.dstu.citizen.certificate.subjectKeyId).toBe(a.dstu.citizen.certificate.subjectKeyId);
  });

  it('give the partner the DSTU and the ECDSA CA, and the citizen', async () => {
    const sandbox = await sandboxWith();
    const cast = await diiaIdCast('diia-id-unit', NOW);
    expect(sandbox.diiaId?.caCertificates).toEqual([cast.dstu.ca, cast.ecdsa.ca]);
    expect(sandbox.diiaId?.citizen).toEqual({ fullName: cast.person.fullName, taxId: cast.person.taxId });
  });
});

describe('the sandbox Diia ID options', () => {
  it.each([
    [{ diiaId: { colour: 'red' } }, /colour/],
    [{ diiaId: { fault: 'wrong-file' } }, /fault/],
    [{ diiaId: { answer: 'maybe' } }, /answer/],
    [{ diiaId: { answer: { after: '1s', answer: 'sign', extra: 1 } } }, /extra/],
    [{ diiaId: { timestamp: 'yes' } }, /timestamp/],
    [{ diiaId: { multipart: 'related' } }, /multipart/],
  ])('refuses %j with INVALID_ARGUMENT', async (options, detail) => {
    const error = await createSandbox(options as SandboxOptions).catch((e: unknown) => e);
    expect(isAcceptError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(String((error as Error).message) + JSON.stringify(error)).toMatch(detail);
  });

  it('leaves Diia ID off unless asked', async () => {
    const sandbox = await createSandbox({ seed: 'off' });
    running.push(sandbox);
    expect(sandbox.diiaId).toBeUndefined();
  });

  it('refuses an unknown fault in setFault', async () => {
    const sandbox = await sandboxWith();
    expect(() => sandbox.diiaId?.setFault('sign-nothing' as never)).toThrow(/fault/);
  });
});

describe('the partner API with Diia ID offers', () => {
  it('creates an offer with scopes.diiaId on a branch that has it, and only then', async () => {
    const sandbox = await sandboxWith();
    const plain = sandbox.addBranch();
    const refused = await post(sandbox, `/api/v1/acquirers/branch/${plain.id}/offer`, {
      name: 'Sign',
      scopes: { diiaId: ['hashedFilesSigning'] },
    });
    expect(refused.status).toBe(403);
    const branch = sandbox.addBranch({
      scopes: { sharing: [], documentIdentification: [], identification: [], diiaId: ['hashedFilesSigning'] },
    });
    const both = await post(sandbox, `/api/v1/acquirers/branch/${branch.id}/offer`, {
      name: 'Sign',
      scopes: { sharing: ['passport'], diiaId: ['hashedFilesSigning'] },
    });
    expect(both.status).toBe(400);
    // auth and hashedFilesSigning may share one offer (the partner API), but this branch has no auth.
    const two = await post(sandbox, `/api/v1/acquirers/branch/${branch.id}/offer`, {
      name: 'Sign',
      scopes: { diiaId: ['hashedFilesSigning', 'auth'] },
    });
    expect(two.status).toBe(403);
    const twice = await post(sandbox, `/api/v1/acquirers/branch/${branch.id}/offer`, {
      name: 'Sign',
      scopes: { diiaId: ['hashedFilesSigning', 'hashedFilesSigning'] },
    });
    expect(twice.status).toBe(400);
    const made = await post(sandbox, `/api/v1/acquirers/branch/${branch.id}/offer`, {
      name: 'Sign',
      scopes: { diiaId: ['hashedFilesSigning'] },
    });
    expect(made.status).toBe(200);
  });

  it.each([
    ['signing without data', 'hashedFilesSigning', { requestId: crypto.randomUUID() }],
    [
      'a file hash that is no digest',
      'hashedFilesSigning',
      {
        requestId: crypto.randomUUID(),
        data: { hashedFilesSigning: { hashedFiles: [{ fileName: 'a.pdf', fileHash: 'c2hvcnQ=' }] } },
      },
    ],
    [
      'one file name twice',
      'hashedFilesSigning',
      {
        requestId: crypto.randomUUID(),
        data: {
          hashedFilesSigning: {
            hashedFiles: [
              { fileName: 'a.pdf', fileHash: digest('a') },
              { fileName: 'a.pdf', fileHash: digest('b') },
            ],
          },
        },
      },
    ],
    [
      'a login with data',
      'auth',
      {
        requestId: digest('id'),
        data: { hashedFilesSigning: { hashedFiles: [{ fileName: 'a.pdf', fileHash: digest('a') }] } },
      },
    ],
    ['a login without a hashed id', 'auth', { requestId: crypto.randomUUID() }],
    ['an unknown signAlgo', 'auth', { requestId: digest('id'), signAlgo: 'RSA' }],
  ] as const)('refuses an offer request with %s (400)', async (_, scope, body) => {
    const sandbox = await sandboxWith();
    const branch = sandbox.addBranch();
    const offerId = sandbox.diiaId!.addOffer(branch.id, scope);
    const response = await post(sandbox, `/api/v2/acquirers/branch/${branch.id}/offer-request/dynamic`, {
      offerId,
      ...body,
    });
    expect(response.status).toBe(400);
    expect(sandbox.deliveries).toEqual([]);
  });
});

describe("the holder's answer", () => {
  async function request(sandbox: Sandbox, scope: 'hashedFilesSigning' | 'auth' = 'hashedFilesSigning') {
    const branch = sandbox.addBranch();
    const offerId = sandbox.diiaId!.addOffer(branch.id, scope);
    const requestId = scope === 'auth' ? digest(crypto.randomUUID()) : crypto.randomUUID();
    const response = await post(sandbox, `/api/v2/acquirers/branch/${branch.id}/offer-request/dynamic`, {
      offerId,
      requestId,
      ...(scope === 'auth'
        ? {}
        : { data: { hashedFilesSigning: { hashedFiles: [{ fileName: 'a.pdf', fileHash: digest('a') }] } } }),
    });
    expect(response.status).toBe(200);
    const { deeplink } = (await response.json()) as { deeplink: string };
    return { requestId, deeplink };
  }

  it('signs and posts a hashedFilesSigning delivery (record with its action, no documents)', async () => {
    const sandbox = await sandboxWith();
    const { requestId } = await request(sandbox);
    await sandbox.settled();
    const [record] = sandbox.deliveries;
    expect(record).toMatchObject({ requestId, action: 'hashedFilesSigning', files: [], documentTypes: [] });
    expect(Object.keys(record!.metadata)).toEqual(['signedItems']);
    expect(sandbox.status(requestId)).toBe('approved');
  });

  it("keeps a login's hashed id as sent (base64, case and all) and answers with { requestId, signature }", async () => {
    const sandbox = await sandboxWith();
    const { requestId } = await request(sandbox, 'auth');
    await sandbox.settled();
    expect(sandbox.deliveries[0]?.metadata).toEqual({ requestId, signature: expect.any(String) });
    expect(sandbox.status(requestId)).toBe('approved');
  });

  it('declines, ignores, or answers later on the sandbox clock', async () => {
    const declined = await sandboxWith({ diiaId: { answer: 'decline' } });
    const a = await request(declined);
    await declined.settled();
    expect(declined.status(a.requestId)).toBe('declined');
    expect(declined.deliveries).toEqual([]);

    const ignoring = await sandboxWith({ diiaId: { answer: 'ignore' } });
    const b = await request(ignoring);
    await ignoring.settled();
    expect(ignoring.status(b.requestId)).toBe('pending');
    // By hand, the holder can still sign it.
    ignoring.holder.answer(b.requestId, 'approve');
    await ignoring.settled();
    expect(ignoring.deliveries.map((d) => d.action)).toEqual(['hashedFilesSigning']);

    const later = await sandboxWith({ diiaId: { answer: { after: '20s', answer: 'sign' } } });
    const c = await request(later);
    await later.settled();
    expect(later.deliveries).toEqual([]);
    await later.advance('20s');
    await later.settled();
    expect(later.status(c.requestId)).toBe('approved');
  });

  it('signs only once the deeplink is opened, with deeplinks manual', async () => {
    const sandbox = await sandboxWith({ deeplinks: 'manual' });
    const { requestId, deeplink } = await request(sandbox);
    await sandbox.settled();
    expect(sandbox.deliveries).toEqual([]);
    sandbox.holder.openDeeplink(deeplink);
    await sandbox.settled();
    expect(sandbox.deliveries[0]?.requestId).toBe(requestId);
  });

  it('leaves a Diia ID offer request alone on a sandbox without Diia ID', async () => {
    const sandbox = await createSandbox({ seed: 'off', clock: manualClock(NOW) });
    running.push(sandbox);
    const branch = sandbox.addBranch({
      scopes: { sharing: [], documentIdentification: [], identification: [], diiaId: ['auth'] },
    });
    const made = await post(sandbox, `/api/v1/acquirers/branch/${branch.id}/offer`, {
      name: 'Login',
      scopes: { diiaId: ['auth'] },
    });
    const { _id: offerId } = (await made.json()) as { _id: string };
    const response = await post(sandbox, `/api/v2/acquirers/branch/${branch.id}/offer-request/dynamic`, {
      offerId,
      requestId: digest('x'),
    });
    expect(response.status).toBe(200);
    await sandbox.settled();
    expect(sandbox.deliveries).toEqual([]);
  });
});

describe('the Diia ID offer request, fuzzed', () => {
  it('answers any body with 200 or 400, and every accepted request is signed (never a crash)', async () => {
    const sandbox = await sandboxWith();
    const branch = sandbox.addBranch();
    const offers = [
      sandbox.diiaId!.addOffer(branch.id, 'hashedFilesSigning'),
      sandbox.diiaId!.addOffer(branch.id, 'auth'),
    ];
    const digestText = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map(base64),
      fc.uint8Array({ minLength: 48, maxLength: 48 }).map(base64),
      fc.uint8Array({ minLength: 0, maxLength: 70 }).map(base64),
      fc.string(),
    );
    const file = fc.record(
      { fileName: fc.oneof(fc.string({ maxLength: 300 }), fc.integer()), fileHash: digestText },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        offerId: fc.constantFrom(...offers),
        requestId: fc.oneof(fc.uuid({ version: 4 }), digestText, fc.jsonValue({ maxDepth: 1 })),
        signAlgo: fc.oneof(fc.constantFrom('DSTU', 'ECDSA', 'RSA'), fc.jsonValue({ maxDepth: 1 })),
        data: fc.oneof(
          fc.record({ hashedFilesSigning: fc.record({ hashedFiles: fc.array(file, { maxLength: 3 }) }) }),
          fc.jsonValue({ maxDepth: 3 }),
        ),
      },
      { requiredKeys: ['offerId'] },
    );
    // Well-formed bodies too, so that the signing side is exercised on every run, not by chance.
    const valid = fc.oneof(
      fc.record({
        offerId: fc.constant(offers[0]),
        requestId: fc.uuid({ version: 4 }),
        signAlgo: fc.constantFrom('DSTU', 'ECDSA'),
        data: fc
          .uniqueArray(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 3 })
          .chain((names) =>
            fc.tuple(...names.map(() => fc.uint8Array({ minLength: 32, maxLength: 32 }))).map((hashes) => ({
              hashedFilesSigning: {
                hashedFiles: names.map((fileName, i) => ({ fileName, fileHash: base64(hashes[i]!) })),
              },
            })),
          ),
      }),
      fc.record({
        offerId: fc.constant(offers[1]),
        requestId: fc.uint8Array({ minLength: 32, maxLength: 32 }).map(base64),
        signAlgo: fc.constantFrom('DSTU', 'ECDSA'),
      }),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, valid), async (b) => {
        const response = await post(
          sandbox,
          `/api/v2/acquirers/branch/${branch.id}/offer-request/dynamic`,
          b,
        );
        expect([200, 400]).toContain(response.status);
        if (response.status === 200) accepted++;
      }),
      { numRuns: 120 },
    );
    await sandbox.settled();
    expect(accepted).toBeGreaterThan(0);
    // Each accepted request was signed and sent (to a webhook nobody listens on): a record with its body.
    expect(sandbox.deliveries).toHaveLength(accepted);
    for (const record of sandbox.deliveries) expect(Object.keys(record.metadata).length).toBeGreaterThan(0);
  }, 60_000);
});
