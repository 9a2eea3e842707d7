import { Button, Group, List, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/client';
import type { PatientFlag, PatientPatchInput as PatientPatch } from '../../../contracts/patients.ts';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrorMap } from '../../components/fieldErrors';
import { FlagBadges, flagText } from '../../components/FlagBadges';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFocusWhen } from '../../components/useFocusWhen';
import { flagLabel, KNOWN_FLAGS, REGIONS } from '../../lib/format';

/** A flag as the API takes it back: empty optional parts left out. */
export function flagInput(f: PatientFlag): PatientFlag {
  const input: PatientFlag = { flag: f.flag };
  if (f.region) input.region = f.region;
  if (f.note) input.note = f.note;
  return input;
}

interface Props {
  flags: PatientFlag[];
  editable: boolean;
  save: (body: PatientPatch) => Promise<void>;
}

export function FlagsSection({ flags, editable, save }: Props) {
  const [adding, setAdding] = useState(false);
  const [flag, setFlag] = useState(KNOWN_FLAGS[0] ?? 'anticoagulated');
  const [region, setRegion] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  useFocusWhen(adding, formRef, addButtonRef);

  const reset = () => {
    setRegion('');
    setNote('');
    setError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // The form's select offers only the vocabulary's flags and regions.
      const added = flagInput({
        flag: flag as PatientFlag['flag'],
        region: (region || null) as PatientFlag['region'],
        note: note.trim() || null,
      });
      await save({ flags: [...flags.map(flagInput), added] });
      setSaved(`Added flag: ${flagText(added)}.`);
      reset();
      setAdding(false);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (index: number) => {
    const removed = flags[index];
    setError(undefined);
    try {
      await save({ flags: flags.filter((_, i) => i !== index).map(flagInput) });
      if (removed) setSaved(`Removed flag: ${flagText(removed)}.`);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const server = fieldErrorMap(error);
  const prefix = `flags/${flags.length}/`;
  const shownPaths = ['flag', 'region', 'note'].map((n) => `${prefix}${n}`);

  return (
    <Stack gap="sm" component="section" aria-labelledby="flags-title">
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id="flags-title">
          Flags
        </Title>
        {editable && !adding ? (
          <Button
            ref={addButtonRef}
            variant="light"
            size="sm"
            onClick={() => {
              setSaved('');
              setAdding(true);
            }}
          >
            Add flag
          </Button>
        ) : null}
      </Group>
      <Text size="sm" role="status">
        {saved}
      </Text>
      {!adding ? <ProblemAlert error={error} title="The flags were not saved" /> : null}
      {flags.length === 0 ? (
        <Text size="sm">No flags.</Text>
      ) : (
        <List listStyleType="none" spacing="xs" aria-label="Flags">
          {flags.map((f, i) => (
            <List.Item key={`${f.flag}:${f.region ?? ''}:${i}`}>
              <Group gap="sm" wrap="wrap">
                <FlagBadges flags={[f]} />
                {f.note ? <Text size="sm">{f.note}</Text> : null}
                {editable ? (
                  <ConfirmButton
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove flag ${flagText(f)}`}
                    confirmLabel="Remove flag"
                    message={`Remove the flag “${flagText(f)}” from this record?`}
                    onConfirm={() => remove(i)}
                  >
                    Remove
                  </ConfirmButton>
                ) : null}
              </Group>
            </List.Item>
          ))}
        </List>
      )}

      {editable && adding ? (
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="add-flag-title">
          <Stack gap="sm" p="md" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            <Title order={3} size="h5" id="add-flag-title">
              Add a flag
            </Title>
            <ProblemAlert error={error} shownPaths={shownPaths} title="The flag was not saved" />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect
                label="Flag"
                value={flag}
                onChange={(e) => setFlag(e.currentTarget.value)}
                error={server[`${prefix}flag`]}
                data={KNOWN_FLAGS.map((f) => ({ value: f, label: flagLabel(f) }))}
              />
              <NativeSelect
                label="Body region"
                description="Only if it applies to one region"
                value={region}
                onChange={(e) => setRegion(e.currentTarget.value)}
                error={server[`${prefix}region`]}
                data={[
                  { value: '', label: 'Whole body' },
                  ...REGIONS.map((r) => ({ value: r.id, label: r.label })),
                ]}
              />
              <TextInput
                label="Note"
                description="Optional"
                autoComplete="off"
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                error={server[`${prefix}note`]}
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={busy}>
                Save flag
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  reset();
                  setAdding(false);
                }}
              >
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}
