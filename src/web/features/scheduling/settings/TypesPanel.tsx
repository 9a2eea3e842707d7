import {
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import { useApiGet } from '../../../api/useApi';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { fieldErrorMap, normalizePath } from '../../../components/fieldErrors';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { durationLabel, priceLabel } from '../api';
import { createType, patchType, retireType, TYPES_PATH } from './api';
import {
  minutesLabel,
  newTypeDraft,
  slugify,
  typeBody,
  typeDraftFrom,
  typePatch,
  typeServerField,
  validateType,
  type TypeDraft,
  type TypeField,
} from './forms';
import type { ManagedType } from './types';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" fw={500}>
        {children}
      </Text>
    </div>
  );
}

function TypeForm({
  original,
  onSaved,
  onCancel,
}: {
  original: ManagedType | null;
  onSaved: (t: ManagedType, created: boolean) => void;
  onCancel: () => void;
}) {
  const isNew = original === null;
  const [draft, setDraft] = useState<TypeDraft>(() => (original ? typeDraftFrom(original) : newTypeDraft()));
  const [codeEdited, setCodeEdited] = useState(false);
  const [local, setLocal] = useState<Partial<Record<TypeField, string>>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');

  const set = (patch: Partial<TypeDraft>) => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      if (isNew && !codeEdited && patch.name !== undefined) next.code = slugify(patch.name);
      return next;
    });
    setLocal((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch) as TypeField[]) delete next[k];
      if (patch.name !== undefined) delete next.code;
      return next;
    });
    setNote('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = validateType(draft, isNew);
    setLocal(errors);
    if (Object.keys(errors).length) {
      const first = Object.keys(errors)[0];
      window.requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus(),
      );
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      if (isNew) {
        onSaved(await createType({ code: draft.code.trim(), ...typeBody(draft) }), true);
      } else {
        const patch = typePatch(original, draft);
        if (Object.keys(patch).length === 0) {
          setNote('Nothing has changed.');
          return;
        }
        onSaved(await patchType(original.id, patch), false);
      }
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const server: Partial<Record<TypeField, string>> = {};
  for (const [path, message] of Object.entries(fieldErrorMap(error))) {
    const field = typeServerField(path);
    if (field) server[field] = message;
  }
  // A duplicate id comes back as a 409 with no field: it belongs beside the id.
  if (error?.status === 409 && isNew) server.code = error.problem.detail ?? 'That id is taken.';
  const errors = { ...server, ...local };
  const shown = (error?.fieldErrors ?? [])
    .map((f) => normalizePath(f.path))
    .filter((p) => typeServerField(p));

  const num = (
    field: TypeField,
    label: string,
    props: { min: number; max: number; description?: string; decimals?: boolean },
  ) => (
    <NumberInput
      label={label}
      required
      data-field={field}
      min={props.min}
      max={props.max}
      allowNegative={false}
      allowDecimal={!!props.decimals}
      decimalScale={props.decimals ? 2 : undefined}
      clampBehavior="none"
      description={props.description}
      value={draft[field] as number | string}
      onChange={(v) => set({ [field]: v })}
      error={errors[field]}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error && !(error.status === 409 && isNew) ? (
          <ProblemAlert error={error} shownPaths={shown} title="The visit type was not saved" />
        ) : null}
        <TextInput
          label="Name"
          required
          data-field="name"
          description="Shown to patients when they book online."
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={errors.name}
        />
        {isNew ? (
          <TextInput
            label="Id"
            required
            data-field="code"
            description="Short and permanent: lowercase letters, digits and hyphens (used in links and reports)."
            value={draft.code}
            onChange={(e) => {
              setCodeEdited(true);
              set({ code: e.currentTarget.value });
            }}
            error={errors.code}
            autoComplete="off"
          />
        ) : (
          <Text size="sm">
            Id: <code>{original.id}</code> (cannot change)
          </Text>
        )}
        <Textarea
          label="Description (optional)"
          autosize
          minRows={2}
          maxLength={1000}
          value={draft.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={errors.description}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {num('durationMinutes', 'Length (minutes)', { min: 5, max: 480 })}
          {num('slotIntervalMinutes', 'Start times every (minutes)', {
            min: 5,
            max: 240,
            description: 'e.g. 15 offers 9:00, 9:15, 9:30…',
          })}
          {num('bufferBeforeMinutes', 'Buffer before (minutes)', {
            min: 0,
            max: 240,
            description: 'Kept free before the visit',
          })}
          {num('bufferAfterMinutes', 'Buffer after (minutes)', {
            min: 0,
            max: 240,
            description: 'Notes, room turnover',
          })}
          {num('minNoticeHours', 'Minimum notice (hours)', {
            min: 0,
            max: 720,
            decimals: true,
            description: 'No online booking closer to the start',
          })}
          {num('horizonDays', 'Bookable up to (days ahead)', { min: 1, max: 730 })}
        </SimpleGrid>
        <NumberInput
          label="Self-pay price (USD, optional)"
          description="Leave empty when there is no self-pay price."
          data-field="selfPayPrice"
          min={0}
          max={100000}
          decimalScale={2}
          allowNegative={false}
          clampBehavior="none"
          prefix="$"
          thousandSeparator=","
          value={draft.selfPayPrice}
          onChange={(v) => set({ selfPayPrice: v })}
          error={errors.selfPayPrice}
          maw={260}
        />
        <Switch
          label="Patients can book it online"
          checked={draft.bookableOnline}
          onChange={(e) => set({ bookableOnline: e.currentTarget.checked })}
        />
        <Switch
          label="New patients only"
          description="Requires intake consent before the visit."
          checked={draft.newPatientOnly}
          onChange={(e) => set({ newPatientOnly: e.currentTarget.checked })}
        />
        <Text size="sm" role="status" aria-live="polite">
          {note}
        </Text>
        <Group gap="sm" justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {isNew ? 'Create visit type' : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TypeCard({
  type,
  onEdit,
  onRetire,
  onRestore,
}: {
  type: ManagedType;
  onEdit: () => void;
  onRetire: () => Promise<void>;
  onRestore: () => Promise<void>;
}) {
  const price = priceLabel(type)?.replace(/ self-pay$/, '');
  return (
    <Paper component="li" withBorder radius="md" p="md" style={type.active ? undefined : { opacity: 0.85 }}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Title order={3} size="h5">
              {type.name}
            </Title>
            <Text size="xs" c="dimmed">
              {type.id}
            </Text>
          </div>
          <Badge variant="light" color="gray" tt="none" style={{ flexShrink: 0 }}>
            {durationLabel(type.durationMinutes)}
          </Badge>
        </Group>
        <Group gap={6}>
          {!type.active ? (
            <Badge color="gray" tt="none">
              Retired
            </Badge>
          ) : null}
          <Badge variant="outline" color={type.bookableOnline ? 'sage' : 'gray'} tt="none">
            {type.bookableOnline ? 'Online booking' : 'Staff booking only'}
          </Badge>
          {type.newPatientOnly ? (
            <Badge variant="outline" color="sage" tt="none">
              New patients only
            </Badge>
          ) : null}
        </Group>
        <SimpleGrid component="dl" cols={2} spacing="xs" verticalSpacing={6} m={0}>
          <Fact label="Buffers">
            {type.bufferBeforeMinutes || type.bufferAfterMinutes
              ? `${minutesLabel(type.bufferBeforeMinutes)} before · ${minutesLabel(type.bufferAfterMinutes)} after`
              : 'none'}
          </Fact>
          <Fact label="Start times">every {minutesLabel(type.slotIntervalMinutes)}</Fact>
          <Fact label="Minimum notice">{minutesLabel(type.minNoticeMinutes)}</Fact>
          <Fact label="Bookable">up to {type.horizonDays} days ahead</Fact>
          <Fact label="Self-pay">{price ?? 'none'}</Fact>
        </SimpleGrid>
        <Group gap="xs">
          <Button variant="default" size="compact-sm" onClick={onEdit} aria-label={`Edit ${type.name}`}>
            Edit
          </Button>
          {type.active ? (
            <ConfirmButton
              variant="default"
              color="red"
              size="compact-sm"
              aria-label={`Retire ${type.name}`}
              confirmLabel="Retire visit type"
              message={`Retire “${type.name}”? It can no longer be booked; appointments already booked keep it. You can bring it back later.`}
              onConfirm={onRetire}
            >
              Retire
            </ConfirmButton>
          ) : (
            <Button
              variant="default"
              size="compact-sm"
              onClick={() => void onRestore()}
              aria-label={`Bring back ${type.name}`}
            >
              Bring back
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Appointment (visit) types of the clinic: front desk and administrators. */
export function TypesPanel() {
  const { data, error: loadError, loading, reload } = useApiGet<ManagedType[]>(TYPES_PATH);
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;
  const [editing, setEditing] = useState<ManagedType | 'new' | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [status, setStatus] = useState('');

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setStatus('');
    try {
      await fn();
      setStatus(done);
      reload();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const types = [...(data ?? [])].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name),
  );
  return (
    <Stack gap="sm" component="section" aria-labelledby="types-title">
      <Group justify="space-between" align="center" gap="xs">
        <Title order={2} size="h3" id="types-title">
          Visit types
        </Title>
        <Button onClick={() => setEditing('new')}>New visit type</Button>
      </Group>
      <Text size="sm" c="dimmed">
        What can be booked, for how long, and how far ahead. Changes apply to new bookings; booked
        appointments keep their times.
      </Text>
      <ProblemAlert error={loadError} title="Could not load the visit types" />
      <ProblemAlert error={error} title="The visit type was not changed" />
      <Text size="sm" role="status" aria-live="polite" c="sage.9" fw={500}>
        {status}
      </Text>
      {loading && !data ? <Loading label="Loading visit types…" /> : null}
      {data && types.length === 0 ? <Text>No visit types yet. Create the first one.</Text> : null}
      <SimpleGrid
        component="ul"
        cols={{ base: 1, sm: 2 }}
        spacing="sm"
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
        aria-label="Visit types"
      >
        {types.map((t) => (
          <TypeCard
            key={t.id}
            type={t}
            onEdit={() => setEditing(t)}
            onRetire={() => act(() => retireType(t.id), `Retired “${t.name}”.`)}
            onRestore={() => act(() => patchType(t.id, { active: true }), `“${t.name}” can be booked again.`)}
          />
        ))}
      </SimpleGrid>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New visit type' : editing ? `Edit ${editing.name}` : ''}
        fullScreen={narrow}
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {editing !== null ? (
          <TypeForm
            key={editing === 'new' ? 'new' : editing.id}
            original={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(t, created) => {
              setEditing(null);
              setStatus(created ? `Created “${t.name}”.` : `Saved “${t.name}”.`);
              reload();
            }}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}
