import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { query } from '../../api/client';
import type { PatientSearchResult } from '../../../contracts/patients.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { FlagBadges } from '../../components/FlagBadges';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { usePageTitle } from '../../components/usePageTitle';
import { birthDateWithAge, humanize } from '../../lib/format';
import { usePatientSearchMemory } from './PatientSearchMemory';

export function PatientsPage() {
  usePageTitle('Patients');
  const [remembered, remember] = usePatientSearchMemory();
  const [input, setInput] = useState(remembered);
  const [q] = useDebouncedValue(input.trim(), 300);

  useEffect(() => remember(input), [input, remember]);

  const { data, error, loading } = useApiGet<Results<PatientSearchResult>>(`/api/v1/patients${query({ q })}`);
  const results = data?.results ?? [];

  let status = '';
  if (data) {
    if (results.length === 0) status = q ? `No patients match “${q}”.` : 'No patients yet.';
    else
      status = `${results.length} patient${results.length === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}.`;
  }

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>Patients</Title>
        <Button component={Link} to="/app/patients/new">
          New patient
        </Button>
      </Group>

      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          type="search"
          label="Search patients"
          description="Name, or date of birth as YYYY-MM-DD"
          value={input}
          onChange={(e) => setInput(e.currentTarget.value)}
          maw={480}
          autoComplete="off"
          spellCheck={false}
        />
      </form>

      <ProblemAlert error={error} title="Could not load patients" />
      <Text size="sm" role="status" aria-live="polite">
        {status}
      </Text>
      {loading && !data ? <Loading label="Loading patients…" /> : null}

      {results.length > 0 ? (
        <ScrollTable label="Patients" minWidth={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Date of birth</Table.Th>
              <Table.Th scope="col">Sex</Table.Th>
              <Table.Th scope="col">Phone</Table.Th>
              <Table.Th scope="col">Flags</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`/app/patients/${encodeURIComponent(p.id)}`}>
                    {p.name || `${p.givenName} ${p.familyName}`}
                  </Anchor>
                </Table.Th>
                <Table.Td className="nowrap">{p.birthDate ? birthDateWithAge(p.birthDate) : '—'}</Table.Td>
                {'limited' in p ? (
                  // A restricted record outside the caller's care team: its name and birth date only.
                  <Table.Td colSpan={3}>
                    <Text size="sm" c="dimmed">
                      Restricted record
                    </Text>
                  </Table.Td>
                ) : (
                  <>
                    <Table.Td>{humanize(p.sex)}</Table.Td>
                    <Table.Td className="nowrap">{p.phone ?? '—'}</Table.Td>
                    <Table.Td>
                      <FlagBadges flags={p.flags ?? []} />
                    </Table.Td>
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      ) : null}
    </Stack>
  );
}
