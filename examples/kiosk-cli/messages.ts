// What the kiosk prints, in English and Ukrainian.
import type { DocumentType } from '../../src/documents.js';

export type Lang = 'en' | 'uk';

const DOCUMENT_NAMES: Partial<Record<DocumentType, { en: string; uk: string }>> = {
  passport: { en: 'passport', uk: 'паспорт' },
  'internal-passport': { en: 'internal passport', uk: 'внутрішній паспорт' },
  'foreign-passport': { en: 'foreign passport', uk: 'закордонний паспорт' },
  'taxpayer-card': { en: 'taxpayer card', uk: 'картка платника податків' },
  'driver-license': { en: 'driving licence', uk: 'посвідчення водія' },
  'birth-certificate': { en: 'birth certificate', uk: 'свідоцтво про народження' },
  'reference-internally-displaced-person': { en: 'IDP certificate', uk: 'довідка ВПО' },
  'student-id-card': { en: 'student card', uk: 'студентський квиток' },
};

export const documentName = (type: DocumentType | undefined, lang: Lang): string =>
  type === undefined ? '—' : (DOCUMENT_NAMES[type]?.[lang] ?? type);

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
      `✓ COPY RECEIVED: ${files} file(s), ${bytes} bytes; e-signature verified.`,
    receipt: (id: string) => `  Consent receipt: ${id}`,
    copyFailed: (text: string, code: string) => `✗ NO COPY: ${text} [${code}]`,
    notDiia: (text: string, code: string) => `✗ ${text} [${code}]`,
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
    scanned: (kind: string) => `Скановано: ${kind}`,
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
      `✓ КОПІЮ ОТРИМАНО: файлів — ${files}, ${bytes} байтів; е-підпис перевірено.`,
    receipt: (id: string) => `  Квитанція згоди: ${id}`,
    copyFailed: (text: string, code: string) => `✗ КОПІЮ НЕ ОТРИМАНО: ${text} [${code}]`,
    notDiia: (text: string, code: string) => `✗ ${text} [${code}]`,
    failed: (text: string) => `Кіоск зупинено: ${text}`,
    bye: 'До побачення.',
  },
} as const;

export type Messages = (typeof MESSAGES)[Lang];
