import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines, login, makeClinic, startTestApp, type TestApp } from '../../testing/harness.ts';
import { clinicSettingsBody } from '../../../contracts/admin.ts';

describe('clinic settings messages', () => {
  const messages = (body: unknown) => {
    const r = clinicSettingsBody.safeParse(body);
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('/'), i.message]);
  };

  it('says what to enter for every field, in plain words', () => {
    expect(messages({ name: '  ' })).toEqual([['name', 'Enter the clinic name']]);
    expect(messages({ name: 'x'.repeat(201) })).toEqual([
      ['name', 'Shorten the clinic name to 200 characters or fewer'],
    ]);
    expect(messages({ name: 12 })).toEqual([['name', 'Enter the clinic name']]);
    expect(messages({ timeZone: 'Mars/Olympus' })).toEqual([
      ['timeZone', 'Choose the clinic’s time zone from the list (a name such as America/New_York)'],
    ]);
    expect(messages({ mfaRequiredForStaff: 'yes' })).toEqual([
      ['mfaRequiredForStaff', 'Turn “Require MFA for staff” on or off'],
    ]);
    for (const minutes of [1, 481, 2.5, '15', null])
      expect(messages({ staffIdleTimeoutMinutes: minutes }), String(minutes)).toEqual([
        ['staffIdleTimeoutMinutes', 'Enter the staff idle timeout as whole minutes between 2 and 480'],
      ]);
    expect(messages({ colour: 'blue' })).toEqual([
      [
        '',
        'Remove colour: clinic settings take only name, address, phone, email, timeZone, mfaRequiredForStaff, staffIdleTimeoutMinutes and selfSignupRequiresApproval',
      ],
    ]);
    expect(messages([])).toEqual([['', 'Send the clinic settings as a JSON object']]);
    expect(messages({ name: 'Ok', timeZone: 'America/Chicago', staffIdleTimeoutMinutes: 2 })).toEqual([]);
  });
});

describeEngines('PATCH /api/v1/admin/clinic on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  it('answers a 400 problem naming each field with the sentence to show beside it', async () => {
    const k = await makeClinic(t);
    const admin = await login(t, k.users.admin.email);
    const res = await admin.req('PATCH', '/api/v1/admin/clinic', {
      name: '',
      staffIdleTimeoutMinutes: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'name', message: 'Enter the clinic name' },
      {
        path: 'staffIdleTimeoutMinutes',
        message: 'Enter the staff idle timeout as whole minutes between 2 and 480',
      },
    ]);
  });
});
