// The operator's page: camera and keyboard-wedge scanning in the browser, everything else on the server
// (which holds the credentials). Framework-free; every state change lands in one aria-live region.
import { AcceptError, describeError } from 'diia-accept';
import { attachKeyboardScanner, listCameras, startCameraScanner } from 'diia-accept/scanner/browser';
import { CHECK_NAMES, count, DOCUMENT_NAMES, term } from '../../terms.mjs';
import { TEXT } from './messages.mjs';

const $ = (selector) => document.querySelector(selector);
let lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'uk';
let t = TEXT[lang];
let camera;
let lastRender = () => {};

function applyLanguage() {
  t = TEXT[lang];
  document.documentElement.lang = lang;
  document.title = t.title;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t[node.dataset.t];
  const button = $('#lang');
  button.textContent = t.switchTo;
  button.lang = lang === 'uk' ? 'en' : 'uk';
  button.setAttribute('aria-pressed', String(lang === 'en'));
  $('#camera').textContent = camera ? t.cameraStop : t.cameraStart;
  $('#shortcuts').replaceChildren(
    ...Object.entries(t.keys).flatMap(([key, what]) => [
      build('dt', {}, [build('kbd', {}, [key === 'Escape' ? 'Esc' : key])]),
      build('dd', {}, [what]),
    ]),
  );
  lastRender();
  renderJournal();
}

const documentName = (type) => (type ? term(DOCUMENT_NAMES, type, lang) : '—');

// Today's list: what the server recorded (time, action, document type, outcome), no personal data.
let journal = [];
async function refreshJournal() {
  journal = await fetch('/api/journal')
    .then((response) => response.json())
    .catch(() => journal);
  renderJournal();
}
function renderJournal() {
  const body = $('#journal tbody');
  const time = (iso) => new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  body.replaceChildren(
    ...journal.map((entry) => {
      const outcome = build('td', { className: 'outcome' }, [
        t.outcomes[entry.outcome] ?? entry.outcome,
        entry.code ? ` (${entry.code})` : '',
      ]);
      outcome.dataset.outcome = entry.outcome;
      return build('tr', {}, [
        build('td', {}, [time(entry.at)]),
        build('td', {}, [t.actions[entry.kind] ?? entry.kind]),
        build('td', {}, [documentName(entry.documentType)]),
        outcome,
      ]);
    }),
  );
  if (journal.length === 0) body.append(build('tr', {}, [build('td', { colSpan: 4 }, [t.journalEmpty])]));
  const checks = journal.filter((e) => e.kind === 'check').length;
  const signings = journal.filter((e) => e.kind === 'sign').length;
  $('#journal-summary').textContent = t.journalSummary(checks, journal.length - checks - signings, signings);
}

const mode = () => document.querySelector('input[name="mode"]:checked').value;
function build(tag, props, children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}
function show(render) {
  lastRender = render;
  $('#result').replaceChildren(render());
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { ok: response.ok, body: await response.json() };
}

// A scan from any source goes the same way: a check, or (for a barcode in copy mode) a copy request.
async function handle(text, source) {
  camera?.pause();
  try {
    if (mode() === 'copy') await requestCopy(text, source);
    else await check(text, source);
  } finally {
    camera?.resume();
  }
}

async function check(text, source) {
  show(() => build('p', {}, [t.checking]));
  let result;
  try {
    result = (await post('/api/identify', { text })).body;
  } catch {
    result = { status: 'unknown', reason: 'PLATFORM_UNAVAILABLE', message: undefined };
  }
  show(() => {
    const status = t.sign[result.status] ? result.status : 'unknown';
    const card = build('div', { className: `card ${status}` }, [
      build('span', { className: 'sign' }, [t.sign[status]]),
      build('h3', {}, [t[status]]),
      status === 'valid' ? build('p', {}, [t.validDetail(documentName(result.documentType))]) : undefined,
      result.reason
        ? build('p', { className: 'reason' }, [
            result.message?.[lang] ?? describeError(new AcceptError(result.reason), lang),
            ` (${result.reason})`,
          ])
        : undefined,
      build('p', {}, [
        `${t.checkedAt(new Date(result.checkedAt ?? Date.now()).toLocaleTimeString(lang))} · ${t.source[source]}`,
      ]),
      build('p', { className: 'next' }, [t.next[status]]),
    ]);
    card.dataset.status = status;
    card.setAttribute('role', 'group');
    card.setAttribute('aria-label', t[status]);
    return card;
  });
  refreshJournal();
}

