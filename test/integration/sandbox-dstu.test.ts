// Real-format deliveries over loopback: the sandbox seals with the platform's test key (DiiaTest.pfx) to the
// partner's key-agreement certificate (Key-6.dat), and the partner's webhook opens them with dstuOpener.
// The test certificates expired on 2024-04-05, so every party's clock runs from 1 March 2024.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { toNodeListener } from '../../src/node/listener.js';
import { type DstuKeys, dstuOpener, loadDstuKeys } from '../../src/profiles/dstu/index.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createShare, type Share } from '../../src/share/request.js';
import { memoryShareStore, type ShareStore } from '../../src/share/store.js';
import { createWebhookHandler, type WebhookLogEntry } from '../../src/share/webhook.js';
import { diiaAdmin } from '../../src/transport/admin.js';
import { diiaTransport } from '../../src/transport/diia.js';
import { codeOf } from '../support/codes.js';
import { CERTS, DIIA, fixture, KEY6 } from '../unit/profiles/dstu/fixtures.js';
import { requestByBarcode } from './share-harness.js';

const START = Date.parse('2024-03-01T10:00:00Z');
const startedAt = Date.now();
/** The system clock, moved back to 1 March 2024 (real timers, so no manual advancing). */
const clock: Clock = { now: () => START + (Date.now() - startedAt) };

let platformKeys: DstuKeys;
let partnerKeys: DstuKeys;

// Opening a container runs PBKDF2 over GOST 34.311 (seconds each): once per file.
beforeAll(async () => {
  [platformKeys, partnerKeys] = await Promise.all([loadDstuKeys(DIIA), loadDstuKeys(KEY6)]);
}, 60_000);

