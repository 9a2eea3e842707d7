import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  axeSerious,
  launch,
  newPage,
  shoot,
  signInAndWait,
  startServer,
  type ApiClient,
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

const CHI = 'America/Chicago';

/** Today in the clinic's zone, YYYY-MM-DD. */
function todayChicago(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: CHI }).format(new Date());
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first date at least `minAhead` days from today that falls on ISO weekday `weekday`. */
function nextWeekday(weekday: number, minAhead: number): string {
  let d = addDays(todayChicago(), minAhead);
  for (;;) {
    const w = new Date(`${d}T12:00:00Z`).getUTCDay() || 7;
    if (w === weekday) return d;
    d = addDays(d, 1);
  }
}

/** Local date, hour (0–23) and minute of an instant in Chicago. */
function local(iso: string): { date: string; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: CHI,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  };
}

async function practitionerId(api: ApiClient, name: string): Promise<string> {
  const res = await api.get('/api/v1/practitioners');
  const hit = (res.body as { id: string; name: string }[]).find((p) => p.name === name);
  if (!hit) throw new Error(`no practitioner ${name}`);
  return hit.id;
}

/** Free follow-up slots of a practitioner on one local date. */
async function slotsOn(
  api: ApiClient,
  prId: string,
  date: string,
): Promise<{ start: string; end: string }[]> {
  const res = await api.get(
    `/api/v1/availability?practitionerId=${prId}&appointmentType=omt-follow-up&from=${date}&to=${addDays(date, 1)}`,
  );
  expect(res.status).toBe(200);
  return (res.body.slots as { start: string; end: string }[]).filter((s) => local(s.start).date === date);
}

async function openSettings(page: Page, query = '') {
  await page.goto(`${server.base}/app/schedule/settings${query}`);
  await page.getByRole('heading', { level: 1, name: 'Schedule settings' }).waitFor();
}

/** No serious or critical axe violations; on failure, name the offending elements. */
async function expectAxeClean(page: Page) {
  const serious = await axeSerious(page);
  if (serious.length === 0) return;
  type Axe = {
    run: (
      ctx: Document,
      opts: object,
    ) => Promise<{ violations: { id: string; impact: string; nodes: { html: string }[] }[] }>;
  };
  const detail = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: Axe }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  });
  expect(detail).toEqual([]);
}

