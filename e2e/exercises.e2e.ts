import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('home exercise programs', () => {
  it('a clinician prescribes, the patient ticks a session on a 390 px phone, and the clinician sees the adherence', async () => {
    const staff = await apiAs(server.base, 'clinician@example.com');
    const id = await patientIdByName(staff, 'Maria Alvarez');

    // The clinician prescribes chin tucks from the record, picking the exercise by searching.
    const doc = await newPage(browser);
    await signInAndWait(doc.page, server.base, 'clinician@example.com');
    await doc.page.goto(`${server.base}/app/patients/${id}`);
    const section = doc.page.getByRole('region', { name: 'Home exercises' });
    // The demo program is there with its weekly adherence.
    await section.getByRole('article', { name: 'Pelvic tilts' }).waitFor();
    await section.getByRole('button', { name: 'Prescribe exercise' }).click();
    const form = section.getByRole('form', { name: 'Prescribe a home exercise' });
    // Searched like the library: by body region, not only by name.
    await form.getByRole('combobox', { name: 'Exercise' }).fill('cervical');
    await doc.page.getByRole('option', { name: 'Neck side bends' }).waitFor();
    await doc.page.getByRole('option', { name: 'Chin tucks' }).click();
    await form.getByText(/Practise holding the head back/).waitFor();
    await form.getByRole('textbox', { name: 'Times a day' }).fill('1');
    await form.getByRole('textbox', { name: 'Days a week' }).fill('7');
    await form.getByRole('textbox', { name: 'Notes for the patient' }).fill('Keep your eyes level.');
    await shoot(form, 'exercises-prescribe-form-1280');
    await form.getByRole('button', { name: 'Prescribe' }).click();
    const chin = section.getByRole('article', { name: 'Chin tucks' });
    await chin.getByText(/once a day, every day/).waitFor();
    await chin.getByText(/: 0% \(0 of 1 sessions\)/).waitFor();
    expect(await axeSerious(doc.page)).toEqual([]);
    expect(doc.errors).toEqual([]);

    // The patient, on a phone, sees it and ticks today's session off (and can take it back).
    const me = await newPage(browser, { width: 390, height: 844 });
    await signInAndWait(me.page, server.base, 'patient@example.com');
    await me.page.goto(`${server.base}/app/me/progress`);
    const mine = me.page
      .getByRole('region', { name: 'My exercises' })
      .getByRole('article', { name: 'Chin tucks' });
    await mine.getByText('Your clinician’s note: Keep your eyes level.').waitFor();
    await mine.getByText('Today: 0 of 1 session done').waitFor();
    const tick = mine.getByRole('button', { name: /^(I did a session|All done today): Chin tucks$/ });
    const box = await tick.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await tick.click();
    await mine.getByText('Today: 1 of 1 session done — well done!').waitFor();
    expect(await tick.isDisabled()).toBe(true);
    await mine.getByRole('button', { name: 'Undo: Chin tucks' }).click();
    await mine.getByText('Today: 0 of 1 session done').waitFor();
    await tick.click();
    await mine.getByText('Today: 1 of 1 session done — well done!').waitFor();
    await mine.getByText('This week: 1 of 1 sessions (100%)').waitFor();
    expect(await me.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeSerious(me.page)).toEqual([]);
    await shoot(me.page, 'exercises-patient-390', { fullPage: true });
    expect(me.errors).toEqual([]);
    await me.context.close();

    // Back on the record, the week shows the session done.
    await doc.page.reload();
    const after = doc.page
      .getByRole('region', { name: 'Home exercises' })
      .getByRole('article', { name: 'Chin tucks' });
    await after.getByText(/: 100% \(1 of 1 sessions\)/).waitFor();
    await after.getByText('100% done overall').waitFor();
    expect(await axeSerious(doc.page)).toEqual([]);
    await shoot(doc.page, 'exercises-record-1280', { fullPage: true });
    expect(doc.errors).toEqual([]);
    await doc.context.close();
  });

  it('a clinician searches the library and adds an exercise of the clinic’s own', async () => {
    const { context, page, errors } = await newPage(browser);
    await signInAndWait(page, server.base, 'clinician@example.com');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Exercise library' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Exercise library' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search exercises' }).fill('neck');
    await page.getByRole('article', { name: 'Neck side bends' }).waitFor();
    await page.getByText(/^\d exercises?$/).waitFor();
    expect(await page.getByRole('article', { name: 'Calf stretch against a wall' }).count()).toBe(0);
    expect(await axeSerious(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add exercise' }).click();
    const form = page.getByRole('form', { name: 'Add an exercise of the clinic’s own' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Neck towel glide');
    await form
      .getByRole('textbox', { name: 'What it is for' })
      .fill('Ease the neck into turning with a towel.');
    await form
      .getByRole('textbox', { name: 'Steps' })
      .fill('Hold a towel behind your neck.\nTurn your head slowly.');
    await form.getByRole('button', { name: 'Add to library' }).click();
    // Without a body region the server names the field, and nothing is added.
    await form.getByText('Pick at least one body region').first().waitFor();
    await form.getByRole('combobox', { name: 'Body regions' }).fill('Cerv');
    await page.getByRole('option', { name: 'Cervical' }).click();
    await form.getByRole('button', { name: 'Add to library' }).click();
    const added = page.getByRole('article', { name: 'Neck towel glide' });
    await added.getByText('Clinic’s own').waitFor();
    expect(await axeSerious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
