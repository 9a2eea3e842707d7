import { Badge, Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { query } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { ExerciseForm } from './ExerciseForm';
import { regionNames, type ExerciseView } from './text';

function ExerciseCard({ e, onEdit }: { e: ExerciseView; onEdit: () => void }) {
  const titleId = `exercise-${e.id}`;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-labelledby={titleId}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h5" id={titleId}>
            {e.name}
          </Title>
          <Group gap={6}>
            <Badge variant="light" color={e.builtin ? 'gray' : 'sage'} tt="none">
              {e.builtin ? 'Built-in' : 'Clinic’s own'}
            </Badge>
            {!e.builtin && (
              <Button size="xs" variant="light" onClick={onEdit} aria-label={`Change ${e.name}`}>
                Change
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm">{e.purpose}</Text>
        <Text size="sm" c="dimmed">
          Body regions: {regionNames(e.regions)}
        </Text>
        <details>
          <summary style={{ cursor: 'pointer' }}>Steps and cautions</summary>
          <List type="ordered" size="sm" spacing={2} mt={4}>
            {e.steps.map((s, i) => (
              <List.Item key={i}>{s}</List.Item>
            ))}
          </List>
          {e.cautions.length > 0 && (
            <List size="sm" spacing={2} mt={4}>
              {e.cautions.map((c, i) => (
                <List.Item key={i}>{c}</List.Item>
              ))}
            </List>
          )}
        </details>
      </Stack>
    </Paper>
  );
}

/** `/app/exercises`: the exercise library for clinicians and admins — search it, add and change the clinic's own. */
export default function LibraryPage() {
  usePageTitle('Exercise library');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const res = useApiGet<{ results: ExerciseView[] }>(`/api/v1/exercises${query({ q: debounced.trim() })}`);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const list = res.data?.results ?? [];
  return (
    <Stack gap="md" maw={860}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>Exercise library</Title>
        {!adding && (
          <Button variant="light" onClick={() => setAdding(true)}>
            Add exercise
          </Button>
        )}
      </Group>
      <Text size="sm">
        Home exercises to prescribe from a patient’s record. The built-in ones are written in our own plain
        words; add your clinic’s own beside them.
      </Text>
      {adding && (
        <Paper withBorder p="md" radius="md">
          <ExerciseForm
            onCancel={() => setAdding(false)}
            onSaved={() => {
              setAdding(false);
              res.reload();
            }}
          />
        </Paper>
      )}
      <TextInput
        label="Search exercises"
        placeholder="Name, purpose or body region, e.g. neck"
        type="search"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {res.loading && !res.data ? <Loading label="Loading the library…" /> : null}
      <ProblemAlert error={res.error} />
      {res.data && (
        <Text size="sm" role="status">
          {list.length} {list.length === 1 ? 'exercise' : 'exercises'}
        </Text>
      )}
      {list.map((e) =>
        editing === e.id ? (
          <Paper key={e.id} withBorder p="md" radius="md">
            <ExerciseForm
              editing={e}
              onCancel={() => setEditing(null)}
              onSaved={() => {
                setEditing(null);
                res.reload();
              }}
            />
          </Paper>
        ) : (
          <ExerciseCard key={e.id} e={e} onEdit={() => setEditing(e.id)} />
        ),
      )}
    </Stack>
  );
}
