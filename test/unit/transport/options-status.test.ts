// The transport's options are checked up front, and any status word the platform sends is read without
// throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import {
  type DiiaTransportOptions,
  diiaAdmin,
  diiaTransport,
  normaliseShareStatus,
} from '../../../src/transport/index.js';
import { platformClients } from '../../support/platform-clients.js';

const BASE: DiiaTransportOptions = { baseUrl: 'https://api2s.diia.gov.ua', acquirerToken: 'acq-token' };

describe('options', () => {
  it.each([
    ['a base URL that is not a URL', { baseUrl: 'not a url' }],
    ['plain HTTP to a remote host', { baseUrl: 'http://api2s.diia.gov.ua' }],
    ['credentials in the base URL', { baseUrl: 'https://user:pass@api2s.diia.gov.ua' }],
    ['a query in the base URL', { baseUrl: 'https://api2s.diia.gov.ua/?x=1' }],
    ['an empty acquirer token', { acquirerToken: '' }],
    ['an acquirer token with a space', { acquirerToken: 'a b' }],
    ['an empty second credential', { authAcquirerToken: '' }],
    ['zero attempts', { retries: { attempts: 0 } }],
    ['eleven attempts', { retries: { attempts: 11 } }],
    ['renewal longer than the lifetime', { sessionLifetime: '10m', renewBefore: '10m' }],
    ['a zero timeout', { timeouts: { request: 0 } }],
    ['a fetch that is not a function', { fetch: 'fetch' as never }],
  ] as const)('refuses %s', (_name, patch) => {
    for (const make of [diiaTransport, diiaAdmin]) {
      expect(() => make({ ...BASE, ...(patch as Partial<DiiaTransportOptions>) })).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^INVALID_(ARGUMENT|DURATION)$/) }),
      );
    }
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://localhost:3000',
    'http://[::1]:9000',
    'http://sandbox.localhost',
  ])('allows plain HTTP to this machine: %s', (baseUrl) => {
    expect(() => diiaTransport({ ...BASE, baseUrl })).not.toThrow();
    expect(() => diiaAdmin({ ...BASE, baseUrl })).not.toThrow();
  });

  it('reads globalThis.fetch at call time, not when created', async () => {
    const original = globalThis.fetch;
    const admin = diiaAdmin(BASE);
    let seen = '';
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      seen = String(input);
      return new Response('{"token":"t"}', { status: 200 });
    }) as typeof fetch;
    try {
      await admin.branches.list().catch(() => {});
      expect(seen).toBe('https://api2s.diia.gov.ua/api/v2/acquirers/branches');
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('normaliseShareStatus', () => {
  it.each([
    ['pending', 'awaiting-consent'],
    ['PENDING', 'awaiting-consent'],
    ['awaiting_consent', 'awaiting-consent'],
    ['Approved', 'consented'],
    ['delivered', 'delivered'],
    ['declined', 'declined'],
    ['rejected', 'declined'],
    ['expired', 'expired'],
    ['timed out', 'expired'],
    ['constructor', 'unknown'],
    ['__proto__', 'unknown'],
    ['', 'unknown'],
  ])('%j → %s', (raw, status) => {
    expect(normaliseShareStatus(raw)).toEqual({ status, raw });
  });

  it('keeps a numeric status as text', () => {
    expect(normaliseShareStatus(3)).toEqual({ status: 'unknown', raw: '3' });
  });

  it('never throws and always keeps the raw value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), (value) => {
        const { status, raw } = normaliseShareStatus(value);
        expect(['awaiting-consent', 'consented', 'delivered', 'declined', 'expired', 'unknown']).toContain(
          status,
        );
        expect(raw).toBe(String(value));
      }),
    );
  });
});

it('throws nothing but AcceptError for arbitrary arguments', async () => {
  const transport = platformClients({
    ...BASE,
    fetch: async () => new Response('{}', { status: 500 }),
    retries: false,
  });
  await fc.assert(
    fc.asyncProperty(fc.anything(), fc.anything(), async (a, b) => {
      const calls = [
        () => transport.identify(a as never),
        () => transport.requestDocument(a as never),
        () => transport.createOfferRequest(a as never),
        () => transport.documentRequestStatus(a as never),
        () => transport.branches.create(a as never),
        () => transport.branches.list(a as never),
        () => transport.branches.list({}, a as never),
        () => transport.offerRequestStatus(a as never, b as never),
        () => transport.branches.get(a as never),
        () => transport.offers.create(a as never, b as never),
        () => transport.offers.delete(a as never, b as never),
      ];
      for (const call of calls) {
        await call().then(
          () => {},
          (e: unknown) => expect(isAcceptError(e)).toBe(true),
        );
      }
    }),
    { numRuns: 100 },
  );
});
