import { Text, TextInput } from '@mantine/core';
import type { ListStatus } from '../../../contracts/patients.ts';
import { useSession } from '../../auth/session';
import { formatInstant } from '../../lib/format';

/** An RxNorm concept id (RXCUI): digits only, as the API checks it. */
export const RXCUI_PATTERN = /^[0-9]{1,10}$/;

/** The message for a typed RxNorm code that is not one (an empty code is fine: it is optional). */
export function rxcuiError(code: string): string | undefined {
  return code.trim() && !RXCUI_PATTERN.test(code.trim())
    ? 'An RxNorm code (RXCUI) is digits only; leave it empty if you do not have one.'
    : undefined;
}

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

/** The optional RxNorm code (RXCUI) field of the medication and allergy forms: digits only. */
export function RxcuiInput({
  description,
  value,
  onChange,
  error,
}: {
  description: string;
  value: string;
  onChange: (code: string) => void;
  error: string | undefined;
}) {
  return (
    <TextInput
      label="RxNorm code (RXCUI)"
      description={description}
      autoComplete="off"
      inputMode="numeric"
      spellCheck={false}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.trim())}
      error={error}
    />
  );
}
