import { Alert, Badge, Button, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, request, toApiError, type ApiError } from '../../api/client';
import type { ListStatus } from '../../../contracts/patients.ts';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFocusWhen } from '../../components/useFocusWhen';
import { RecordedBy } from './listStatus';

/** An entry of a coded list: an id once saved, an optional RxNorm code. */
export interface ListItem {
  id?: string;
  code?: string | null;
}

/** The editor's form: its values, a setter, and the message of a field (typed or from the server). */
export interface FieldsProps<V> {
  values: V;
  setValues: (values: V) => void;
  fieldError: (name: string) => string | undefined;
}

/**
 * What differs between the lists that share this editor (allergies, medications): the API paths,
 * how an entry is read, checked and sent, and every word on screen.
 */
export interface ListKind<Item extends ListItem, Values, Section> {
  /** Path below the patient: `allergies` (entries at `allergies/:id`). */
  path: string;
  /** Path below the patient of the list's answer: `allergy-status`. */
  statusPath: string;
  /** The answer "there are none": `none-known`, `none`. */
  noneStatus: string;
  /** The entries of the API's answer. */
  itemsOf: (section: Section) => Item[];
  /** The field names shown beside inputs (other field errors are listed above the form). */
  fields: readonly string[];
  empty: Values;
  valuesOf: (item: Item) => Values;
  validate: (values: Values) => Record<string, string>;
  /** The request body of a save (trimmed, emptied optional fields as null). */
  bodyOf: (values: Values) => Record<string, unknown>;
  /** An entry's name: `Penicillin`. */
  nameOf: (item: Item) => string;
  /** The name the form will save (trimmed), for the message after saving. */
  nameOfValues: (values: Values) => string;
  /** What is shown between an entry's name and its code (severity, dose…). */
  details: (item: Item) => ReactNode;
  /** The form's fields, laid out two by two. */
  Fields: (props: FieldsProps<Values>) => ReactNode;
  words: {
    /** `Allergies` (the heading, the list's name; `allergies-title` is its id). */
    title: string;
    /** `allergy` (`Add allergy`, `Edit allergy X`, `Removed allergy: X.`). */
    noun: string;
    /** `an allergy` (`Add an allergy`, `Change an allergy`). */
    aNoun: string;
    /** `Record no known allergies`. */
    recordNone: string;
    /** `Recorded: no known allergies.` */
    recordedNone: string;
    /** The badge of the "none" answer: `No known allergies`. */
    noneBadge: string;
    /** Added to "Added …" when the entry replaced the "none" answer. */
    noneReplaced: string;
    /** Added to "Removed …" when the last entry went. */
    nowEmpty: string;
    /** The title of the "not asked" note. */
    unknownTitle: string;
    unknownOwn: string;
    unknownEditor: string;
    unknownReader: string;
    /** The question of "Remove": the entry's name, and whether it is the last one. */
    removeMessage: (name: string, last: boolean) => string;
  };
}

interface Props<Item extends ListItem, Values, Section> {
  kind: ListKind<Item, Values, Section>;
  patientId: string;
  items: Item[];
  status: ListStatus<string> | undefined;
  canEdit: boolean;
  /** The patient's own view: wording addresses the patient. */
  ownRecord?: boolean;
  onChange: (section: Section) => void;
}

/**
 * A patient's list that needs an answer (FHIR's "no known allergies" and the like): not asked, none,
 * or the entries, with add, change and remove in an inline form. The allergy and medication
 * sections are this editor with their own fields and words.
 */
