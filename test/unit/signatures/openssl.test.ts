// Cross-checks with OpenSSL, an implementation that shares no code or idea with this one. Always: the
// signatures `openssl cms -sign` made once (test/fixtures/signatures/openssl, made by its make.sh) verify
// here. When `openssl` is on the machine, also live: OpenSSL verifies signatures the test CA makes, and
// signatures OpenSSL makes now verify here. Without it the live part is skipped, and says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcceptError } from '../../../src/errors.js';
import { ecTrustStore } from '../../../src/signatures/chain.js';
import { verifyEcdsaSignedData } from '../../../src/signatures/cms.js';
import { signerIdentity } from '../../../src/signatures/identity.js';
import { createEcTestCa, signCadesBes } from '../../support/ecdsa-ca.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/signatures/openssl/', import.meta.url));
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

describe('signatures made by openssl cms -sign (checked-in fixtures)', () => {
  const trust = ecTrustStore([fixture('ca.der')]);
  const file = fixture('file.txt');

  it('detached CAdES-BES, SHA-256: verifies, with signingCertificateV2 and the signer’s names', async () => {
    const result = await verifyEcdsaSignedData(fixture('detached.p7s'), { trust, content: file });
    expect(result.signer.raw).toEqual(fixture('signer.der'));
    expect(result.signingCertificateV2).toBe(true);
    expect(result.digestAlgorithm).toBe('SHA-256');
    expect(result.signer.subject.commonName).toBe('Тестовий Підписувач prime256v1');
    expect(signerIdentity(result.signer).taxId?.value).toBe('1234567899');
    expect(result.chain).toHaveLength(2);
    expect(result.attributes.signed).toContain('1.2.840.113549.1.9.15'); // smimeCapabilities, read and kept
  });

  it('attached, SHA-256 and P-384 with SHA-384: verify and give the content back', async () => {
    const p256 = await verifyEcdsaSignedData(fixture('attached.p7s'), { trust });
    expect(p256.content).toEqual(file);
    const p384 = await verifyEcdsaSignedData(fixture('attached-p384.p7s'), { trust, content: file });
    expect([p384.digestAlgorithm, p384.signer.publicKey.curve]).toEqual(['SHA-384', 'P-384']);
  });

  it('refuses them for another file', async () => {
    const other = new TextEncoder().encode('інший файл');
    await expect(
      verifyEcdsaSignedData(fixture('detached.p7s'), { trust, content: other }),
    ).rejects.toMatchObject({
      code: 'SIGNATURE_DIGEST_MISMATCH',
    });
  });
});

const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const hasOpenssl = openssl.status === 0;
if (!hasOpenssl)
  console.warn('SKIPPED: `openssl` is not on this machine; the live OpenSSL cross-checks did not run.');

describe.skipIf(!hasOpenssl)('live cross-checks with openssl', () => {
  let dir: string;
  const run = (...args: string[]): string =>
    execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecdsa-openssl-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [curve, hash] of [
    ['P-256', 'SHA-256'],
    ['P-384', 'SHA-384'],
  ] as const) {
    it(`openssl cms -verify accepts the test CA's detached and attached CAdES-BES (${curve}, ${hash})`, async () => {
      const signedAt = Date.UTC(2026, 0, 2);
      const ca = await createEcTestCa({ seed: `openssl-${curve}`, now: Date.UTC(2026, 0, 1), curve, hash });
      const citizen = await ca.issueCitizen({ key: curve });
      const file = new TextEncoder().encode(`Заява, підписана ${curve}\n`);
      writeFileSync(join(dir, 'ca.der'), ca.certificate.der);
      run('x509', '-inform', 'DER', '-in', 'ca.der', '-out', 'ca.pem');
      writeFileSync(join(dir, 'file.txt'), file);
      const attime = String(Math.floor(signedAt / 1000));
      for (const attached of [false, true]) {
        const cms = await signCadesBes({
          signer: citizen,
          content: file,
          hash,
          signingTime: signedAt,
          attached,
        });
        writeFileSync(join(dir, 'sig.p7s'), cms);
        const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.p7s', '-CAfile', 'ca.pem'];
        const out = run(
          ...args,
          ...(attached ? [] : ['-content', 'file.txt']),
          '-attime',
          attime,
          '-out',
          'out.bin',
        );
        expect(out).toBe('');
        expect(new Uint8Array(readFileSync(join(dir, 'out.bin')))).toEqual(file);
        // And OpenSSL refuses it for another file, so the acceptance above means something.
        if (!attached) {
          writeFileSync(join(dir, 'other.txt'), 'інший файл');
          expect(() => run(...args, '-content', 'other.txt', '-attime', attime, '-out', 'out.bin')).toThrow();
        }
      }
    });
  }

  it('signatures openssl makes now verify here (fresh keys, the fixtures’ script)', async () => {
    cpSync(join(FIXTURES, 'make.sh'), join(dir, 'make.sh'));
    execFileSync('sh', [join(dir, 'make.sh')], { cwd: dir, stdio: 'pipe' });
    const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
    const trust = ecTrustStore([read('ca.der')]);
    for (const name of ['detached.p7s', 'attached.p7s', 'attached-p384.p7s']) {
      const result = await verifyEcdsaSignedData(read(name), { trust, content: read('file.txt') });
      expect(result.signer.subject.serialNumber, name).toBe('TINUA-1234567899');
    }
    // A fixture's CA does not vouch for the fresh signer.
    const stale = verifyEcdsaSignedData(read('detached.p7s'), {
      trust: ecTrustStore([fixture('ca.der')]),
      content: read('file.txt'),
    });
    await expect(stale).rejects.toBeInstanceOf(AcceptError);
    await expect(stale).rejects.toMatchObject({ code: 'CERTIFICATE_CHAIN_INVALID' });
  });
});
