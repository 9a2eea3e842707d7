import { describe, expect, it } from 'vitest';
import {
  icsPath,
  kindLabel,
  messageStatusColor,
  messageStatusLabel,
  outboxPath,
  skipCause,
  sortMessages,
  statusReason,
  transportLabel,
} from './model';

const now = Date.parse('2027-03-10T15:00:00Z');

describe('message labels', () => {
  it('names every kind the server writes', () => {
    expect(kindLabel('confirmation')).toBe('Confirmation');
    expect(kindLabel('reminder')).toBe('Reminder');
    expect(kindLabel('cancellation')).toBe('Cancellation');
    expect(kindLabel('waitlist-offer')).toBe('Waitlist offer');
    expect(kindLabel('reschedule')).toBe('Visit moved');
    expect(kindLabel('something-new')).toBe('something-new');
  });

  it('tells a scheduled reminder from a due message and from a retry', () => {
    const pending = { status: 'pending' as const, lastError: null };
    expect(messageStatusLabel({ ...pending, sendAfter: '2027-03-12T15:00:00Z' }, now)).toBe('Scheduled');
    expect(messageStatusLabel({ ...pending, sendAfter: '2027-03-10T14:59:00Z' }, now)).toBe('Sending');
    expect(
      messageStatusLabel({ ...pending, sendAfter: '2027-03-10T15:05:00Z', lastError: 'ECONNREFUSED' }, now),
    ).toBe('Retrying');
    expect(messageStatusLabel({ status: 'sent', sendAfter: '', lastError: null }, now)).toBe('Sent');
    expect(messageStatusLabel({ status: 'skipped', sendAfter: '', lastError: 'x' }, now)).toBe('Not sent');
    expect(messageStatusLabel({ status: 'failed', sendAfter: '', lastError: 'x' }, now)).toBe('Failed');
  });

  it('says plainly that a reminder was not sent because its visit was cancelled or moved', () => {
    const cancelled = {
      status: 'skipped' as const,
      sendAfter: '',
      lastError: 'Appointment cancelled on Wednesday, March 10, 2027 at 9:00 AM CST; not sent',
    };
    expect(messageStatusLabel(cancelled, now)).toBe('Cancelled — not sent');
    expect(skipCause(cancelled)).toBe('cancelled');
    expect(messageStatusColor('skipped', cancelled)).toBe('amber');
    // The runner's own wording when it finds a cancelled visit at send time.
    expect(skipCause({ status: 'skipped', lastError: 'Appointment cancelled' })).toBe('cancelled');
    const moved = { status: 'skipped' as const, sendAfter: '', lastError: 'Appointment moved to Friday' };
    expect(messageStatusLabel(moved, now)).toBe('Moved — not sent');
    expect(messageStatusColor('skipped', moved)).toBe('gray');
    expect(skipCause({ status: 'pending', lastError: 'Appointment cancelled' })).toBeNull();
    expect(
      skipCause({ status: 'skipped', lastError: 'No email address on file for this patient' }),
    ).toBeNull();
  });

  it('gives the reason a message was not sent or is being retried', () => {
    expect(statusReason({ status: 'sent', lastError: null, attempts: 1 })).toBeNull();
    expect(statusReason({ status: 'skipped', lastError: 'Appointment cancelled', attempts: 1 })).toBe(
      'Appointment cancelled',
    );
    expect(statusReason({ status: 'pending', lastError: 'SMTP 451', attempts: 2 })).toBe(
      'Attempt 2 failed: SMTP 451. It will be tried again.',
    );
    expect(statusReason({ status: 'failed', lastError: 'EAUTH SMTP 535', attempts: 5 })).toBe(
      'Gave up after 5 attempts: EAUTH SMTP 535',
    );
  });

  it('says where a message went', () => {
    expect(transportLabel('dev-mailbox')).toBe('development mailbox (not emailed)');
    expect(transportLabel('smtp')).toBe('email (SMTP)');
    expect(transportLabel(null)).toBeNull();
  });

  it('builds paths with only the filters that are set', () => {
    expect(outboxPath({ kind: 'reminder', status: '', limit: 50 })).toBe(
      '/api/v1/outbox?kind=reminder&limit=50',
    );
    expect(icsPath('a b')).toBe('/api/v1/outbox/a%20b/ics');
  });
});

describe('message order', () => {
  it('puts the newest first, and a confirmation before the reminders written with it', () => {
    const at = '2027-03-10T15:00:00Z';
    const list = [
      {
        id: 'old',
        kind: 'confirmation' as const,
        createdAt: '2027-03-09T10:00:00Z',
        sendAfter: '2027-03-09T10:00:00Z',
      },
      { id: 'r2h', kind: 'reminder' as const, createdAt: at, sendAfter: '2027-03-15T13:00:00Z' },
      { id: 'r48h', kind: 'reminder' as const, createdAt: at, sendAfter: '2027-03-13T15:00:00Z' },
      { id: 'conf', kind: 'confirmation' as const, createdAt: at, sendAfter: at },
    ];
    expect(sortMessages(list).map((m) => m.id)).toEqual(['conf', 'r48h', 'r2h', 'old']);
  });
});
