// Diia ID through the facade: createAcceptor's diiaId option gives signFiles and login for the acceptor's
// branch, and one webhook that takes both documents and Diia ID deliveries.
import { describe, expect, it } from 'vitest';
import { createAcceptor } from '../../../src/acceptor.js';
import { manualClock } from '../../../src/clock.js';
import { memoryDiiaIdStore } from '../../../src/diia-id/store.js';
import type { PlatformTransport } from '../../../src/transport/port.js';
import type { TrustStore } from '../../../src/verify/trust.js';
import { codeOf } from '../../support/codes.js';
import {
  BRANCH_ID,
  delivery,
  encodeJson,
  fakeSignature,
  fakeVerify,
  OFFER_ID,
  recordingTransport,
  START,
} from './support.js';

const trust = { lookup: async () => ({ ok: false, reason: 'unknown-kid' }) } as unknown as TrustStore;

function acceptorWith(diiaId: Record<string, unknown> | undefined) {
  const recording = recordingTransport();
  const transport = recording as unknown as PlatformTransport;
  const clock = manualClock(START);
  const acceptor = createAcceptor({
    transport,
    trust,
    branchId: BRANCH_ID,
    clock,
    ...(diiaId ? { diiaId: diiaId as never } : {}),
  });
  return { acceptor, requests: recording.requests, clock };
}

const file = { name: 'application.pdf', bytes: new TextEncoder().encode('%PDF-1.7 заява\n') };

describe('createAcceptor with diiaId', () => {
  it('signs files for its own branch and takes the delivery on its one webhook', async () => {
    const store = memoryDiiaIdStore({ clock: manualClock(START) });
    const { acceptor, requests } = acceptorWith({ verify: fakeVerify(), store });
    const session = await acceptor.signFiles({ offerId: OFFER_ID, files: [file] });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ branchId: BRANCH_ID, offerId: OFFER_ID });
    const sent = requests[0]?.data?.hashedFilesSigning?.hashedFiles[0];
    expect(sent?.fileName).toBe('application.pdf');
    const digest = Uint8Array.from(atob(sent?.fileHash ?? ''), (c) => c.charCodeAt(0));
    const body = encodeJson({
      signedItems: [
        { name: 'application.pdf', signature: btoa(String.fromCharCode(...fakeSignature(digest))) },
      ],
    });
    const response = await acceptor.webhook(
      delivery(body, { traceId: session.requestId, action: 'hashedFilesSigning' }),
    );
    expect(response.status).toBe(200);
    const { files } = await session.result();
    expect(files[0]?.verification.signer.fullName).toBe('Коваленко Олена Петрівна');
    expect(await acceptor.diiaIdSessions?.session(session.requestId)).toBeDefined();
    // A delivery without the action header is a document delivery: this acceptor has no opener for it.
    expect(await codeOf(acceptor.webhook(delivery(body, { traceId: session.requestId, action: null })))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('logs in for its own branch with the hashed request id', async () => {
    const { acceptor, requests } = acceptorWith({ verify: fakeVerify() });
    const session = await acceptor.login({ offerId: OFFER_ID });
    expect(requests[0]).toMatchObject({ branchId: BRANCH_ID, requestId: session.hashedRequestId });
  });

  it('refuses Diia ID without the option, bad options, and a bad CA before the platform is asked', async () => {
    expect(
      await codeOf(acceptorWith(undefined).acceptor.signFiles({ offerId: OFFER_ID, files: [file] })),
    ).toBe('INVALID_ARGUMENT');
    expect(acceptorWith(undefined).acceptor.diiaIdSessions).toBeUndefined();
    const setUp = (diiaId: Record<string, unknown>) => codeOf((async () => acceptorWith(diiaId))());
    expect(await setUp({})).toBe('INVALID_ARGUMENT');
    expect(await setUp({ verify: fakeVerify(), caCertificates: [new Uint8Array(1)] })).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await setUp({ caCertificates: [] })).toBe('INVALID_ARGUMENT');
    expect(await setUp({ verify: fakeVerify(), trust: [] })).toBe('INVALID_ARGUMENT');
    // The request id follows the one UUID rule (RFC 9562): the nil UUID is no request id.
    const nil = '00000000-0000-0000-0000-000000000000';
    const own = acceptorWith({ verify: fakeVerify() });
    expect(await codeOf(own.acceptor.signFiles({ offerId: OFFER_ID, files: [file], requestId: nil }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(own.requests).toEqual([]);
    const { acceptor, requests } = acceptorWith({ caCertificates: [new Uint8Array([0x30, 0x00])] });
    expect(await codeOf(acceptor.signFiles({ offerId: OFFER_ID, files: [file] }))).toBe(
      'CERTIFICATE_MALFORMED',
    );
    expect(await codeOf(acceptor.login({ offerId: OFFER_ID }))).toBe('CERTIFICATE_MALFORMED');
    expect(requests).toEqual([]);
  });
});