export function AnsweredListEditor<Item extends ListItem, Values, Section>({
  kind,
  patientId,
  items,
  status,
  canEdit,
  ownRecord,
  onChange,
}: Props<Item, Values, Section>) {
  const { words } = kind;
  const [form, setForm] = useState<{ editing: string | null } | null>(null);
  const [values, setValues] = useState<Values>(kind.empty);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  useFocusWhen(!!form, formRef, addButtonRef);

  const base = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const current = status?.status ?? (items.length ? 'recorded' : 'unknown');
  const titleId = `${words.title.toLowerCase()}-title`;
  const formTitleId = `${words.noun}-form-title`;
  const name = kind.nameOf;

  const open = (item: Item | null) => {
    setValues(item ? kind.valuesOf(item) : kind.empty);
    setLocalErrors({});
    setError(undefined);
    setSaved('');
    setForm({ editing: item?.id ?? null });
  };
  const close = () => {
    setForm(null);
    setLocalErrors({});
    setError(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const errors = kind.validate(values);
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const body = kind.bodyOf(values);
    const entry = kind.nameOfValues(values);
    setBusy(true);
    setError(undefined);
    try {
      if (form.editing) {
        onChange(await api.patch<Section>(`${base}/${kind.path}/${form.editing}`, body));
        setSaved(`Changed ${words.noun}: ${entry}.`);
      } else {
        const res = await api.post<Section & { replacedStatus?: string }>(`${base}/${kind.path}`, body);
        onChange(res);
        setSaved(
          `Added ${words.noun}: ${entry}.` +
            (res.replacedStatus === kind.noneStatus ? words.noneReplaced : ''),
        );
      }
      setForm(null);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (item: Item) => {
    setError(undefined);
    setSaved('');
    try {
      const res = await api.del<Section>(`${base}/${kind.path}/${item.id}`);
      onChange(res);
      setSaved(
        `Removed ${words.noun}: ${name(item)}.` + (kind.itemsOf(res).length === 0 ? words.nowEmpty : ''),
      );
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const recordNone = async () => {
    setError(undefined);
    setSaved('');
    try {
      onChange(await request<Section>('PUT', `${base}/${kind.statusPath}`, { status: kind.noneStatus }));
      setSaved(words.recordedNone);
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const server = fieldErrorMap(error);
  const fieldError = (field: string) => localErrors[field] ?? server[field];
  const { Fields } = kind;

  return (
    <Stack gap="sm" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="center">
        <Title order={2} size="h3" id={titleId}>
          {words.title}
        </Title>
        {canEdit && !form ? (
          <Group gap="xs">
            {items.length === 0 && current !== kind.noneStatus ? (
              <Button variant="default" size="sm" onClick={recordNone}>
                {words.recordNone}
              </Button>
            ) : null}
            <Button ref={addButtonRef} variant="light" size="sm" onClick={() => open(null)}>
              Add {words.noun}
            </Button>
          </Group>
        ) : null}
      </Group>
      <Text size="sm" role="status">
        {saved}
      </Text>
      {!form ? (
        <ProblemAlert error={error} title={`The ${words.title.toLowerCase()} were not saved`} />
      ) : null}

      {current === 'unknown' ? (
        <Alert color="amber" title={words.unknownTitle} p="sm" role="note">
          <Text size="sm">
            {ownRecord ? words.unknownOwn : canEdit ? words.unknownEditor : words.unknownReader}
          </Text>
        </Alert>
      ) : null}
      {current === kind.noneStatus ? (
        <Stack gap={2}>
          <Group gap="xs">
            <Badge color="sage" variant="light" tt="none" size="lg">
              {words.noneBadge}
            </Badge>
          </Group>
          <RecordedBy status={status} what="Recorded" />
        </Stack>
      ) : null}

      {items.length > 0 ? (
        <>
          <List listStyleType="none" spacing="xs" aria-label={words.title}>
            {items.map((item, i) => (
              <List.Item key={item.id ?? `${name(item)}-${i}`}>
                <Group gap="xs" wrap="wrap" align="center">
                  <Text fw={600}>{name(item)}</Text>
                  {kind.details(item)}
                  {item.code ? (
                    <Text size="xs" c="dimmed">
                      RxNorm {item.code}
                    </Text>
                  ) : null}
                  {canEdit && item.id && !form ? (
                    <Group gap={4}>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        aria-label={`Edit ${words.noun} ${name(item)}`}
                        onClick={() => open(item)}
                      >
                        Edit
                      </Button>
                      <ConfirmButton
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${words.noun} ${name(item)}`}
                        confirmLabel={`Remove ${words.noun}`}
                        message={words.removeMessage(name(item), items.length === 1)}
                        onConfirm={() => remove(item)}
                      >
                        Remove
                      </ConfirmButton>
                    </Group>
                  ) : null}
                </Group>
              </List.Item>
            ))}
          </List>
          <RecordedBy status={status} what="Last updated" />
        </>
      ) : null}

      {canEdit && form ? (
        <form ref={formRef} onSubmit={submit} noValidate aria-labelledby={formTitleId}>
          <Stack gap="sm" p="md" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
            <Title order={3} size="h5" id={formTitleId}>
              {form.editing ? `Change ${words.aNoun}` : `Add ${words.aNoun}`}
            </Title>
            <ProblemAlert
              error={error}
              shownPaths={kind.fields}
              title={form.editing ? 'The change was not saved' : `The ${words.noun} was not saved`}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Fields values={values} setValues={setValues} fieldError={fieldError} />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={busy}>
                {form.editing ? 'Save changes' : `Save ${words.noun}`}
              </Button>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}
