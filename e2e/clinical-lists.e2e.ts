import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  axeSerious,
  launch,
  newPage,
  patientIdByName,
  signInAndWait,
  startServer,
  type Server,
} from './support';

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

describe('medications and allergies on the patient record', () => {
  it('a clinician records "no known allergies", adds a medication, and both are there after a reload', async () => {
    const staff = await apiAs(server.base, 'clinician@example.com');
    // A demo patient with neither list recorded.
    const id = await patientIdByName(staff, 'Marcus Bell');
    const { context, page, errors } = await newPage(browser);
    await signInAndWait(page, server.base, 'clinician@example.com');
    // The chart's safety panel says what was never asked.
    const visit = await staff.post(`/api/v1/patients/${id}/encounters`, {});
    expect(visit.status).toBe(201);
    const safetyNote = page
      .getByRole('region', { name: 'Safety check' })
      .getByRole('note')
      .filter({ hasText: 'Allergies not asked · Medications not recorded' });
    await page.goto(`${server.base}/app/visits/${visit.body.id}`);
    await safetyNote.waitFor();
    await page.getByTestId('note-preview-assessment').waitFor();
    expect(await axeSerious(page)).toEqual([]);

    await page.goto(`${server.base}/app/patients/${id}`);
    const allergies = page.getByRole('region', { name: 'Allergies' });
    const medications = page.getByRole('region', { name: 'Medications' });
    await allergies.getByText('Allergies not asked').waitFor();
    await medications.getByText('Medications not recorded').waitFor();
    expect(await axeSerious(page)).toEqual([]);

    await allergies.getByRole('button', { name: 'Record no known allergies' }).click();
    await allergies.getByText('No known allergies', { exact: true }).waitFor();
    expect(await allergies.getByText('Allergies not asked').count()).toBe(0);
    expect(await allergies.getByRole('button', { name: 'Record no known allergies' }).count()).toBe(0);

    await medications.getByRole('button', { name: 'Add medication' }).click();
    // An empty name and a code that is not digits are refused before anything is sent.
    await medications.getByLabel(/^RxNorm code/).fill('RX-1');
    await medications.getByRole('button', { name: 'Save medication' }).click();
    await medications.getByText('Enter the medication, for example Warfarin 5 mg tablet.').waitFor();
    await medications.getByText(/An RxNorm code \(RXCUI\) is digits only/).waitFor();
    await medications.getByRole('textbox', { name: 'Medication' }).fill('Metformin 500 mg tablet');
    await medications.getByLabel(/^RxNorm code/).fill('');
    await medications.getByLabel(/^Frequency/).fill('twice daily');
    await medications.getByRole('button', { name: 'Save medication' }).click();
    await medications.getByText('Added medication: Metformin 500 mg tablet.').waitFor();
    expect(await axeSerious(page)).toEqual([]);

    await page.reload();
    await medications.getByRole('list', { name: 'Medications' }).waitFor();
    expect(await medications.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/Metformin 500 mg tablet\s+twice daily/),
    ]);
    await allergies.getByText('No known allergies', { exact: true }).waitFor();
    await allergies.getByText(/Recorded by .+ on /).waitFor();
    expect(await axeSerious(page)).toEqual([]);

    const stored = await staff.get(`/api/v1/patients/${id}`);
    expect(stored.body.allergyStatus.status).toBe('none-known');
    expect(stored.body.medicationStatus.status).toBe('recorded');
    expect(stored.body.medications).toEqual([
      expect.objectContaining({ name: 'Metformin 500 mg tablet', frequency: 'twice daily', code: null }),
    ]);

    await page.goto(`${server.base}/app/visits/${visit.body.id}`);
    await page.getByRole('region', { name: 'Safety check' }).getByText('Checked against:').waitFor();
    expect(await safetyNote.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the patient sees their own lists read-only', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    await signInAndWait(page, server.base, 'patient@example.com');
    const medications = page.getByRole('region', { name: 'Medications' });
    await medications.getByRole('list', { name: 'Medications' }).waitFor();
    const allergies = page.getByRole('region', { name: 'Allergies' });
    await allergies.getByRole('list', { name: 'Allergies' }).waitFor();
    expect(
      await page.getByRole('button', { name: /Add medication|Add allergy|Edit|Remove|no known/ }).count(),
    ).toBe(0);
    expect(await axeSerious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
