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

describe('outcome measures and plans of care', () => {
  it('a clinician sees the plan and the series, records a score, and the chart shows it', async () => {
    const staff = await apiAs(server.base, 'clinician@example.com');
    const id = await patientIdByName(staff, 'Maria Alvarez');
    const { context, page, errors } = await newPage(browser);
    await signInAndWait(page, server.base, 'clinician@example.com');
    await page.goto(`${server.base}/app/patients/${id}`);
    const plans = page.getByRole('region', { name: 'Plan of care' });
    await plans.getByText('Low back pain, autumn 2026').waitFor();
    await plans.getByText(/OMT visits: \d+ of 8 done/).waitFor();
    const scores = page.getByRole('region', { name: 'Outcome scores' });
    await scores.getByText('First 8 → latest 3').waitFor();
    await scores.locator('.recharts-line').first().waitFor();
    expect(await axeSerious(page)).toEqual([]);

    await scores.getByRole('button', { name: 'Record a score' }).click();
    await scores
      .getByRole('radiogroup', { name: /Your pain on average/ })
      .getByRole('radio', { name: '2', exact: true })
      .click();
    await scores.getByRole('button', { name: 'Save answers' }).click();
    await scores.getByText('First 8 → latest 2').waitFor();
    expect(await scores.locator('.recharts-line-dot').count()).toBe(5);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a patient on a 390 px phone answers a PEG and sees it in their progress chart', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    await signInAndWait(page, server.base, 'patient@example.com');
    await page.goto(`${server.base}/app/me/progress`);
    await page.getByRole('heading', { name: 'My progress' }).waitFor();
    const started = Date.now();
    const answer = async (question: RegExp, value: string) =>
      page
        .getByRole('radiogroup', { name: question })
        .getByRole('radio', { name: value, exact: true })
        .click();
    await answer(/Your pain on average/, '3');
    await answer(/enjoying life/, '3');
    await answer(/daily activity/, '2');
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByText('Thank you: your answers are saved').waitFor();
    await page.getByText('Your score today is 2.67.').waitFor();
    expect(Date.now() - started).toBeLessThan(60_000);
    const chart = page.getByRole('region', { name: 'My scores over time' });
    await chart.getByText('latest 2.67').waitFor();
    await chart.getByText('Meaningful improvement', { exact: true }).waitFor();
    // The plan in plain language.
    const plan = page.getByRole('region', { name: 'My plan of care' });
    await plan.getByText('Osteopathic treatment (OMT) visits once a week for 8 weeks').waitFor();
    // No sideways scrolling on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeSerious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the visit list flags a plan due for review, and the evidence dashboard draws the rate beside the published figures', async () => {
    const staff = await apiAs(server.base, 'clinician@example.com');
    const id = await patientIdByName(staff, 'James Okafor');
    const { context, page, errors } = await newPage(browser);
    await signInAndWait(page, server.base, 'clinician@example.com');
    await page.goto(`${server.base}/app/patients/${id}/visits`);
    await page.getByText('Plan of care: review due').waitFor();
    await page.getByText(/progress has plateaued on an outcome score/).waitFor();

    await page.goto(`${server.base}/app/evidence`);
    const rate = page.getByRole('region', { name: 'This clinic’s responder rate' });
    await rate.getByText(/of \d+ patients; 95 % interval/).waitFor();
    await rate.locator('.recharts-bar-rectangle').first().waitFor();
    const published = page.getByRole('region', { name: 'Published figures, beside ours' });
    await published.getByText('Unsourced marketing figure', { exact: true }).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an admin enables a licensed instrument only with its licence reference', async () => {
    const { context, page, errors } = await newPage(browser);
    await signInAndWait(page, server.base, 'admin@example.com');
    await page.goto(`${server.base}/app/admin/instruments`);
    const hit6 = page.getByRole('region', { name: /HIT-6/ });
    await hit6.getByText('Licence required').waitFor();
    await hit6.getByRole('switch', { name: 'Enabled in this clinic' }).check({ force: true });
    await hit6.getByRole('button', { name: 'Save' }).click();
    await hit6.getByText('Give the clinic’s licence reference for this instrument').waitFor();
    await hit6.getByRole('textbox', { name: /Licence reference/ }).fill('QualityMetric order 2027-114');
    await hit6.getByRole('button', { name: 'Save' }).click();
    await hit6.getByText('Saved.').waitFor();
    await hit6.getByText(/Last changed by Alex Morgan/).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
