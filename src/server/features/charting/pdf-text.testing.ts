import { inflateSync } from 'node:zlib';

/**
 * The text of a pdfkit PDF for tests: its content streams inflated, and the hex strings of each
 * text-showing operator decoded (WinAnsi, which is Latin-1 for the letters used here), one line per
 * operator.
 */
export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream\n', at);
    if (start < 0) break;
    const end = pdf.indexOf('\nendstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start + 7, end)).toString('latin1');
    } catch {
      content = '';
    }
    at = end + 10;
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ/g))
      lines.push(
        [...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)]
          .map((h) => Buffer.from(h[1]!, 'hex').toString('latin1'))
          .join(''),
      );
  }
  return lines.join('\n');
}
