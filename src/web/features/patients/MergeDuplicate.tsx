import { Alert, Button, Group, Modal, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { api, query, toApiError, type ApiError } from '../../api/client';
import type { PatientSummary } from '../../../contracts/patients.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { ProblemAlert } from '../../components/ProblemAlert';
import { birthDateWithAge } from '../../lib/format';
import type { MergePreview } from '../../../contracts/patients.ts';
import { MOVE_LABELS } from './mergeTypes';

/**
 * "Merge duplicate…" on a patient's record: find the other record of the same person, see what
 * would move, confirm. This record is kept; the other becomes a tombstone pointing here.
 */
export function MergeDuplicate({
  patientId,
  patientName,
  onMerged,
}: {
  patientId: string;
  patientName: string;
  onMerged: (message: string) => void;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const [input, setInput] = useState('');
  const [q] = useDebouncedValue(input.trim(), 300);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();

  const search = useApiGet<Results<PatientSummary>>(
    opened && q.length >= 2 ? `/api/v1/patients${query({ q, limit: 20 })}` : null,
  );
  const candidates = (search.data?.results ?? []).filter((p) => p.id !== patientId);
  const preview = useApiGet<MergePreview>(
    opened && chosen
      ? `/api/v1/patients/merge-preview${query({ survivorId: patientId, duplicateId: chosen })}`
      : null,
  );

  const reset = () => {
    setInput('');
    setChosen(null);
    setError(undefined);
    close();
  };

  const merge = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/v1/patients/merge', { survivorId: patientId, duplicateId: chosen });
      const name = preview.data?.duplicate.name ?? 'The duplicate record';
      reset();
      onMerged(`${name} was merged into this record.`);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const moves = preview.data?.moves;
  const total = moves ? MOVE_LABELS.reduce((sum, [k]) => sum + moves[k], 0) : 0;
  return (
    <>
      <Button variant="default" size="sm" onClick={open}>
        Merge duplicate…
      </Button>
      <Modal opened={opened} onClose={reset} title="Merge a duplicate into this record" size="lg">
        <Stack gap="md">
          <Text size="sm">
            Everything recorded under the duplicate moves to <strong>{patientName}</strong>. The duplicate is
            kept as a pointer to this record and no longer appears in searches. Check that both are the same
            person.
          </Text>
          <TextInput
            type="search"
            label="Find the duplicate record"
            description="Name or date of birth (YYYY-MM-DD)"
            value={input}
            onChange={(e) => {
              setInput(e.currentTarget.value);
              setChosen(null);
            }}
            data-autofocus
          />
          <ProblemAlert error={search.error} title="Could not search" />
          {q.length >= 2 && search.data ? (
            candidates.length === 0 ? (
              <Text size="sm" role="status">
                No other record matches “{q}”.
              </Text>
            ) : (
              <Radio.Group
                label="Duplicate record"
                value={chosen ?? ''}
                onChange={(v) => setChosen(v || null)}
              >
                <Stack gap={6} mt={6}>
                  {candidates.map((p) => (
                    <Radio
                      key={p.id}
                      value={p.id}
                      label={`${p.name}, born ${birthDateWithAge(p.birthDate)}`}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )
          ) : null}
          <ProblemAlert error={preview.error} title="This merge is not possible" />
          {preview.data && moves ? (
            <Stack gap="xs">
              <Text size="sm" fw={700}>
                What moves from {preview.data.duplicate.name} (born {preview.data.duplicate.birthDate})
              </Text>
              {total === 0 ? (
                <Text size="sm">Nothing is recorded under the duplicate.</Text>
              ) : (
                <Table withTableBorder striped aria-label="What the merge moves">
                  <Table.Tbody>
                    {MOVE_LABELS.filter(([k]) => moves[k] > 0).map(([k, label]) => (
                      <Table.Tr key={k}>
                        <Table.Th scope="row" fw={400}>
                          {label}
                        </Table.Th>
                        <Table.Td ta="right">{moves[k]}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {preview.data.duplicate.restricted && !preview.data.survivor.restricted ? (
                <Alert color="amber">
                  The duplicate is restricted, so this record becomes restricted too.
                </Alert>
              ) : null}
            </Stack>
          ) : null}
          <ProblemAlert error={error} title="The records were not merged" />
          <Group justify="flex-end">
            <Button variant="default" onClick={reset}>
              Cancel
            </Button>
            <Button color="red" disabled={!preview.data} loading={busy} onClick={() => void merge()}>
              Merge into this record
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
