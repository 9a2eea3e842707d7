import { Button } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import type { Appointment } from '../../../contracts/scheduling.ts';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';

const NOT_A_VISIT = new Set(['held', 'cancelled', 'released', 'no-show']);

/**
 * Clinicians: open the visit note of an appointment — start it (from the booking and the last signed
 * findings), continue the draft, or read the signed note.
 */
export function StartNoteButton({ appointment }: { appointment: Appointment }) {
  const { role } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  if (role !== 'clinician' && role !== 'admin') return null;
  const note = appointment.note ?? null;
  if (!note && NOT_A_VISIT.has(appointment.status)) return null;

  const open = async () => {
    if (note) {
      void navigate(`/app/visits/${note.encounterId}`);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const v = await api.post<{ id: string }>(`/api/v1/appointments/${appointment.id}/encounter`);
      void navigate(`/app/visits/${v.id}`);
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <div>
      <Button size="md" onClick={() => void open()} loading={busy}>
        {!note ? 'Start note' : note.status === 'draft' ? 'Continue note' : 'Open signed note'}
      </Button>
      <ProblemAlert error={error} title="The note could not be opened" />
    </div>
  );
}
