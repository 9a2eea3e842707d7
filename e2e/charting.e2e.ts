import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  apiAs,
  axeSerious,
  launch,
  newPage,
  patientIdByName,
  shoot,
  signInAndWait,
  startServer,
  type Server,
} from './support.ts';

/** Polls wait on the server (saves, page loads, the job runner): longer than expect.poll's 1 s default. */
const POLL_MS = 10_000;

/**
 * The clinical journey of the charting issue: a clinician charts a follow-up visit with
 * copy-forward, is warned by the live safety panel, signs the note, amends it and downloads the PDF.
 */
describe('charting a follow-up visit', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('copies the last visit, warns about a contraindicated technique, signs, amends and prints', async () => {
    const api = await apiAs(server.base, 'clinician@example.com');
    const maria = await patientIdByName(api, 'Maria Alvarez');
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'clinician@example.com');
      await page.goto(`${server.base}/app/patients/${maria}/visits`);
      await page.getByRole('button', { name: 'Copy last visit' }).click();
      await page.waitForURL(/\/app\/visits\/[0-9a-f-]{36}$/);
      const visitId = page.url().split('/').pop()!;
      await page
        .getByRole('textbox', { name: /chief complaint/i })
        .fill('Follow-up: low back stiff after gardening');
      await page.getByLabel('Pain before (0–10)').selectOption('4');
      await page.getByRole('radiogroup', { name: 'Consent to OMT' }).getByText('Given').click();

      // Copy-forward brought the lumbar findings (L4 FRS(R)) from the last visit.
      await expect
        .poll(async () => page.locator('input[value="L4 FRS(R)"]').count(), { timeout: POLL_MS })
        .toBeGreaterThan(0);

      // HVLA without its own consent: the live safety panel says no before anything is saved.
      await page.getByLabel('Add technique').first().click();
      await page
        .getByRole('option', { name: /high-velocity, low-amplitude/i })
        .first()
        .click();
      const panel = page.getByRole('complementary', { name: /live safety check and coding/i });
      await expect
        .poll(async () => panel.getByText(/contraindicated/i).count(), { timeout: POLL_MS })
        .toBeGreaterThan(0);
      await shoot(page, 'charting-safety-warning', { fullPage: true });
      await page
        .getByRole('button', { name: /remove high-velocity/i })
        .first()
        .click();
      await expect
        .poll(async () => panel.getByText(/contraindicated/i).count(), { timeout: POLL_MS })
        .toBe(0);

      // Treat as last time, then sign.
      await page.getByRole('button', { name: 'Repeat these techniques' }).click();
      await page.getByLabel('Pain after (0–10)').selectOption('2');
      await expect
        .poll(async () => panel.getByText('98925').count(), { timeout: POLL_MS })
        .toBeGreaterThan(0);

      // A free-text addition to the Assessment, saved with the chart and shown in the note preview.
      const addition = 'Responds well to indirect techniques; no adverse effects from last visit.';
      await page.getByRole('textbox', { name: 'Add to Assessment' }).fill(addition);
      // Following a link out of the chart saves it first, without asking: nothing typed is lost.
      await page.getByRole('link', { name: /visits of this patient/i }).click();
      await page.waitForURL(/\/app\/patients\/[0-9a-f-]{36}\/visits$/);
      const stored1 = await api.get(`/api/v1/encounters/${visitId}`);
      expect(stored1.body.notes.assessment).toBe(addition);
      // "New visit" on the same day continues this draft instead of starting a second one.
      await page.getByRole('button', { name: 'New visit' }).click();
      await page.waitForURL(new RegExp(`/app/visits/${visitId}\\?reopened=1$`));
      await page.getByText(/already had an open draft/i).waitFor();
      await expect
        .poll(async () => page.getByRole('textbox', { name: 'Add to Assessment' }).inputValue(), {
          timeout: POLL_MS,
        })
        .toBe(addition);
      await expect
        .poll(async () => page.getByText(/all changes saved/i).count(), { timeout: POLL_MS })
        .toBe(1);
      const assessment = page.getByTestId('note-preview-assessment');
      await expect.poll(async () => assessment.innerText(), { timeout: POLL_MS }).toContain(addition);
      await expect
        .poll(async () => page.getByText(/preview shows the chart as last saved/i).count(), {
          timeout: POLL_MS,
        })
        .toBe(0);
      await shoot(page.getByRole('region', { name: 'Note', exact: true }), 'charting-note-additions');
      expect(await axeSerious(page)).toEqual([]);
      await page
        .getByRole('button', { name: /save and sign|sign note/i })
        .last()
        .click();
      // Signing asks for confirmation, showing the codes the note will carry.
      const confirm = page.getByRole('dialog', { name: /sign this note/i });
      await expect
        .poll(async () => confirm.getByText('98925').count(), { timeout: POLL_MS })
        .toBeGreaterThan(0);
      await confirm.getByRole('button', { name: /save and sign|sign/i }).click();
      await page.getByRole('heading', { name: 'SOAP note' }).waitFor({ timeout: 15_000 });
      const note = await page.locator('.printable-note').innerText();
      expect(note).toContain('Follow-up: low back stiff after gardening');
      expect(note).toContain('L4 FRS(R)');
      expect(note).toContain('M99.03');
      expect(note).toContain('98925');
      expect(note).toMatch(/4\/10/);
      // The addition is part of the signed Assessment, and no longer editable.
      const signedAssessment = await page
        .getByRole('region', { name: 'Assessment' })
        .locator('.soap-section')
        .innerText();
      expect(signedAssessment.split('\n').at(-1)).toBe(addition);
      expect(await page.getByRole('textbox', { name: 'Add to Assessment' }).count()).toBe(0);

      // The signed note is locked: a correction is an amendment beside it.
      await page.getByRole('button', { name: 'Add amendment' }).first().click();
      await page.getByLabel('Reason for the correction').fill('Pain score was entered on the wrong scale');
      await page.getByLabel('Corrected text').fill('Pain before treatment was 5/10, not 4/10.');
      await page.locator('form').getByRole('button', { name: 'Add amendment' }).click();
      // Wait for the added amendment in the list, not the text still in the form's textarea
      // (React keeps a controlled textarea's text content equal to its value).
      await expect
        .poll(async () => page.getByRole('status').getByText('Amendment added.').count(), {
          timeout: POLL_MS,
        })
        .toBe(1);
      await expect
        .poll(
          async () =>
            page
              .getByRole('listitem')
              .filter({ hasText: 'Pain before treatment was 5/10, not 4/10.' })
              .filter({ hasText: 'Pain score was entered on the wrong scale' })
              .count(),
          { timeout: POLL_MS },
        )
        .toBe(1);
      expect(await page.getByLabel('Corrected text').count()).toBe(0);
      const stored = await api.get(`/api/v1/encounters/${visitId}/note`);
      expect(stored.status).toBe(200);
      expect(JSON.stringify(stored.body)).toContain('Pain score was entered on the wrong scale');
      // The API refuses to edit the signed visit.
      const edit = await api.put(`/api/v1/encounters/${visitId}`, {});
      expect(edit.status).toBe(409);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download PDF' }).click(),
      ]);
      const file = await download.path();
      expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
      await shoot(page, 'charting-signed-note', { fullPage: true });

      // The visit list shows the CPT the server derived for the signed visit.
      await page.getByRole('link', { name: /visits of this patient/i }).click();
      const row = page.getByRole('row').filter({ has: page.locator(`a[href="/app/visits/${visitId}"]`) });
      await expect.poll(async () => row.innerText(), { timeout: POLL_MS }).toMatch(/98925 \(\d\)/);
      expect(await row.innerText()).toContain('M99.03');
      expect(await axeSerious(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await shoot(page, 'charting-last-state', { fullPage: true }).catch(() => undefined);
      await context.close();
    }
  });
});
