// The demo's report in English and Ukrainian (its terms: docs/glossary.md).
import { count, DOCUMENT_NAMES, term } from '../terms.mjs';

export const HELP = `npm run demo -- [options]   (or: node examples/quickstart/index.mjs [options], after npm run build)

The whole desk flow against a local sandbox platform, on this machine: a validity check, a copy with the
holder's consent, three refusals, and an application the holder signs in the app (Diia ID), then a
signature over another file's hash, refused. Writes the copy, its consent receipt, the application and its
signature to ./demo-output/.

Options:
  --lang en|uk        the language of the report (default en; ua is taken as uk)
  --profile jose|dstu how deliveries are sealed: jose (default) or dstu, as the real platform does
  -h, --help          this help`;

export const USAGE_ERROR = 'Wrong command line / Неправильний командний рядок:';

export const MESSAGES = {
  en: {
    title: 'diia-accept quickstart: a front desk, a sandbox platform, a holder',
    keys: 'Test key containers opened: the platform seals with DiiaTest.pfx, the partner opens with Key-6.dat',
    clockNote: 'Clock set to 1 March 2024: the test certificates expired on 5 April 2024',
    signer: (subject, serial, ids) =>
      `Signed by: ${subject}, serial ${serial}${ids
        .filter(Boolean)
        .map((id) => `, ${id}`)
        .join('')}`,
    sandbox: (url) => `Sandbox platform listening on ${url}`,
    webhook: (url) => `Partner webhook listening on ${url}`,
    branch: (id) => `Branch registered with the platform (${id})`,
    shown: 'The holder opens a passport in the app: QR code and barcode on screen (180 s, single use)',
    qr: (file, size) => `QR code rendered to ${file} (${count(size, 'byte', 'en')})`,
    decoded: (symbol, kind, type) => `Camera frame decoded: ${symbol}, a ${kind}${type ? ` (${type})` : ''}`,
    identified: (type, method) => `Document is genuine and current: ${type} (checked ${method})`,
    invalid: (reason, text) => `Not valid: ${reason} — ${text}`,
    barcode: 'Operator scans the 13-digit barcode with the USB scanner',
    requested: (id) => `Copy requested; request ${id} waits for the holder's consent`,
    consent: 'The holder taps "Share" in the app',
    arrived: (n, bytes, type) =>
      `Copy delivered to the webhook, opened and its signature verified: ${count(n, 'file', 'en')} (${type}), ${count(bytes, 'byte', 'en')}`,
    checks: (list) => `Checks passed: ${list}`,
    written: (files) => `Written to ./demo-output/: ${files}`,
    declinedStep: 'A second holder is asked for a copy and taps "Decline"',
    expiredStep: 'A third holder shows a code, but 181 seconds pass before it is scanned',
    reusedStep: "Someone scans the first holder's QR code again",
    refused: (code, text) => `Refused as expected: ${code} — ${text}`,
    application: (date) =>
      `Application to the administrative services centre, ${date}.\nI ask for a certificate of residence.\n`,
    signRequested: (file, size) =>
      `The holder is asked to sign ${file} (${count(size, 'byte', 'en')}) in the app: its hash goes to the platform`,
    signLink: (link) => `Deeplink for the desk's QR code: ${link}`,
    signed: (file) => `Signed in the app, delivered to the webhook and verified: ${file}`,
    signedBy: (name, taxId) => `Signer: ${name}, tax number ${taxId ?? '—'}`,
    signedWhen: (at, level) => `Signed at ${at}, CAdES-${level}; verified against the CA certificates`,
    forgedStep: "A signature over another file's hash arrives for the application",
    done: (ms) => `Done in ${ms} ms. Everything ran on this machine over loopback; no personal data left it.`,
    failed: (code, text) => `The demo failed: ${code} — ${text}`,
  },
  uk: {
    title: 'diia-accept: швидкий старт — стійка прийому, пісочниця платформи, власник документа',
    keys: 'Тестові контейнери ключів відкрито: платформа запечатує ключем DiiaTest.pfx, партнер відкриває Key-6.dat',
    clockNote:
      'Годинник переведено на 1 березня 2024: строк дії тестових сертифікатів скінчився 5 квітня 2024',
    signer: (subject, serial, ids) =>
      `Підписав: ${subject}, серійний номер ${serial}${ids
        .filter(Boolean)
        .map((id) => `, ${id.replace('EDRPOU', 'ЄДРПОУ').replace('DRFO', 'ДРФО')}`)
        .join('')}`,
    sandbox: (url) => `Пісочниця платформи слухає на ${url}`,
    webhook: (url) => `Вебхук партнера слухає на ${url}`,
    branch: (id) => `Відділення зареєстровано на платформі (${id})`,
    shown: 'Власник відкриває паспорт у застосунку: QR-код і штрихкод на екрані (180 с, одноразові)',
    qr: (file, size) => `QR-код збережено у ${file} (${count(size, 'byte', 'uk')})`,
    decoded: (symbol, kind, type) => `Кадр камери розпізнано: ${symbol}, ${kind}${type ? ` (${type})` : ''}`,
    identified: (type, method) => `Документ справжній і чинний: ${type} (перевірено ${method})`,
    invalid: (reason, text) => `Недійсний: ${reason} — ${text}`,
    barcode: 'Оператор сканує 13-значний штрихкод USB-сканером',
    requested: (id) => `Копію запитано; запит ${id} чекає на згоду власника`,
    consent: 'Власник натискає «Поділитися» у застосунку',
    arrived: (n, bytes, type) =>
      `Копію доставлено на вебхук, розшифровано, підпис перевірено — ${count(n, 'file', 'uk')}: ${term(DOCUMENT_NAMES, type, 'uk')}, ${count(bytes, 'byte', 'uk')}`,
    checks: (list) => `Пройдені перевірки: ${list}`,
    written: (files) => `Збережено у ./demo-output/: ${files}`,
    declinedStep: 'Другого власника просять поділитися копією, і він натискає «Відхилити»',
    expiredStep: 'Третій власник показує код, але до сканування минає 181 секунда',
    reusedStep: 'Хтось повторно сканує QR-код першого власника',
    refused: (code, text) => `Відмовлено, як і очікувалося: ${code} — ${text}`,
    application: (date) => `Заява до ЦНАП, ${date}.\nПрошу видати довідку про місце проживання.\n`,
    signRequested: (file, size) =>
      `Власника просять підписати ${file} (${count(size, 'byte', 'uk')}) у застосунку: на платформу йде лише геш файлу`,
    signLink: (link) => `Діплінк для QR-коду на стійці: ${link}`,
    signed: (file) => `Підписано в застосунку, доставлено на вебхук і перевірено: ${file}`,
    signedBy: (name, taxId) => `Підписувач: ${name}, РНОКПП ${taxId ?? '—'}`,
    signedWhen: (at, level) => `Підписано ${at}, CAdES-${level}; перевірено за сертифікатами ЦСК`,
    forgedStep: 'Для заяви надходить підпис під гешем іншого файлу',
    done: (ms) =>
      `Готово за ${ms} мс. Усе працювало на цьому комп’ютері через loopback; персональні дані його не залишали.`,
    failed: (code, text) => `Демонстрація не вдалася: ${code} — ${text}`,
  },
};