async function requestCopy(text, source) {
  const { ok, body } = await post('/api/copies', { text, documentTypes: ['passport'] });
  if (!ok) {
    show(() =>
      build('div', { className: 'card invalid' }, [
        build('span', { className: 'sign' }, [t.sign.invalid]),
        build('h3', {}, [t.copyFailed]),
        build('p', { className: 'reason' }, [body.message?.[lang] ?? '', ` (${body.code})`]),
        build('p', { className: 'next' }, [t.next.failed]),
      ]),
    );
    refreshJournal();
    return;
  }
  refreshJournal();
  let status = { state: 'awaiting-consent' };
  const render = () => {
    const delivered = status.state === 'delivered';
    const step = (label, done, current) => {
      const item = build('li', { className: done ? 'done' : '' }, [label]);
      if (current) item.setAttribute('aria-current', 'step');
      return item;
    };
    const failed = status.error;
    const declined = failed?.code === 'SHARE_DECLINED';
    const card = build('div', { className: failed ? 'card invalid' : 'card copy' }, [
      failed ? build('span', { className: 'sign' }, [t.sign.invalid]) : undefined,
      build('h3', {}, [declined ? t.copyDeclined : failed ? t.copyFailed : t.copyTitle]),
      // A failed request shows its outcome, not the steps it never reached.
      failed
        ? undefined
        : build('ol', { className: 'steps' }, [
            step(t.stepConsent, delivered, !delivered),
            step(t.stepReceived, delivered, false),
            step(t.stepVerified, delivered, false),
          ]),
      failed
        ? build('p', { className: 'reason' }, [failed.message?.[lang] ?? '', ` (${failed.code})`])
        : undefined,
      build('p', { className: 'next' }, [
        declined ? t.next.declined : failed ? t.next.failed : delivered ? t.next.delivered : t.next.waiting,
      ]),
      delivered ? receiptView(status, body.id) : undefined,
      build('p', { className: 'hint' }, [t.source[source]]),
    ]);
    card.dataset.status = failed ? 'failed' : status.state;
    return card;
  };
  show(render);
  while (status.state !== 'delivered' && !status.error) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const response = await fetch(`/api/copies/${body.id}`);
    const before = status;
    status = await response.json();
    if (lastRender !== render) return; // another scan took over the result
    // Re-render (and so re-announce in the live region) only when something changed.
    if (status.state !== before.state || Boolean(status.error) !== Boolean(before.error)) {
      show(render);
      refreshJournal();
    }
  }
}

// The consent receipt as a person reads it; the exact JSON is one click away for the case file.
function receiptView(status, id) {
  const { receipt } = status;
  const copy = receipt.copies[0];
  const when = (iso) => (iso ? new Date(iso).toLocaleString(lang) : '—');
  const row = (label, ...value) => [build('dt', {}, [label]), build('dd', {}, value)];
  const signer = copy?.signer?.subject ?? copy?.signer?.keyId ?? '—';
  return build('div', { className: 'receipt' }, [
    build('p', {}, [build('strong', {}, [t.copyReady])]),
    build('iframe', { className: 'preview', src: `/api/copies/${id}/copy`, title: t.preview }, []),
    build('p', {}, [build('a', { href: `/api/copies/${id}/copy`, target: '_blank' }, [t.openCopy])]),
    build('h4', {}, [t.receipt]),
    build('dl', {}, [
      ...row(t.document, documentName(copy?.documentType)),
      ...row(t.requestedAt, when(receipt.requestedAt)),
      ...row(t.consentedAt, when(receipt.consentedAt)),
      ...row(t.deliveredAt, when(receipt.deliveredAt)),
      ...row(t.signer, signer),
      ...row(
        t.checks,
        [...(copy?.checks ?? []), ...receipt.checks].map((c) => term(CHECK_NAMES, c, lang)).join(', '),
      ),
      ...row(t.size, copy ? count(copy.size, 'byte', lang) : '—'),
      ...row(t.digest, build('code', {}, [copy?.sha256 ?? ''])),
      ...row(t.requestId, build('code', {}, [receipt.requestId])),
    ]),
    build('p', {}, [build('a', { href: `/api/copies/${id}/receipt`, download: '' }, [t.downloadReceipt])]),
  ]);
}