describe('schedule settings', () => {
  it('front desk closes Friday afternoon and availability stops offering it; a failed save keeps the edits', async () => {
    const desk = await apiAs(server.base, 'frontdesk@example.com');
    const patel = await practitionerId(desk, 'Dr. Anika Patel, DO');
    const friday = nextWeekday(5, 3);
    const before = await slotsOn(desk, patel, friday);
    expect(before.some((s) => local(s.start).hour >= 12)).toBe(true);

    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'frontdesk@example.com');
      await openSettings(page);
      // Front desk: no booking policy or calendar feed tab (admin / the practitioner only).
      const tabs = page.getByRole('tablist', { name: 'Schedule settings sections' });
      expect((await tabs.getByRole('tab').allInnerTexts()).map((t) => t.trim())).toEqual([
        'Weekly hours',
        'Dates & time off',
        'Clinic closures',
        'Visit types',
      ]);
      await page.getByLabel('Practitioner').selectOption({ label: 'Dr. Anika Patel, DO' });
      await page.getByText('Works in Central Time (America/Chicago)').waitFor();
      const fridayEnd = page.getByLabel('Friday range 1 end', { exact: true });
      await expect.poll(() => fridayEnd.inputValue()).toBe('15:00');

      // A mistake shows beside the row before anything is sent, and nothing is saved.
      await fridayEnd.fill('08:00');
      await page.getByText('End must be after the start (9:00 AM).').waitFor();
      await page.getByRole('button', { name: 'Save weekly hours' }).click();
      await page.getByRole('alert').filter({ hasText: 'Nothing was saved yet' }).waitFor();
      expect((await desk.get(`/api/v1/practitioners/${patel}/schedule`)).body.weeklyHours).toContainEqual(
        expect.objectContaining({ weekday: 5, start: '09:00', end: '15:00' }),
      );
      await shoot(page.getByRole('list', { name: 'Days of the week' }), 'schedule-settings-invalid-1280');

      // A refusal from the server lands on the row it names; the edits stay on screen.
      await fridayEnd.fill('12:00');
      await page.route('**/weekly-hours', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'https://stillpoint.invalid/problems/validation',
            title: 'Invalid request',
            status: 400,
            detail: 'Check the highlighted fields.',
            errors: [{ path: 'body/hours/1/end', message: 'Pretend the server refused this end.' }],
          }),
        }),
      );
      await page.getByRole('button', { name: 'Save weekly hours' }).click();
      await page.getByText('The hours were not saved; your changes are still here').waitFor();
      // hours/1 is the second range sent (Tuesday, Wednesday, Friday): Wednesday's, not Friday's.
      await page.getByText('Pretend the server refused this end.').waitFor();
      expect(
        await page.getByLabel('Wednesday range 1 end', { exact: true }).getAttribute('aria-invalid'),
      ).toBe('true');
      expect(await fridayEnd.inputValue()).toBe('12:00');
      await page.unroute('**/weekly-hours');

      // The real save.
      await page.getByRole('button', { name: 'Save weekly hours' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Saved. Dr. Anika Patel, DO now works 3 days a week' })
        .waitFor();
      expect(await fridayEnd.inputValue()).toBe('12:00');
      await shoot(page, 'schedule-settings-hours-1280', { fullPage: true });
      await expectAxeClean(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    const after = await slotsOn(desk, patel, friday);
    expect(after.length).toBeGreaterThan(0);
    // Every slot now ends by noon, Chicago time.
    expect(after.map((s) => local(s.end)).filter((e) => e.hour * 60 + e.minute > 12 * 60)).toEqual([]);
    expect((await desk.get(`/api/v1/practitioners/${patel}/schedule`)).body.weeklyHours).toContainEqual(
      expect.objectContaining({ weekday: 5, start: '09:00', end: '12:00' }),
    );
  });

  it('front desk adds time off and a clinic closure, sees them listed, and the closed day has no slots', async () => {
    const desk = await apiAs(server.base, 'frontdesk@example.com');
    const patel = await practitionerId(desk, 'Dr. Anika Patel, DO');
    const offDay = nextWeekday(3, 9); // a Wednesday Dr. Patel works
    const closedDay = nextWeekday(2, 16); // a Tuesday she works too
    expect((await slotsOn(desk, patel, offDay)).length).toBeGreaterThan(0);
    expect((await slotsOn(desk, patel, closedDay)).length).toBeGreaterThan(0);

    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInAndWait(page, server.base, 'frontdesk@example.com');
      await openSettings(page, '?tab=dates');
      await page.getByLabel('Practitioner').selectOption({ label: 'Dr. Anika Patel, DO' });
      const timeOff = page.getByRole('region', { name: 'Time off' });
      await timeOff.getByLabel('First day').fill(offDay);
      await timeOff.getByLabel('Last day').fill(offDay);
      await timeOff.getByLabel('Reason (optional)').fill('Cranial course');
      await timeOff.getByRole('button', { name: 'Add time off' }).click();
      const list = timeOff.getByRole('list', { name: 'Upcoming time off' });
      await list.getByText('Cranial course').waitFor();
      expect(await list.getByRole('listitem').innerText()).toMatch(/\(all day\)/);
      await shoot(page, 'schedule-settings-dates-390', { fullPage: true });
      await expectAxeClean(page);

      await page.getByRole('tab', { name: 'Clinic closures' }).click();
      const closures = page.getByRole('region', { name: 'Clinic closures' });
      await closures.getByLabel('First day').fill(closedDay);
      await closures.getByLabel('Last day').fill(closedDay);
      await closures.getByLabel('Reason (optional)').fill('Founders’ Day');
      await closures.getByRole('button', { name: 'Add closure' }).click();
      await closures.getByRole('list', { name: 'Upcoming closures' }).getByText('Founders’ Day').waitFor();
      await shoot(page, 'schedule-settings-closures-390', { fullPage: true });
      await expectAxeClean(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    expect(await slotsOn(desk, patel, offDay)).toEqual([]);
    expect(await slotsOn(desk, patel, closedDay)).toEqual([]);
  });

  it('front desk creates a visit type and a patient sees it when booking', async () => {
    const { context, page, errors } = await newPage(browser);
    try {
      await signInAndWait(page, server.base, 'frontdesk@example.com');
      await openSettings(page, '?tab=types');
      await page.getByRole('button', { name: 'New visit type' }).click();
      const dialog = page.getByRole('dialog', { name: 'New visit type' });
      await dialog.getByLabel(/^Name/).fill('Extended OMT');
      expect(await dialog.getByLabel(/^Id/).inputValue()).toBe('extended-omt');
      await dialog.getByLabel(/^Length \(minutes\)/).fill('3');
      await dialog.getByRole('button', { name: 'Create visit type' }).click();
      await dialog.getByText('Enter 5–480 minutes.').waitFor();
      await dialog.getByLabel(/^Length \(minutes\)/).fill('45');
      await dialog.getByLabel(/^Buffer after/).fill('10');
      await dialog.getByLabel(/^Self-pay price/).fill('130');
      await expectAxeClean(page);
      await dialog.getByRole('button', { name: 'Create visit type' }).click();
      await page.getByRole('status').filter({ hasText: 'Created “Extended OMT”.' }).waitFor();
      const card = page
        .getByRole('list', { name: 'Visit types' })
        .getByRole('listitem')
        .filter({ hasText: 'Extended OMT' });
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain('45 min');
      expect(text).toContain('10 min after');
      expect(text).toContain('$130');
      await shoot(page, 'schedule-settings-types-1280', { fullPage: true });
      await expectAxeClean(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    const patient = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInAndWait(patient.page, server.base, 'patient@example.com');
      await patient.page.goto(`${server.base}/app/book`);
      const types = patient.page.getByRole('list', { name: 'Visit types' });
      await types.getByText('Extended OMT').waitFor();
      expect(await types.getByText('45 min').count()).toBeGreaterThan(0);
    } finally {
      await patient.context.close();
    }
  });

  it('a clinician lands on their own schedule and creates a calendar feed that serves text/calendar', async () => {
    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    try {
      await signInAndWait(page, server.base, 'clinician@example.com');
      await openSettings(page);
      const tabs = page.getByRole('tablist', { name: 'Schedule settings sections' });
      expect((await tabs.getByRole('tab').allInnerTexts()).map((t) => t.trim())).toEqual([
        'Weekly hours',
        'Dates & time off',
        'Calendar feed',
      ]);
      // Their own practitioner, no picker; Dr. Rivera works Monday 08:00–12:00 and 13:00–17:00.
      await page.getByRole('tabpanel').getByText('Dr. Sam Rivera, DO', { exact: true }).waitFor();
      expect(await page.getByLabel('Practitioner').count()).toBe(0);
      expect(await page.getByLabel('Monday range 2 start', { exact: true }).inputValue()).toBe('13:00');
      await shoot(page, 'schedule-settings-clinician-hours-390', { fullPage: true });
      await expectAxeClean(page);

      await tabs.getByRole('tab', { name: 'Calendar feed' }).click();
      await page.getByText('Off.').waitFor();
      await page.getByRole('button', { name: 'Create calendar address' }).click();
      const box = page.getByLabel('Calendar address (URL)');
      await box.waitFor();
      const url = await box.inputValue();
      expect(url).toMatch(new RegExp(`^${server.base}/api/v1/calendar/[^/]+\\.ics$`));
      await page.getByText(/^On\./).waitFor();
      await shoot(page, 'schedule-settings-feed-390', { fullPage: true });
      await expectAxeClean(page);
      expect(errors).toEqual([]);

      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
      expect(await res.text()).toContain('BEGIN:VCALENDAR');
    } finally {
      await context.close();
    }
  });
});
