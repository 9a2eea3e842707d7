import PDFDocument from 'pdfkit';
import { REGION_BY_ID } from '../../../domain/omt/index.ts';
import { formatInZone } from '../../../domain/instant.ts';
import type { PrintFacts } from './print-store.ts';
import type { EncounterView } from './use-cases/visit-view.ts';

/**
 * The printable visit note (pdfkit, built-in Helvetica). The built-in fonts only carry the WinAnsi
 * character set, so a few symbols are spelled out rather than printed as blanks.
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SPELLED: Record<string, string> = { '→': '->', '≥': '>=', '≤': '<=', '×': 'x', '−': '-' };

export function pdfSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    if (SPELLED[ch]) out += SPELLED[ch];
    else if (ch === '\n' || ch === '\t' || (ch >= ' ' && ch <= 'ÿ') || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out;
}

export interface PrintInput {
  view: EncounterView;
  clinicName: string;
  patient: { name: string; birthDate: string };
  printedAt: Date;
  /** The clinic's zone (every time on the note is in it, with its abbreviation), contact and NPI. */
  facts: PrintFacts;
}

export function renderNotePdf(input: PrintInput): Promise<Buffer> {
  const { view, patient, facts } = input;
  const when = (at: string | Date) => formatInZone(at, facts.timeZone);
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    info: {
      Title: pdfSafe(`Visit note ${view.date}`),
      Author: pdfSafe(input.clinicName),
      Subject: 'Osteopathic manipulative treatment visit note',
      Creator: 'Stillpoint',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const t = (s: string) => pdfSafe(s);
  const heading = (s: string) => {
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor('#000').text(t(s));
    doc.moveDown(0.2).font('Helvetica').fontSize(10);
  };
  const body = (s: string) => doc.font('Helvetica').fontSize(10).fillColor('#000').text(t(s), { lineGap: 2 });

  doc.font('Helvetica-Bold').fontSize(16).text(t(input.clinicName));
  const contact = [
    ...facts.clinic.addressLines,
    [facts.clinic.phone ? `Phone ${facts.clinic.phone}` : '', facts.clinic.email ?? '']
      .filter(Boolean)
      .join('    '),
  ].filter(Boolean);
  if (contact.length)
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#333')
      .text(t(contact.join('\n')));
  doc.fillColor('#000').moveDown(0.3);
  doc.font('Helvetica').fontSize(12).text('Osteopathic visit note (SOAP)');
  if (view.status !== 'signed') {
    doc
      .moveDown(0.3)
      .font('Helvetica-Bold')
      .fillColor('#b00020')
      .text('DRAFT - not signed; not part of the legal record');
    doc.fillColor('#000');
  }
  doc.moveDown(0.6).font('Helvetica').fontSize(10);
  body(`Patient: ${patient.name}    Date of birth: ${patient.birthDate}`);
  body(
    `Visit date: ${view.date}    Practitioner: ${view.practitioner?.name ?? 'not assigned'}${
      view.practitioner ? `    NPI: ${facts.practitionerNpi ?? 'not on file'}` : ''
    }`,
  );

  const note = view.note;
  heading('Subjective');
  body(note.subjective);
  heading('Objective');
  body(note.objective);
  heading('Assessment');
  body(note.assessment);
  heading('Plan');
  body(note.plan);

  heading('Coding');
  const c = view.coding;
  body(
    c.cpt
      ? `CPT ${c.cpt} (${c.regionCount} region${c.regionCount === 1 ? '' : 's'})${c.em ? '; same-day E/M with modifier 25' : ''}`
      : 'No OMT code billable.',
  );
  if (c.icd10.length)
    body(
      `ICD-10-CM: ${c.icd10.map((x) => `${x.code} (${REGION_BY_ID[x.region].label.toLowerCase()})`).join(', ')}`,
    );
  for (const w of c.warnings) body(`Warning: ${w}`);

  if (note.amendments.length) {
    heading('Amendments');
    for (const a of note.amendments) {
      doc
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(t(`${when(a.createdAt)} - ${a.author.name} (${a.section})`));
      body(`Reason: ${a.reason}`);
      body(a.text);
      doc.moveDown(0.3);
    }
  }

  doc.moveDown(1);
  if (note.status === 'signed') {
    body(
      `Electronically signed by ${note.signedBy.name}${
        facts.practitionerNpi && note.signedBy.name === view.practitioner?.name
          ? ` (NPI ${facts.practitionerNpi})`
          : ''
      } on ${when(note.signedAt)}.`,
    );
    doc
      .fontSize(8)
      .fillColor('#555')
      .text(t(`Content hash (SHA-256): ${note.contentHash}`));
  }
  doc
    .fontSize(8)
    .fillColor('#555')
    .text(t(`Printed ${when(input.printedAt)}. Confidential health information.`));
  doc.end();
  return done;
}
