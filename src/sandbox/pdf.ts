/**
 * A tiny but valid PDF (ISO 32000-1: header, five objects, a cross-reference table with exact byte offsets,
 * trailer) with a few lines of text: the synthetic copy the sandbox delivers. ASCII only, so the standard
 * Helvetica font needs no embedding.
 *
 * @module
 */

function escapeText(line: string): string {
  // Only printable ASCII reaches the page; parentheses and backslashes are escaped as PDF strings require.
  return line.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '\\$&');
}

/** Makes a one-page A4 PDF showing `lines` (the first one as a title). */
export function syntheticPdf(lines: readonly string[]): Uint8Array {
  const text = lines
    .map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${780 - i * 22} Td (${escapeText(line)}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character is ASCII, so string length equals byte length and the offsets above are exact.
  return new TextEncoder().encode(out);
}
