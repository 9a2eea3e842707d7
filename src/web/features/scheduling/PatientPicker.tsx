import { Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { query } from '../../api/client';
import type { PatientSummary } from '../../../contracts/patients.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { birthDateWithAge } from '../../lib/format';

interface Props {
  selectedId: string | null;
  onPick: (patient: PatientSummary) => void;
  /** Focus the search box when shown (a dialog, or a step that just opened). */
  autoFocus?: boolean;
  maxResults?: number;
}

/**
 * Search the clinic's patients by name or birth date and pick one. The query stays in React state:
 * a name in the address bar would land in the browser history.
 */
export function PatientPicker({ selectedId, onPick, autoFocus = false, maxResults = 8 }: Props) {
  const [input, setInput] = useState('');
  const [q] = useDebouncedValue(input.trim(), 250);
  const { data, error, loading } = useApiGet<Results<PatientSummary>>(
    q ? `/api/v1/patients${query({ q })}` : null,
  );
  const results = (data?.results ?? []).slice(0, maxResults);
  let status = '';
  if (q && data)
    status =
      results.length === 0
        ? `No patients match “${q}”.`
        : `${results.length}${(data.results.length ?? 0) > maxResults ? '+' : ''} patient${
            results.length === 1 ? '' : 's'
          } found.`;

  return (
    <Stack gap="xs">
      <TextInput
        type="search"
        label="Find the patient"
        description="Name, or date of birth as YYYY-MM-DD"
        value={input}
        onChange={(e) => setInput(e.currentTarget.value)}
        autoComplete="off"
        spellCheck={false}
        data-autofocus={autoFocus || undefined}
        size="md"
      />
      <ProblemAlert error={error} title="Could not search patients" />
      <Text size="sm" role="status" aria-live="polite">
        {status}
      </Text>
      {loading && !data ? <Loading label="Searching…" /> : null}
      {results.length > 0 ? (
        <Stack
          gap={6}
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label="Matching patients"
        >
          {results.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="choice-card"
                aria-current={selectedId === p.id ? 'true' : undefined}
                onClick={() => onPick(p)}
              >
                <Text fw={700} component="span" display="block">
                  {p.name}
                  {selectedId === p.id ? ' (selected)' : ''}
                </Text>
                <Text size="sm" c="dimmed" component="span" display="block">
                  Born {birthDateWithAge(p.birthDate)}
                </Text>
              </button>
            </li>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
