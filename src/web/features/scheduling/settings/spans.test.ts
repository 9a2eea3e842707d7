import { describe, expect, it } from 'vitest';
import { dateLabel, describeSpan, emptySpan, localInstant, spanBody, spanServerField } from './spans';

const CHI = 'America/Chicago';

describe('localInstant', () => {
  it('gives the zone’s offset on each side of a DST change', () => {
    expect(localInstant('2027-03-13', '09:00', CHI)).toBe('2027-03-13T09:00:00-06:00');
    expect(localInstant('2027-03-15', '09:00', CHI)).toBe('2027-03-15T09:00:00-05:00');
    expect(localInstant('2027-07-04', '00:00', 'Asia/Kathmandu')).toBe('2027-07-04T00:00:00+05:45');
  });
  it('refuses malformed input', () => {
    expect(localInstant('2027-02-30', '09:00', CHI)).toBeNull();
    expect(localInstant('2027-03-13', '9:00', CHI)).toBeNull();
  });
});

describe('spanBody', () => {
  it('turns whole days into midnight-to-midnight in the zone, across spring-forward', () => {
    const { body, errors } = spanBody(
      { ...emptySpan('2027-03-13'), endDate: '2027-03-15', reason: '  Conference ' },
      CHI,
    );
    expect(errors).toEqual({});
    expect(body).toEqual({
      start: '2027-03-13T00:00:00-06:00',
      end: '2027-03-16T00:00:00-05:00',
      reason: 'Conference',
    });
  });

  it('uses the times of a partial day and sends no empty reason', () => {
    const { body } = spanBody(
      {
        allDay: false,
        startDate: '2027-04-02',
        startTime: '13:00',
        endDate: '2027-04-02',
        endTime: '17:00',
        reason: '',
      },
      CHI,
    );
    expect(body).toEqual({
      start: '2027-04-02T13:00:00-05:00',
      end: '2027-04-02T17:00:00-05:00',
      reason: null,
    });
  });

  it('says which field is wrong', () => {
    expect(spanBody({ ...emptySpan('2027-04-05'), endDate: '2027-04-01' }, CHI).errors).toEqual({
      endDate: 'The last day cannot be before the first day.',
    });
    expect(
      spanBody(
        {
          allDay: false,
          startDate: '2027-04-02',
          startTime: '13:00',
          endDate: '2027-04-02',
          endTime: '12:00',
          reason: '',
        },
        CHI,
      ).errors,
    ).toEqual({ endTime: 'The end must be after the start.' });
    expect(spanBody({ ...emptySpan(''), endDate: '' }, CHI).errors).toEqual({
      startDate: 'Choose the first day.',
      endDate: 'Choose the last day.',
    });
    expect(spanBody({ ...emptySpan('2027-01-01'), endDate: '2028-06-01' }, CHI).errors).toEqual({
      endDate: 'Enter at most a year at a time.',
    });
    expect(
      spanBody({ ...emptySpan('2027-01-01'), allDay: false, startTime: '', endTime: '25:00' }, CHI).errors,
    ).toEqual({
      startTime: 'Enter a start time such as 09:00.',
      endTime: 'Enter an end time such as 17:00.',
    });
    expect(spanBody({ ...emptySpan('2027-01-01'), reason: 'x'.repeat(201) }, CHI).body).toBeNull();
  });

  it('maps server fields onto the inputs', () => {
    expect(spanServerField('start', true)).toBe('startDate');
    expect(spanServerField('end', true)).toBe('endDate');
    expect(spanServerField('end', false)).toBe('endTime');
    expect(spanServerField('reason', false)).toBe('reason');
    expect(spanServerField('other', false)).toBeNull();
  });
});

describe('describeSpan', () => {
  it('describes whole days in the zone', () => {
    expect(describeSpan('2027-07-04T05:00:00Z', '2027-07-05T05:00:00Z', CHI)).toBe(
      'Sun, Jul 4, 2027 (all day)',
    );
    expect(describeSpan('2027-03-13T06:00:00Z', '2027-03-16T05:00:00Z', CHI)).toBe(
      'Sat, Mar 13 – Mon, Mar 15, 2027 (whole days)',
    );
    expect(describeSpan('2027-12-30T06:00:00Z', '2028-01-03T06:00:00Z', CHI)).toBe(
      'Thu, Dec 30, 2027 – Sun, Jan 2, 2028 (whole days)',
    );
  });
  it('describes partial days with their times', () => {
    expect(describeSpan('2027-04-02T18:00:00Z', '2027-04-02T22:00:00Z', CHI)).toBe(
      'Fri, Apr 2, 2027, 1:00 PM – 5:00 PM',
    );
    expect(describeSpan('2027-04-02T18:00:00Z', '2027-04-03T14:00:00Z', CHI)).toBe(
      'Fri, Apr 2, 1:00 PM – Sat, Apr 3, 2027, 9:00 AM',
    );
  });
  it('labels a date', () => {
    expect(dateLabel('2027-07-04')).toBe('Sunday, July 4, 2027');
  });
});
