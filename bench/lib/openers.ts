// The two sealing profiles set up the same way for the opening benchmark and its memory child: a sealer
// the platform (or the sandbox) would use and the opener a partner runs. Keys for jose are made once by
// the parent and handed to the child as JWKs; dstu uses the test key containers of the fixtures.
import { readFileSync } from 'node:fs';
import { manualClock } from '../../src/clock.js';
import { dstuOpener, dstuSealer, loadDstuKeys } from '../../src/profiles/dstu/index.js';
import {
  generatePartnerKeys,
  generatePlatformKeys,
  joseOpener,
  joseSealer,
} from '../../src/profiles/jose/index.js';
import type { Opener, Sealer } from '../../src/profiles/port.js';
import { pinnedKeys } from '../../src/verify/trust.js';

export type Profile = 'jose' | 'dstu';

export interface JoseKeyFile {
  readonly platform: { readonly publicJwk: object; readonly privateJwk: object };
  readonly partner: { readonly publicJwk: object; readonly privateJwk: object };
}

const fixtures = new URL('../../test/fixtures/diia-sdk-js/', import.meta.url);
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(path, fixtures)));
// The fixture certificates were valid in 2024; the dstu opener checks validity against this clock.
export const DSTU_TIME = '2024-01-01T00:00:00Z';

export async function makeJoseKeys(): Promise<JoseKeyFile> {
  const platform = await generatePlatformKeys({ kid: 'platform-bench' });
  const partner = await generatePartnerKeys({ kid: 'partner-bench' });
  return {
    platform: { publicJwk: platform.publicJwk, privateJwk: platform.privateJwk },
    partner: { publicJwk: partner.publicJwk, privateJwk: partner.privateJwk },
  };
}

type Jwk = Parameters<typeof joseSealer>[0]['signingKey'];

export async function joseProfile(keys: JoseKeyFile): Promise<{ sealer: Sealer; opener: Opener }> {
  return {
    sealer: joseSealer({
      signingKey: keys.platform.privateJwk as Jwk,
      recipientKey: keys.partner.publicJwk as Jwk,
    }),
    opener: joseOpener({
      decryptionKey: keys.partner.privateJwk as Jwk,
      trust: await pinnedKeys([keys.platform.publicJwk] as Parameters<typeof pinnedKeys>[0]),
    }),
  };
}

export async function dstuProfile(): Promise<{ sealer: Sealer; opener: Opener }> {
  const clock = manualClock(DSTU_TIME);
  const platformKeys = await loadDstuKeys({ container: fixture('keys/DiiaTest.pfx'), password: 'Test' });
  const partnerKeys = await loadDstuKeys({ container: fixture('keys/Key-6.dat'), password: '12345677' });
  return {
    sealer: dstuSealer({
      keys: platformKeys,
      recipients: [fixture('certificates/EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer')],
      clock,
    }),
    opener: dstuOpener({
      keys: partnerKeys,
      trust: {
        caBundle: fixture('certificates/CACertificates.Test.All.p7b'),
        platformCertificates: [fixture('certificates/DiiaKey1.cer'), fixture('certificates/DiiaKey2.cer')],
      },
      clock,
    }),
  };
}

/** A copy of `size` bytes that looks like a PDF to nobody but is not compressible either. */
export function copyOf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
  return bytes;
}