// "Sign the application": the holder signs in Diia (Diia ID); the page shows who signed and when, verified.
async function signApplication() {
  const { ok, body } = await post('/api/signatures', { lang });
  if (!ok) {
    show(() =>
      build('div', { className: 'card invalid' }, [
        build('span', { className: 'sign' }, [t.sign.invalid]),
        build('h3', {}, [t.signingFailed]),
        build('p', { className: 'reason' }, [body.message?.[lang] ?? '', ` (${body.code})`]),
      ]),
    );
    refreshJournal();
    return;
  }
  refreshJournal();
  let status = { state: 'awaiting-signature' };
  const render = () => {
    const signed = status.state === 'signed';
    const failed = status.error;
    const step = (label, done, current) => {
      const item = build('li', { className: done ? 'done' : '' }, [label]);
      if (current) item.setAttribute('aria-current', 'step');
      return item;
    };
    const card = build('div', { className: failed ? 'card invalid' : 'card signing' }, [
      failed ? build('span', { className: 'sign' }, [t.sign.invalid]) : undefined,
      build('h3', {}, [failed ? t.signingFailed : t.signingCardTitle]),
      failed
        ? build('p', { className: 'reason' }, [failed.message?.[lang] ?? '', ` (${failed.code})`])
        : build('ol', { className: 'steps' }, [
            step(t.stepSign, signed, !signed),
            step(t.stepSignatureReceived, signed, false),
            step(t.stepVerified, signed, false),
          ]),
      // The QR code the holder scans with Diia, until it is signed.
      signed || failed
        ? undefined
        : build('figure', { className: 'sign-qr' }, [
            build('img', { src: body.qr, alt: body.deeplink, width: 205, height: 205 }, []),
            build('figcaption', {}, [t.signingScan]),
          ]),
      build('p', { className: 'next' }, [
        failed ? t.next.signFailed : signed ? t.next.signed : t.next.signWaiting,
      ]),
      signed ? signatureView(status, body.id) : undefined,
    ]);
    card.dataset.status = failed ? 'failed' : status.state;
    return card;
  };
  show(render);
  while (status.state === 'awaiting-signature' && !status.error) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = status;
    // A request the server no longer knows, or a server out of reach, ends the wait with a code: the card
    // must not keep showing the QR code of a request nobody will finish.
    status = await fetch(`/api/signatures/${body.id}`)
      .then((response) =>
        response.ok ? response.json() : Promise.reject(new Error(String(response.status))),
      )
      .catch(() => ({ ...status, error: { code: 'PLATFORM_UNAVAILABLE', message: undefined } }));
    if (lastRender !== render) return; // another scan took over the result
    if (status.state !== before.state || Boolean(status.error) !== Boolean(before.error)) {
      show(render);
      refreshJournal();
    }
  }
}

// Who signed and when, verified: the signer's name and tax number are for the operator's eyes only.
function signatureView(status, id) {
  const file = status.files?.[0];
  const row = (label, ...value) => [build('dt', {}, [label]), build('dd', {}, value)];
  return build('div', { className: 'receipt' }, [
    build('p', {}, [build('strong', {}, [`${t.sign.valid} ${t.signatureVerified}`])]),
    build('dl', {}, [
      ...row(t.signedFile, file?.name ?? '—'),
      ...row(t.signer, file?.signer.fullName ?? '—'),
      ...row(t.taxId, file?.signer.taxId ?? '—'),
      ...(file?.signer.edrpou ? row(t.edrpou, file.signer.edrpou) : []),
      ...row(t.signedAt, file?.signedAt ? new Date(file.signedAt).toLocaleString(lang) : '—'),
      ...row(t.level, file ? `CAdES-${file.level}` : '—'),
    ]),
    build('p', {}, [
      build('a', { href: `/api/signatures/${id}/application`, download: '' }, [t.downloadApplication]),
      ' · ',
      build('a', { href: `/api/signatures/${id}/signature`, download: '', className: 'p7s' }, [
        t.downloadSignature,
      ]),
    ]),
  ]);
}

function stopCamera() {
  camera?.stop();
  camera = undefined;
  $('.camera').classList.remove('on');
  $('.camera-controls').hidden = true;
  $('#camera').textContent = t.cameraStart;
  $('#camera-status').textContent = '';
}

