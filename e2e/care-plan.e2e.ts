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

describe('plan of care: modality safety and booking the remaining visits', () => {
  it('a clinician adds shockwave and sees its flag, signs the plan, and books its remaining visits in one step', async () => {
    const staff = await apiAs(server.base, 'clinician@example.com');
    // The demo patient with a bone metastasis on record (C79.51).
    const id = await patientIdByName(staff, 'Eleanor Brooks');
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'clinician@example.com');
      await page.goto(`${server.base}/app/patients/${id}`);
      const plans = page.getByRole('region', { name: 'Plan of care' });
      await plans.getByRole('button', { name: 'New plan' }).click();
      await plans.getByRole('textbox', { name: 'Episode' }).fill('Heel pain, shockwave trial');
      await plans.getByRole('button', { name: 'Add an activity' }).click();
      await plans.getByRole('combobox', { name: 'Activity 2' }).click();
      await page.getByRole('option', { name: 'Shockwave therapy' }).click();

      // The flag shows as soon as the activity is chosen: the rule, what matched, and that no
      // published source backs it (the clinic's policy decides).
      const flag = plans.getByRole('alert').filter({ hasText: 'Activity 2, Shockwave therapy' });
      await flag.getByText(/Malignancy on record/).waitFor();
      await flag.getByText(/C79\.51.*No source — clinic policy\./).waitFor();
      expect(await axeSerious(page)).toEqual([]);

      await plans.getByRole('button', { name: 'Save draft' }).click();
      await plans.getByText('Heel pain, shockwave trial').waitFor();
      // The card carries the flag too.
      await plans.getByText(/Shockwave therapy \(activity 2\): a safety flag/).waitFor();
      await plans.getByRole('button', { name: 'Sign plan' }).click();
      await plans.getByText('Active', { exact: true }).waitFor();

      await plans.getByRole('button', { name: 'Book remaining visits' }).click();
      const proposal = plans.getByRole('region', { name: 'Proposed visits' });
      await proposal
        .getByText(/remaining visits \(OMT follow-up, 30 min\) with Dr\. Sam Rivera, DO, 1× a week/)
        .waitFor();
      const count = await proposal.getByRole('listitem').count();
      expect(count).toBeGreaterThan(0);
      await proposal.getByRole('button', { name: /^Book \d+ visits?$/ }).click();
      const result = plans.getByRole('status').filter({ hasText: 'Booking from the plan' });
      await result.getByText(`Booked ${count}:`).waitFor();
      expect(await result.getByRole('listitem').count()).toBe(count);
      // The plan's progress counts them.
      await plans.getByText(/OMT visits: 0 of 6 done, \d+ booked/).waitFor();
      expect(await axeSerious(page)).toEqual([]);
      expect(errors).toEqual([]);
    } catch (err) {
      await shoot(page, 'care-plan-failure', { fullPage: true });
      throw err;
    } finally {
      await context.close();
    }
  });
});
