/**
 * The invented holder of the sandbox: names, dates and numbers made up from the seed, marked fictional.
 * No real person's data is ever in the sandbox.
 *
 * @module
 */
import type { DocumentType } from '../documents.js';
import type { SandboxRandom } from './random.js';

// Surnames that read the same for a woman and a man; a patronymic agrees with the first name's gender.
const LAST = ['Testenko', 'Prykladenko', 'Vyhadko', 'Zrazkovych', 'Pisochnyk'];
const FIRST = ['Oksana', 'Taras', 'Mariia', 'Andrii', 'Iryna'];
const FEMININE = new Set(['Oksana', 'Mariia', 'Iryna']);
const MIDDLE = {
  feminine: ['Ivanivna', 'Stepanivna', 'Oleksiivna'],
  masculine: ['Petrovych', 'Mykolaiovych', 'Ivanovych'],
} as const;

/** The fields of one invented document (the metadata object per document in `encodeData.data`). */
export interface FictionalDocument {
  readonly fictional: true;
  readonly documentType: DocumentType;
  readonly documentNumber: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly middleName: string;
  readonly birthDate: string;
  readonly issueDate: string;
}

/** Invents a document of `type` for the sandbox holder. */
export function fictionalDocument(type: DocumentType, random: SandboxRandom): FictionalDocument {
  const pick = (list: readonly string[]) => list[random.below(list.length)]!;
  const two = (n: number) => String(n).padStart(2, '0');
  // Drawn in the order of the fields below (one draw each), so the other fields of a seeded document stay.
  const documentNumber = `${String(random.below(1e9)).padStart(9, '0')}`;
  const lastName = pick(LAST);
  const firstName = pick(FIRST);
  const middleName = pick(MIDDLE[FEMININE.has(firstName) ? 'feminine' : 'masculine']);
  return {
    fictional: true,
    documentType: type,
    documentNumber,
    lastName,
    firstName,
    middleName,
    birthDate: `${two(1 + random.below(28))}.${two(1 + random.below(12))}.${1950 + random.below(55)}`,
    issueDate: `${two(1 + random.below(28))}.${two(1 + random.below(12))}.${2016 + random.below(10)}`,
  };
}

/** The text of the synthetic copy's page. */
export function copyLines(doc: FictionalDocument, barcode: string, requestId: string): string[] {
  return [
    'Diia sandbox: synthetic document copy',
    'NOT A REAL DOCUMENT. Every value below is invented.',
    `Document type: ${doc.documentType}`,
    `Document number: ${doc.documentNumber}`,
    `Holder: ${doc.lastName} ${doc.firstName} ${doc.middleName}`,
    `Date of birth: ${doc.birthDate}`,
    `Issued: ${doc.issueDate}`,
    `Barcode: ${barcode}`,
    `Request: ${requestId}`,
  ];
}
