// The public types of diia-accept/transport, checked by the compiler (vitest's expectTypeOf).
import { describe, expectTypeOf, it } from 'vitest';
import {
  type Branch,
  type CallOptions,
  type DiiaTransportOptions,
  diiaAdmin,
  diiaTransport,
  normaliseShareStatus,
  type PlatformAdmin,
  type PlatformShareStatus,
  type PlatformTransport,
  type StatusResponse,
} from '../../../src/transport/index.js';

describe('diia-accept/transport types', () => {
  it('diiaTransport returns the port', () => {
    expectTypeOf(diiaTransport).parameter(0).toEqualTypeOf<DiiaTransportOptions>();
    expectTypeOf(diiaTransport).returns.toEqualTypeOf<PlatformTransport>();
  });

  it('the flows port holds only the flow calls; branches and offers come from the admin client', () => {
    expectTypeOf<keyof PlatformTransport>().toEqualTypeOf<
      'identify' | 'requestDocument' | 'createOfferRequest' | 'documentRequestStatus' | 'offerRequestStatus'
    >();
    expectTypeOf<keyof PlatformAdmin>().toEqualTypeOf<'branches' | 'offers'>();
    expectTypeOf(diiaAdmin).parameter(0).toEqualTypeOf<DiiaTransportOptions>();
    expectTypeOf(diiaAdmin).returns.toEqualTypeOf<PlatformAdmin>();
  });

  it('needs a base URL and an acquirer token; retries may be false', () => {
    // @ts-expect-error the acquirer token is required
    const missing: DiiaTransportOptions = { baseUrl: 'https://api2s.diia.gov.ua' };
    const off: DiiaTransportOptions = { baseUrl: 'https://x.example', acquirerToken: 't', retries: false };
    expectTypeOf(missing).toEqualTypeOf<DiiaTransportOptions>();
    expectTypeOf(off.timeouts).toEqualTypeOf<DiiaTransportOptions['timeouts']>();
  });

  it('statuses are a closed union with the raw value kept', () => {
    expectTypeOf(normaliseShareStatus('x')).toEqualTypeOf<StatusResponse>();
    expectTypeOf<StatusResponse['status']>().toEqualTypeOf<PlatformShareStatus>();
    expectTypeOf<StatusResponse['raw']>().toEqualTypeOf<string>();
  });

  it('branches come back with id (not _id) and every call takes CallOptions', () => {
    expectTypeOf<Branch>().toHaveProperty('id').toEqualTypeOf<string>();
    expectTypeOf<Branch>().not.toHaveProperty('_id');
    expectTypeOf<PlatformAdmin['branches']['get']>().parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf<CallOptions['timeout']>().toEqualTypeOf<CallOptions['timeout']>();
  });

  it('a document request takes a barcode or a qrcode', () => {
    const transport = {} as PlatformTransport;
    expectTypeOf(transport.requestDocument).parameter(0).toHaveProperty('qrcode');
    const admin = {} as PlatformAdmin;
    const unknownType = () =>
      // @ts-expect-error a document type that the platform does not know
      admin.offers.create('b', { name: 'x', scopes: { sharing: ['spaceship'] } });
    expectTypeOf(unknownType).toBeFunction();
  });
});
