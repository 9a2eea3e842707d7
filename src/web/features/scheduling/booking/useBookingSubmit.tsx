import { useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { toApiError, type ApiError } from '../../../api/client';
import {
  bookAppointment,
  isRetryable,
  isSlotGone,
  newIdempotencyKey,
  problemReason,
  rescheduleAppointment,
} from '../api';
import { shortDate, timeIn } from '../time';
import type { BookingInput } from '../../../../contracts/scheduling.ts';

/** A message above the step (a time taken meanwhile). */
export interface Notice {
  tone: 'warning' | 'error';
  title: string;
  body: ReactNode;
}

/**
 * Books (or moves) the chosen visit and opens it. One idempotency key per attempt, kept while the
 * same attempt is retried after a failure, so a retry never books twice. A time taken meanwhile is
 * handed to `onSlotGone` with the words to show; other failures stay in `submitError`.
 */
export function useBookingSubmit(rescheduleId: string | null, returnTo: string | null) {
  const navigate = useNavigate();
  const [submitError, setSubmitError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const attempt = useRef<{ signature: string; key: string } | null>(null);

  const submit = async (body: BookingInput, zone: string, onSlotGone: (notice: Notice) => void) => {
    const signature = JSON.stringify({ rescheduleId, ...body });
    // One key per booking attempt, reused when the same attempt is retried after a failure.
    if (!attempt.current || attempt.current.signature !== signature)
      attempt.current = { signature, key: newIdempotencyKey() };
    setBusy(true);
    setSubmitError(undefined);
    try {
      const result = rescheduleId
        ? await rescheduleAppointment(rescheduleId, body.start)
        : await bookAppointment(body, attempt.current.key);
      attempt.current = null;
      const after = new URLSearchParams({ [rescheduleId ? 'moved' : 'booked']: '1' });
      if (returnTo) after.set('returnTo', returnTo);
      void navigate(`/app/appointments/${encodeURIComponent(result.id)}?${after.toString()}`, {
        replace: true,
      });
    } catch (e) {
      const error = toApiError(e);
      if (!isRetryable(error)) attempt.current = null;
      if (isSlotGone(error)) {
        const reason = problemReason(error);
        const what = `${timeIn(body.start, zone)} on ${shortDate(body.start, zone)}`;
        onSlotGone({
          tone: 'warning',
          title: 'That time was just taken',
          body: (
            <>
              Sorry, {what} is no longer free: someone may have booked it a moment ago.
              {reason && reason !== 'conflict' && error.problem.detail ? ` ${error.problem.detail}` : ''} Here
              are the times that are still free; your other choices are kept.
            </>
          ),
        });
      } else {
        setSubmitError(error);
      }
    } finally {
      setBusy(false);
    }
  };

  return { submit, submitError, setSubmitError, busy };
}
