// The remote JWKS against a real HTTP server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/clock.js';
import { isAcceptError } from '../../../src/errors.js';
import { remoteJwks } from '../../../src/verify/remote-jwks.js';
import { verifyDocumentToken } from '../../../src/verify/token.js';
import { NOW_S, type TestKey, testKey, token } from './keys.js';

let server: Server;
let url: string;
let hits = 0;
let mode: 'ok' | 'down' | 'hang' | 'garbage' | 'huge' | 'redirect' = 'ok';
let published: unknown[] = [];
let k1: TestKey;
let k2: TestKey;

beforeAll(async () => {
  [k1, k2] = await Promise.all([testKey('ES256', 'k-2026-1'), testKey('EdDSA', 'k-2026-2')]);
  server = createServer((req, res) => {
    hits++;
    if (req.url !== '/.well-known/jwks.json') return res.writeHead(404).end();
    if (mode === 'down') return res.writeHead(503).end('{"code":503}');
    if (mode === 'hang') return; // never answers
    if (mode === 'redirect') return res.writeHead(302, { location: 'http://127.0.0.1:1/keys.json' }).end();
    if (mode === 'garbage')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": [1,');
    if (mode === 'huge') return res.writeHead(200).end(`{"keys":[],"pad":"${'x'.repeat(70_000)}"}`);
    res
      .writeHead(200, { 'content-type': 'application/jwk-set+json' })
      .end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  hits = 0;
  mode = 'ok';
  published = [k1.jwk];
});

const clockAt = () => manualClock(NOW_S * 1000);

describe('remoteJwks over loopback HTTP', () => {
  it('fetches once and serves later lookups from the cache', async () => {
    const clock = clockAt();
    const trust = remoteJwks(url, { clock });
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('found');
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('found');
    expect(hits).toBe(1);
  });

  it('shares one fetch between concurrent lookups (single flight)', async () => {
    const trust = remoteJwks(url, { clock: clockAt() });
    const all = await Promise.all(Array.from({ length: 10 }, () => trust.resolve('k-2026-1', 'ES256')));
    expect(all.every((r) => r.status === 'found')).toBe(true);
    expect(hits).toBe(1);
  });

  it('key rotation: an unknown kid triggers one refresh that finds the new key', async () => {
    const clock = clockAt();
    const trust = remoteJwks(url, { clock, cooldown: '30s' });
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('found');
    published = [k2.jwk];
    clock.advance('31s');
    expect((await trust.resolve('k-2026-2', 'EdDSA')).status).toBe('found');
    expect(hits).toBe(2);
    // The old key was rotated out: the fresh copy lacks it, so it is unknown (invalid), with no new fetch.
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('unknown-key');
    expect(hits).toBe(2);
  });

  it('unknown kids cannot make it fetch more than once per cooldown', async () => {
    const clock = clockAt();
    const trust = remoteJwks(url, { clock, cooldown: '30s' });
    await trust.resolve('k-2026-1', 'ES256');
    clock.advance('31s');
    for (let i = 0; i < 20; i++)
      expect((await trust.resolve(`random-${i}`, 'ES256')).status).toBe('unknown-key');
    expect(hits).toBe(2);
  });

  it('a key of another algorithm is algorithm-mismatch', async () => {
    const trust = remoteJwks(url, { clock: clockAt() });
    expect((await trust.resolve('k-2026-1', 'EdDSA')).status).toBe('algorithm-mismatch');
  });

  it('outage with nothing cached: unavailable (unknown)', async () => {
    mode = 'down';
    const trust = remoteJwks(url, { clock: clockAt() });
    const r = await trust.resolve('k-2026-1', 'ES256');
    expect(r.status).toBe('unavailable');
    expect(isAcceptError((r as { cause?: unknown }).cause, 'TRUST_UNAVAILABLE')).toBe(true);
  });

  it('outage after a good fetch: the cached keys serve until maxStale, then stale', async () => {
    const clock = clockAt();
    const trust = remoteJwks(url, { clock, cacheMaxAge: '10m', maxStale: '1h', cooldown: '30s' });
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('found');
    mode = 'down';
    clock.advance('11m');
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('found');
    expect(hits).toBe(2);
    clock.advance('50m');
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('stale');
  });

  it('an unknown kid while the platform is down is unavailable, not unknown-key', async () => {
    const clock = clockAt();
    const trust = remoteJwks(url, { clock, cooldown: '30s' });
    await trust.resolve('k-2026-1', 'ES256');
    mode = 'down';
    clock.advance('31s');
    expect((await trust.resolve('k-2026-2', 'EdDSA')).status).toBe('unavailable');
    // Within the cooldown it does not ask again, and still cannot tell.
    expect((await trust.resolve('k-2026-2', 'EdDSA')).status).toBe('unavailable');
    expect(hits).toBe(2);
  });

  it('a server that never answers: unavailable after the timeout', async () => {
    mode = 'hang';
    const trust = remoteJwks(url, { clock: clockAt(), timeout: 200 });
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('unavailable');
  });

  it('an aborted lookup stops waiting (unavailable) while the shared fetch goes on for others', async () => {
    mode = 'hang';
    const trust = remoteJwks(url, { clock: clockAt(), timeout: 300 });
    const controller = new AbortController();
    const waiting = trust.resolve('k-2026-1', 'ES256', { signal: controller.signal });
    controller.abort();
    const r = await waiting;
    expect(r.status).toBe('unavailable');
    expect(isAcceptError((r as { cause?: unknown }).cause, 'ABORTED')).toBe(true);
  });

  it.each(['garbage', 'huge'] as const)('a %s answer: unavailable with TRUST_KEY_INVALID', async (m) => {
    mode = m;
    const r = await remoteJwks(url, { clock: clockAt() }).resolve('k-2026-1', 'ES256');
    expect(r.status).toBe('unavailable');
  });

  it('ignores keys that are not allowed (HMAC secret, private key, RS256) and uses the rest', async () => {
    published = [
      { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac', alg: 'HS256' },
      { ...k2.jwk, d: 'AAAA', kid: 'private' },
      { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'rs', alg: 'RS256' },
      k1.jwk,
    ];
    const trust = remoteJwks(url, { clock: clockAt() });
    expect((await trust.resolve('k-2026-1', 'ES256')).status).toBe('found');
    expect((await trust.resolve('hmac', 'HS256')).status).toBe('unknown-key');
    expect((await trust.resolve('private', 'EdDSA')).status).toBe('unknown-key');
  });

  it('a redirect is not followed: unavailable', async () => {
    mode = 'redirect';
    expect((await remoteJwks(url, { clock: clockAt() }).resolve('k-2026-1', 'ES256')).status).toBe(
      'unavailable',
    );
  });

  it('a set of only unusable keys: unavailable', async () => {
    published = [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }];
    expect((await remoteJwks(url, { clock: clockAt() }).resolve('hmac', 'HS256')).status).toBe('unavailable');
  });

  it('end to end: a token verifies; the same verifier gives unknown TRUST_STALE when the keys are too old', async () => {
    const clock = manualClock(NOW_S * 1000 + 1_000);
    const trust = remoteJwks(url, { clock, maxStale: '1h' });
    expect((await verifyDocumentToken(await token(k1), { trust, clock })).status).toBe('valid');
    mode = 'down';
    clock.advance('2h');
    const later = manualClock(clock.now());
    const fresh = await token(
      k1,
      {},
      { iat: Math.floor(later.now() / 1000), exp: Math.floor(later.now() / 1000) + 180 },
    );
    expect(await verifyDocumentToken(fresh, { trust, clock })).toMatchObject({
      status: 'unknown',
      reason: 'TRUST_STALE',
    });
  });

  it.each(['http://platform.example/jwks.json', 'ftp://127.0.0.1/jwks', 'not a url'])(
    'refuses the URL %s',
    (bad) => {
      expect(() => remoteJwks(bad)).toThrow();
    },
  );
});
