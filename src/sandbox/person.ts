/**
 * The invented holder of the sandbox: names, dates and numbers made up from the seed, marked fictional.
 * No real person's data is ever in the sandbox.
 *
 * @module
 */
import type { DocumentType } from '../documents.js';
import type { SandboxRandom } from './random.js';

const LAST = ['Testenko', 'Prykladenko', 'Vyhadanyi', 'Zrazkovych', 'Pisochnyk'];
const FIRST = ['Oksana', 'Taras', 'Mariia', 'Andrii', 'Iryna'];
const MIDDLE = ['Ivanivna', 'Petrovych', 'Stepanivna', 'Mykolaiovych', 'Oleksiivna'];

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
  return {
    fictional: true,
    documentType: type,
    documentNumber: `${String(random.below(1e9)).padStart(9, '0')}`,
    lastName: pick(LAST),
    firstName: pick(FIRST),
    middleName: pick(MIDDLE),
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