// The camera list and the torch appear only when there is a choice to make.
async function showCameraControls() {
  const cameras = await listCameras().catch(() => []);
  const select = $('#camera-choice');
  const current = camera.track.getSettings().deviceId;
  select.replaceChildren(
    ...cameras.map(
      (c, i) =>
        new Option(c.label || `${t.cameraChoice} ${i + 1}`, c.deviceId, false, c.deviceId === current),
    ),
  );
  select.hidden = cameras.length < 2;
  select.previousElementSibling.hidden = cameras.length < 2;
  const torch = $('#torch');
  torch.hidden = !camera.controls.torch;
  torch.setAttribute('aria-pressed', 'false');
  $('.camera-controls').hidden = select.hidden && torch.hidden;
}

async function toggleCamera(deviceId) {
  const status = $('#camera-status');
  const box = $('.camera');
  if (camera && !deviceId) {
    stopCamera();
    return;
  }
  camera?.stop();
  status.textContent = t.cameraStarting;
  try {
    camera = await startCameraScanner({
      ...(deviceId ? { deviceId } : {}),
      video: $('#preview'),
      worker: new URL('/decode-worker.js', location.href),
      roi: { x: 0.1, y: 0.1, width: 0.8, height: 0.8 },
      onScan: ({ text, scan }) => {
        // A code whose bytes are no text that can be told apart (SCAN_TEXT_UNDECODABLE): say so, check nothing.
        if (text === null) {
          status.textContent = describeError(scan.error, lang);
          return;
        }
        box.classList.add('seen');
        setTimeout(() => box.classList.remove('seen'), 800);
        handle(text, 'camera');
      },
      onError: (error) => {
        status.textContent = describeError(error, lang);
      },
    });
    box.classList.add('on');
    $('#camera').textContent = t.cameraStop;
    status.textContent = t.cameraReady;
    status.dataset.code = '';
    status.dataset.engine = camera.engine; // which decoder reads the frames (for support and the tests)
    await showCameraControls();
  } catch (error) {
    status.textContent = describeError(error, lang);
    status.dataset.code = error instanceof AcceptError ? error.code : 'UNEXPECTED';
    camera = undefined;
  }
}

function start() {
  applyLanguage();
  $('#lang').addEventListener('click', () => {
    lang = lang === 'uk' ? 'en' : 'uk';
    applyLanguage();
  });
  $('#camera').addEventListener('click', () => toggleCamera());
  $('#camera-choice').addEventListener('change', (event) => toggleCamera(event.target.value));
  $('#torch').addEventListener('click', async (event) => {
    const on = event.target.getAttribute('aria-pressed') !== 'true';
    await camera?.setTorch(on).then(() => event.target.setAttribute('aria-pressed', String(on)));
  });
  $('#manual').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('#code-input');
    if (input.value.trim()) handle(input.value.trim(), 'manual');
    input.value = '';
  });
  // The scanner types anywhere on the page; in the code field the keys stay the operator's.
  attachKeyboardScanner({ onScan: ({ text }) => handle(text, 'keyboard') });
  $('#show').addEventListener('click', async () => {
    const { ok, body } = await post('/api/sandbox/show', { type: 'passport' });
    if (!ok) return;
    $('#shown-qr').src = body.qr;
    $('#shown-qr').alt = body.link;
    $('#shown-barcode').textContent = body.barcode;
    $('#shown').hidden = false;
  });
  $('#sign-application').addEventListener('click', () => signApplication());
  $('#signing-fault').addEventListener('change', (event) =>
    post('/api/sandbox/signing-fault', { fault: event.target.value }),
  );
  $('#next-answer').addEventListener('change', (event) =>
    post('/api/sandbox/next-answer', { answer: event.target.value }),
  );
  // Function keys: a keyboard-wedge scanner never sends them, so they cannot collide with a scan.
  document.addEventListener('keydown', (event) => {
    const mode = { F2: 'check', F3: 'copy' }[event.key];
    if (mode) document.querySelector(`input[name="mode"][value="${mode}"]`).checked = true;
    else if (event.key === 'F4') toggleCamera();
    else if (event.key === 'F6') $('#code-input').focus();
    else if (event.key === 'F8' && !$('.signing').hidden) signApplication();
    else if (event.key === 'Escape' && document.activeElement?.tagName !== 'SELECT')
      show(() => build('p', {}, []));
    else return;
    event.preventDefault();
  });
  fetch('/api/config')
    .then((response) => response.json())
    .then((config) => {
      $('.holder').hidden = !config.sandbox;
      $('.signing').hidden = !config.signing;
    });
  refreshJournal();
}

start();
