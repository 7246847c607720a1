// The Diia ID offer request as the transport sends it over a real loopback server, pinned to the body the
// official SDKs send (MIT, diiaintegration/ua-acquirers-sdk-*):
//
// Java, diia-client-sdk/src/main/java/ua/gov/diia/client/sdk/remote/impl/DiiaIdApiImpl.java L21-26:
//   curl -X POST "https://{diia_host}/api/v2/acquirers/branch/{branch_id}/offer-request/dynamic"
//   -d "{\"offerId\": \"{offer_id}\", \"returnLink\": \"{return_link}\", \"requestId\": \"{request_id}\", \"data\": {
//   \"hashedFilesSigning\": {\"hashedFiles\": [{\"fileName\": \"{file_name}\", \"fileHash\": \"{file_data}\"}]}}}"
//
// PHP, SDK/diia-php-sdk-diiaId/src/DiiaApi.php L237-250 (getSignLink; the only SDK that sends signAlgo):
//   'offerId' => $offerId, 'returnLink' => $returnLink, 'requestId' => $requestId, 'signAlgo' => $signAlgo,
//   'data' => ['hashedFilesSigning' => ['hashedFiles' => [['fileName' => $fileName, 'fileHash' => $fileHash]]]]
//
// PHP, SDK/diia-php-sdk-diiaId/src/DiiaApi.php L155-181 (createOffer; one scope per offer):
//   POST {diiaHost}/api/v1/acquirers/branch/{branchId}/offer
//   $body = ['name' => $offerName, 'scopes' => ['diiaId' => [$scope]]]
//
// PHP's test values (tests/DiiaAPISignFileHashTest.php L16-22): signAlgo 'DSTU', fileName '1.pdf',
// fileHash 'MTIzNDU4Nzg4MDEyMzQ1Njc4OTAxMjM0NTY4ODkwMTI='. A login sends the hashed id and no data.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiiaId } from '../../../src/diia-id/diia-id.js';
import { type PlatformClients, platformClients } from '../../support/platform-clients.js';
import { fakeVerify } from '../diia-id/support.js';
import { ACQUIRER_TOKEN, type FakePlatform, startFakePlatform } from './fake-platform.js';

const REQUEST_ID = '30a075a9-a91d-4b1c-bcb7-a286839098a1';
const PHP_FILE_HASH = 'MTIzNDU4Nzg4MDEyMzQ1Njc4OTAxMjM0NTY4ODkwMTI=';

let platform: FakePlatform;
let transport: PlatformClients;

beforeEach(async () => {
  platform = await startFakePlatform();
  transport = platformClients({ baseUrl: platform.url, acquirerToken: ACQUIRER_TOKEN, retries: false });
});
afterEach(() => platform.close());

const last = () => platform.calls().at(-1)!;

describe('the Diia ID offer request', () => {
  it('sends the PHP SDK sample body member for member', async () => {
    await transport.createOfferRequest({
      branchId: 'branch-1',
      offerId: 'offer-1',
      requestId: REQUEST_ID,
      returnLink: 'https://partner.example/back',
      signAlgo: 'DSTU',
      data: { hashedFilesSigning: { hashedFiles: [{ fileName: '1.pdf', fileHash: PHP_FILE_HASH }] } },
    });
    expect(last()).toMatchObject({
      method: 'POST',
      path: '/api/v2/acquirers/branch/branch-1/offer-request/dynamic',
    });
    expect(last().body).toEqual({
      offerId: 'offer-1',
      returnLink: 'https://partner.example/back',
      requestId: REQUEST_ID,
      signAlgo: 'DSTU',
      data: { hashedFilesSigning: { hashedFiles: [{ fileName: '1.pdf', fileHash: PHP_FILE_HASH }] } },
    });
  });

  it('sends what createDiiaId makes: the Java shape (no signAlgo) for signing, a hashed id and no data for login', async () => {
    const diiaId = createDiiaId({ transport, verify: fakeVerify() });
    await diiaId.signFiles({
      branchId: 'branch-1',
      offerId: 'offer-1',
      requestId: REQUEST_ID,
      files: [{ name: '1.pdf', digest: PHP_FILE_HASH }],
    });
    expect(last().body).toEqual({
      offerId: 'offer-1',
      requestId: REQUEST_ID,
      data: { hashedFilesSigning: { hashedFiles: [{ fileName: '1.pdf', fileHash: PHP_FILE_HASH }] } },
    });
    const login = await diiaId.login({ branchId: 'branch-1', offerId: 'offer-2' });
    expect(last().body).toEqual({ offerId: 'offer-2', requestId: login.hashedRequestId });
    expect(login.hashedRequestId).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it.each([
    ['a signAlgo outside DSTU and ECDSA', { signAlgo: 'RSA' }],
    ['no hashed files', { data: { hashedFilesSigning: { hashedFiles: [] } } }],
    [
      'a fileHash that is not base64 of a digest',
      { data: { hashedFilesSigning: { hashedFiles: [{ fileName: 'a', fileHash: 'abc' }] } } },
    ],
    [
      'an empty fileName',
      { data: { hashedFilesSigning: { hashedFiles: [{ fileName: '', fileHash: PHP_FILE_HASH }] } } },
    ],
    ['a request id that is neither a UUID nor a hashed id', { requestId: 'not/an id' }],
  ])('refuses %s before any call', async (_, patch) => {
    const before = platform.calls().length;
    await expect(
      transport.createOfferRequest({
        branchId: 'b',
        offerId: 'o',
        requestId: REQUEST_ID,
        ...(patch as object),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(platform.calls().length).toBe(before);
  });

  it('sends only the documented members of a hashed file', async () => {
    await transport.createOfferRequest({
      branchId: 'b',
      offerId: 'o',
      requestId: REQUEST_ID,
      data: {
        hashedFilesSigning: {
          hashedFiles: [{ fileName: 'a.pdf', fileHash: PHP_FILE_HASH, secret: 'x' } as never],
        },
      },
    });
    expect(last().body).toEqual({
      offerId: 'o',
      requestId: REQUEST_ID,
      data: { hashedFilesSigning: { hashedFiles: [{ fileName: 'a.pdf', fileHash: PHP_FILE_HASH }] } },
    });
  });
});

describe('the Diia ID offer', () => {
  it('is created with the PHP SDK body member for member', async () => {
    const offer = { name: 'Sign the application', scopes: { diiaId: ['hashedFilesSigning' as const] } };
    await expect(transport.offers.create('branch-1', offer)).resolves.toEqual({ id: 'o-new' });
    expect(last()).toMatchObject({ method: 'POST', path: '/api/v1/acquirers/branch/branch-1/offer' });
    expect(last().body).toEqual({ name: 'Sign the application', scopes: { diiaId: ['hashedFilesSigning'] } });
  });
});
