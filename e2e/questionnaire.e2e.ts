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

const DAY = 86_400_000;

describe('questionnaires before visits', () => {
  it('a due request is answered on a 390 px phone in a few taps; its message is in the outbox; the clinician sees it arrived', async () => {
    // Setup: the clinic asks NRS and PEG before every visit within 14 days; Maria books a visit.
    const admin = await apiAs(server.base, 'admin@example.com');
    const schedule = await admin.put('/api/v1/admin/questionnaire-schedule', {
      enabled: true,
      instruments: ['nrs', 'peg'],
      rule: 'every-visit',
      every: null,
      leadHours: 336,
      audience: 'all',
    });
    expect(schedule.status).toBe(200);
    const maria = await apiAs(server.base, 'patient@example.com');
    const practitioners = (await maria.get('/api/v1/practitioners')).body as { id: string }[];
    const from = new Date(Date.now() + DAY);
    const to = new Date(Date.now() + 12 * DAY);
    let start: string | null = null;
    let practitionerId = '';
    for (const p of practitioners) {
      const free = await maria.get(
        `/api/v1/availability?practitionerId=${p.id}&appointmentType=omt-follow-up&from=${from.toISOString()}&to=${to.toISOString()}`,
      );
      const slot = (free.body?.slots as { start: string }[] | undefined)?.[0];
      if (slot) {
        start = slot.start;
        practitionerId = p.id;
        break;
      }
    }
    expect(start).not.toBeNull();
    const login = await fetch(`${server.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'patient@example.com', password: 'stillpoint-demo' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const booked = await fetch(`${server.base}/api/v1/appointments`, {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/json',
        'x-requested-with': 'e2e',
        'idempotency-key': `e2e-q-${Date.now()}`,
      },
      body: JSON.stringify({ practitionerId, appointmentType: 'omt-follow-up', start }),
    });
    expect(booked.status).toBe(201);
    // What the background job does every minute, now.
    expect((await admin.post('/api/v1/admin/questionnaire-requests/run')).status).toBe(200);

    const desk = await apiAs(server.base, 'frontdesk@example.com');
    const staff = await apiAs(server.base, 'clinician@example.com');
    const id = await patientIdByName(staff, 'Maria Alvarez');
    const outbox = await desk.get(`/api/v1/outbox?kind=reminder&patientId=${id}`);
    const mails = (outbox.body.results as { subject: string }[]).filter((m) =>
      m.subject.startsWith('Before your visit on'),
    );
    expect(mails.length).toBeGreaterThan(0);
    expect(mails[0]!.subject).toMatch(/: 4 quick questions$/);
    // Front desk sees the message, never the scores.
    expect((await desk.get(`/api/v1/patients/${id}/questionnaire-requests`)).status).toBe(403);

    const { context, page, errors } = await newPage(browser, { width: 390, height: 844 });
    await signInAndWait(page, server.base, 'patient@example.com');
    await page.goto(`${server.base}/app/me/progress`);
    const card = page.getByRole('region', { name: /Before your visit on .+: 4 quick questions/ });
    await card.waitFor();
    expect(await axeSerious(page)).toEqual([]);
    const started = Date.now();
    const tap = (question: RegExp, value: string) =>
      card
        .getByRole('radiogroup', { name: question })
        .getByRole('radio', { name: value, exact: true })
        .click();
    await tap(/Your pain on average/, '4');
    await card.getByRole('button', { name: 'Next' }).click();
    await card.getByText('Part 2 of 2.', { exact: false }).waitFor();
    await tap(/Your pain on average/, '4');
    await tap(/enjoying life/, '3');
    await tap(/daily activity/, '5');
    await card.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByText('Thank you: your clinician will see your answers before your visit').waitFor();
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeSerious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // The clinician sees on the chart that the answers arrived.
    const doc = await newPage(browser);
    await signInAndWait(doc.page, server.base, 'clinician@example.com');
    await doc.page.goto(`${server.base}/app/patients/${id}`);
    const scores = doc.page.getByRole('region', { name: 'Outcome scores' });
    await scores
      .getByText(/Pre-visit questionnaire \(Pain \(NRS\) and PEG\) for the visit on .+: answered/)
      .waitFor();
    expect(await axeSerious(doc.page)).toEqual([]);
    expect(doc.errors).toEqual([]);
    await doc.context.close();
  });
});
