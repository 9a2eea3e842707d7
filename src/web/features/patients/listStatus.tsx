import { Text } from '@mantine/core';
import type { ListStatus } from '../../../contracts/patients.ts';
import { useSession } from '../../auth/session';
import { formatInstant } from '../../lib/format';

/** An RxNorm concept id (RXCUI): digits only, as the API checks it. */
export const RXCUI_PATTERN = /^[0-9]{1,10}$/;

/** Shared by the medication and allergy sections: who recorded a list's answer, and when. */
export function RecordedBy({ status, what }: { status: ListStatus<string> | undefined; what: string }) {
  const { me } = useSession();
  if (!status?.recordedAt) return null;
  return (
    <Text size="xs" c="dimmed">
      {what} {status.recordedBy ? `by ${status.recordedBy.name} ` : ''}
      on {formatInstant(status.recordedAt, me.clinic.timeZone)}
    </Text>
  );
}

/** Puts an emptied optional field back as `null`, so the API clears it. */
export const orNull = (s: string) => s.trim() || null;