interface Partner {
  readonly sandbox: Sandbox;
  readonly store: ShareStore;
  readonly share: Share;
  readonly branchId: string;
  readonly logs: WebhookLogEntry[];
  readonly forms: FormData[];
}

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function startPartner(options: SandboxOptions = {}): Promise<Partner> {
  const sandbox = await createSandbox({
    seed: 'dstu-tests',
    clock,
    profile: 'dstu',
    dstu: { platformKeys, partnerCertificate: fixture(CERTS.partnerAgree) },
    delivery: { retry: { attempts: 1 } },
    ...options,
  });
  running.push(sandbox);
  const store = memoryShareStore({ clock });
  const logs: WebhookLogEntry[] = [];
  const forms: FormData[] = [];
  const opener = dstuOpener({
    keys: partnerKeys,
    trust: {
      caBundle: fixture(CERTS.bundle),
      platformCertificates: [fixture(CERTS.diiaSign), fixture(CERTS.diiaAgree)],
    },
    clock,
  });
  const handler = createWebhookHandler({ opener, store, clock, logger: (e) => logs.push(e) });
  const server: Server = createServer(
    toNodeListener(async (request: Request) => {
      forms.push(await request.clone().formData());
      return handler(request);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/diia/webhook`;
  const branchId = sandbox.addBranch({}, { webhookUrl }).id;
  const transport = diiaTransport({ baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken, clock });
  const share = createShare({ transport, store, clock, pollInterval: '100ms' });
  return { sandbox, store, share, branchId, logs, forms };
}

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

describe("the sandbox with profile 'dstu', into a webhook with dstuOpener", { timeout: 120_000 }, () => {
  it('delivers a real-format copy that opens and verifies end to end', async () => {
    const partner = await startPartner();
    const session = await requestByBarcode(partner, 'internal-passport');
    const { copies, receipt } = await session.result();
    const sent = await partner.sandbox.delivered(session.id);

    // The multipart has the barcode flow's shape; the parts are base64 text of CMS EnvelopedData.
    const form = partner.forms[0]!;
    expect([...form.keys()]).toEqual(['encryptedFile', 'encryptedFileName', 'encodeData']);
    const fileName = form.get('encryptedFileName') as string;
    expect(fileName).toMatch(/^internal-passport-\d{13}-01\.03\.2024-\d\d_\d\d_\d\d\.pdf\.p7s\.p7e$/);
    expect(fileName).toBe(sent.files[0]?.fileName);
    const part = await (form.get('encryptedFile') as File).text();
    expect(part).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const der = fromBase64(part);
    expect(der[0]).toBe(0x30);
    // ContentInfo.contentType = id-envelopedData (1.2.840.113549.1.7.3)
    expect(Buffer.from(der.subarray(0, 24)).toString('hex')).toContain('06092a864886f70d010703');
    expect(form.get('encodeData')).toMatch(/^[A-Za-z0-9+/]+=*$/);

    expect(copies).toHaveLength(1);
    expect(copies[0]?.content).toEqual(sent.files[0]?.pdf);
    expect(copies[0]?.sha256).toBe(sent.files[0]?.sha256);
    expect(copies[0]?.signer).toMatchObject({ edrpou: '43395033' });
    expect(copies[0]?.signer.subject).toBeTruthy();
    expect(copies[0]?.checks).toEqual(
      expect.arrayContaining([
        'decrypted',
        'digest-matches',
        'signature-valid',
        'signer-trusted',
        'certificate-chain-valid',
        'certificate-valid-now',
      ]),
    );
    expect(receipt.profile).toBe('dstu');
    // The real metadata names no digests, so nothing binds the file to it beyond the request.
    expect(receipt.checks).not.toContain('copies-match-metadata');
    expect(partner.logs).toEqual([{ event: 'delivery-stored', status: 200, requestId: session.id }]);
  });

  it('delivers the deeplink shape too: real-format parts named by their concrete type, several of one type', async () => {
    const partner = await startPartner({ delivery: { retry: { attempts: 1 }, filesPerType: 2 } });
    const admin = diiaAdmin({
      baseUrl: partner.sandbox.url,
      acquirerToken: partner.sandbox.acquirerToken,
      clock,
    });
    const { id: offerId } = await admin.offers.create(partner.branchId, {
      name: 'Відкриття рахунку',
      scopes: { sharing: ['passport', 'taxpayer-card'] },
    });
    const session = await partner.share.offer({
      branchId: partner.branchId,
      offerId,
      documentTypes: ['passport', 'taxpayer-card'],
    });
    const { copies, receipt } = await session.result();
    const form = partner.forms[0]!;
    // `passport` is request-only: the holder's ID card comes as internal-passport; two files of each type.
    expect([...form.keys()]).toEqual([
      'internal-passport',
      'internal-passport',
      'taxpayer-card',
      'taxpayer-card',
      'encodeData',
    ]);
    for (const type of ['internal-passport', 'taxpayer-card']) {
      for (const file of form.getAll(type) as File[]) {
        expect(file.name).toMatch(new RegExp(`^${type}-\\d{13}-.*\\.pdf\\.p7s\\.p7e$`));
      }
    }
    expect(copies.map((c) => c.documentType)).toEqual([
      'internal-passport',
      'internal-passport',
      'taxpayer-card',
      'taxpayer-card',
    ]);
    for (const copy of copies) expect(copy.checks).toContain('certificate-chain-valid');
    expect(new Set(copies.map((c) => c.sha256)).size).toBe(4);
    expect(receipt).toMatchObject({
      flow: 'offer',
      profile: 'dstu',
      documentTypes: ['internal-passport', 'taxpayer-card'],
      requestedDocumentTypes: ['passport', 'taxpayer-card'],
    });
    expect(receipt.copies).toHaveLength(4);
  });

  it('a tampered file is refused with SIGNATURE_DIGEST_MISMATCH and the platform is not acknowledged', async () => {
    const partner = await startPartner({ delivery: { retry: { attempts: 1 }, faults: { tamper: 'file' } } });
    const session = await requestByBarcode(partner, 'internal-passport');
    expect(await codeOf(partner.sandbox.delivered(session.id))).toBe('SHARE_FAILED');
    expect(partner.logs).toEqual([
      expect.objectContaining({
        event: 'delivery-refused',
        requestId: session.id,
        code: 'SIGNATURE_DIGEST_MISMATCH',
      }),
    ]);
    expect(await partner.store.getDelivery(session.id)).toBeUndefined();
  });

  it('a tampered metadata part is refused too', async () => {
    const partner = await startPartner({
      delivery: { retry: { attempts: 1 }, faults: { tamper: 'metadata' } },
    });
    const session = await requestByBarcode(partner, 'internal-passport');
    expect(await codeOf(partner.sandbox.delivered(session.id))).toBe('SHARE_FAILED');
    expect(partner.logs[0]).toMatchObject({ event: 'delivery-refused', code: 'SIGNATURE_DIGEST_MISMATCH' });
  });

  it('asks for the dstu options explicitly and fails at start on a wrong password', async () => {
    expect(await codeOf(createSandbox({ profile: 'dstu' }))).toBe('INVALID_ARGUMENT');
    expect(
      await codeOf(
        createSandbox({
          profile: 'dstu',
          dstu: {
            platformKeys: { container: DIIA.container, password: 'wrong' },
            partnerCertificate: fixture(CERTS.partnerAgree),
          },
        }),
      ),
    ).toBe('KEY_CONTAINER_PASSWORD');
  });

  it('has no untrusted-signer fault: such a delivery fails rather than pretend', async () => {
    const partner = await startPartner({
      delivery: { retry: { attempts: 1 }, faults: { untrustedSigner: true } },
    });
    const session = await requestByBarcode(partner, 'internal-passport');
    expect(await codeOf(partner.sandbox.delivered(session.id))).toBe('SHARE_FAILED');
    expect(partner.forms).toEqual([]);
  });
});
