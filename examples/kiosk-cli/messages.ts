// What the kiosk prints, in English and Ukrainian (its terms: docs/glossary.md).
import type { DocumentType } from '../../src/documents.js';
import { count, DOCUMENT_NAMES, term } from '../terms.mjs';

export type Lang = 'en' | 'uk';

export const documentName = (type: DocumentType | undefined, lang: Lang): string =>
  type === undefined ? '—' : term(DOCUMENT_NAMES, type, lang);

export const MESSAGES = {
  en: {
    title: 'diia-accept kiosk: scan a Diia document code',
    sandbox: (url: string) => `Sandbox platform (in this process): ${url}`,
    platform: (url: string) => `Platform: ${url}`,
    webhook: (url: string) => `Copies are delivered to ${url}`,
    noWebhook: 'No --webhook-port: copies can be requested, but none can be delivered to this kiosk.',
    reading: (source: string) => `Reading the scanner: ${source}. Ctrl+C to quit.`,
    terminal: 'the scanner types into this terminal',
    connected: (device: string) => `Scanner connected: ${device}`,
    disconnected: (text: string) => `Scanner unplugged: ${text}`,
    reconnecting: (attempt: number, ms: number) =>
      `Looking for the scanner again (attempt ${attempt}, in ${ms} ms)…`,
    holder: (type: string) => `Sandbox holder shows a ${type}. Scan one of its codes:`,
    holderLink: (link: string) => `  QR code (link):   ${link}`,
    holderBarcode: (barcode: string) => `  Barcode (EAN-13): ${barcode}`,
    scanned: (kind: string) => `Scanned: ${kind}`,
    kinds: {
      'document-link': 'document QR code (link)',
      'document-token': 'signed document code',
      barcode: 'document barcode',
      deeplink: 'Diia app link',
      unknown: 'not a Diia code',
    } as Record<string, string>,
    checking: 'Checking validity and identity…',
    valid: (type: string) => `✓ VALID: the document is genuine and current (${type}).`,
    identity: (method: string) =>
      `✓ Identity confirmed (${method === 'online' ? 'by the platform' : 'offline, by signature'}); no personal data was received.`,
    invalid: (text: string, code: string) => `✗ NOT VALID: ${text} [${code}]`,
    unknown: (text: string, code: string) => `? Could not check now: ${text} [${code}]`,
    requesting: (types: string) => `Requesting a digital copy (${types})…`,
    waiting: (id: string) => `Waiting for the holder to consent in Diia (request ${id})…`,
    copy: (files: number, bytes: number) =>
      `✓ COPY RECEIVED: ${count(files, 'file', 'en')}, ${count(bytes, 'byte', 'en')}; e-signature verified.`,
    receipt: (id: string) => `  Consent receipt: ${id}`,
    copyFailed: (text: string, code: string) => `✗ NO COPY: ${text} [${code}]`,
    notDiia: (text: string, code: string) => `✗ Not a Diia document code: ${text} [${code}]`,
    deeplink:
      '✗ This is a link for the Diia app (an offer to the holder), not a document code: scan the QR code or barcode the holder shows.',
    failed: (text: string) => `The kiosk stopped: ${text}`,
    bye: 'Bye.',
  },
  uk: {
    title: 'Кіоск diia-accept: відскануйте код документа з Дії',
    sandbox: (url: string) => `Пісочниця платформи (у цьому процесі): ${url}`,
    platform: (url: string) => `Платформа: ${url}`,
    webhook: (url: string) => `Копії надходять на ${url}`,
    noWebhook: 'Не вказано --webhook-port: копію можна запитати, але до цього кіоску вона не надійде.',
    reading: (source: string) => `Читаємо сканер: ${source}. Ctrl+C — вихід.`,
    terminal: 'сканер друкує в цей термінал',
    connected: (device: string) => `Сканер під’єднано: ${device}`,
    disconnected: (text: string) => `Сканер від’єднано: ${text}`,
    reconnecting: (attempt: number, ms: number) => `Шукаємо сканер знову (спроба ${attempt}, за ${ms} мс)…`,
    holder: (type: string) => `Власник у пісочниці показує документ: ${type}. Відскануйте один із кодів:`,
    holderLink: (link: string) => `  QR-код (посилання): ${link}`,
    holderBarcode: (barcode: string) => `  Штрихкод (EAN-13):  ${barcode}`,
    scanned: (kind: string) => `Відскановано: ${kind}`,
    kinds: {
      'document-link': 'QR-код документа (посилання)',
      'document-token': 'підписаний код документа',
      barcode: 'штрихкод документа',
      deeplink: 'посилання застосунку Дія',
      unknown: 'не код Дії',
    } as Record<string, string>,
    checking: 'Перевіряємо дійсність і особу…',
    valid: (type: string) => `✓ ДІЙСНИЙ: документ справжній і чинний (${type}).`,
    identity: (method: string) =>
      `✓ Особу підтверджено (${method === 'online' ? 'платформою' : 'офлайн, за підписом'}); персональні дані не передавалися.`,
    invalid: (text: string, code: string) => `✗ НЕДІЙСНИЙ: ${text} [${code}]`,
    unknown: (text: string, code: string) => `? Зараз перевірити не вдалося: ${text} [${code}]`,
    requesting: (types: string) => `Запитуємо цифрову копію (${types})…`,
    waiting: (id: string) => `Чекаємо на згоду власника в Дії (запит ${id})…`,
    copy: (files: number, bytes: number) =>
      `✓ КОПІЮ ОТРИМАНО: ${count(files, 'file', 'uk')}, ${count(bytes, 'byte', 'uk')}; електронний підпис перевірено.`,
    receipt: (id: string) => `  Квитанція про згоду: ${id}`,
    copyFailed: (text: string, code: string) => `✗ КОПІЮ НЕ ОТРИМАНО: ${text} [${code}]`,
    notDiia: (text: string, code: string) => `✗ Це не код документа з Дії: ${text} [${code}]`,
    deeplink:
      '✗ Це посилання для застосунку Дія (пропозиція власнику), а не код документа: відскануйте QR-код або штрихкод, який показує власник.',
    failed: (text: string) => `Кіоск зупинено: ${text}`,
    bye: 'До побачення.',
  },
} as const;

export type Messages = (typeof MESSAGES)[Lang];
