import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, query, toApiError, type ApiError } from '../../api/client';
import type { AuditEntry, AuditOutcome, AuditVerifyResult, Results } from '../../api/types';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { usePageTitle } from '../../components/usePageTitle';
import { formatInstant, roleLabel } from '../../lib/format';

const FILTERS = ['patientId', 'userId', 'action', 'outcome', 'emergency', 'from', 'to'] as const;
type FilterKey = (typeof FILTERS)[number];
type Filters = Record<FilterKey, string>;

type SortKey = 'at' | 'userId' | 'action' | 'resourceType' | 'patientId' | 'outcome';
type Order = 'asc' | 'desc';
const SORT_KEYS: readonly SortKey[] = ['at', 'userId', 'action', 'resourceType', 'patientId', 'outcome'];

function filtersFrom(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

function outcomeColor(outcome: AuditOutcome): string {
  if (outcome === 'denied') return 'amber';
  if (outcome === 'error') return 'red';
  return 'sage';
}

function SortHeader({
  label,
  column,
  sort,
  order,
  onSort,
}: {
  label: string;
  column: SortKey;
  sort: SortKey;
  order: Order;
  onSort: (column: SortKey) => void;
}) {
  const active = sort === column;
  const ariaSort = active ? (order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <Table.Th scope="col" aria-sort={ariaSort}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">{active ? (order === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </Table.Th>
  );
}

/** The "Verify chain" button, with `before` (other actions) on the same row and the result below. */
function VerifyChain({ before }: { before: ReactNode }) {
  const [result, setResult] = useState<AuditVerifyResult | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.get<AuditVerifyResult>('/api/v1/audit/verify'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Group gap="sm">
        {before}
        <Button variant="default" onClick={verify} loading={busy}>
          Verify chain
        </Button>
      </Group>
      <div role="status" aria-live="polite">
        {result?.ok ? (
          <Alert color="sage" title="Audit chain intact">
            {result.checked.toLocaleString()} entries checked; none were changed or removed.
          </Alert>
        ) : null}
        {result && !result.ok ? (
          <Alert color="red" title="Audit chain broken">
            <Text size="sm">
              {result.checked.toLocaleString()} entries checked; {result.problems.length} problem
              {result.problems.length === 1 ? '' : 's'} found. Entries may have been altered or deleted: keep
              a copy of the database and investigate.
            </Text>
            <List size="sm" mt="xs">
              {result.problems.slice(0, 50).map((p) => (
                <List.Item key={`${p.seq}:${p.message}`}>
                  Entry {p.seq}: {p.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
      </div>
      <ProblemAlert error={error} title="Could not verify the audit chain" />
    </Stack>
  );
}

/** The filter form; keyed by the applied filters so "back" in the browser resets it. */
function AuditFilters({ applied, onApply }: { applied: Filters; onApply: (filters: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(applied);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      ...draft,
      patientId: draft.patientId.trim(),
      userId: draft.userId.trim(),
      action: draft.action.trim(),
    });
  };

  const clear = () => {
    const empty = Object.fromEntries(FILTERS.map((k) => [k, ''])) as Filters;
    setDraft(empty);
    onApply(empty);
  };

  const set = (key: FilterKey) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };

  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={apply} aria-labelledby="audit-filters-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="audit-filters-title">
            Filters
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
            <TextInput
              label="Patient ID"
              value={draft.patientId}
              onChange={set('patientId')}
              autoComplete="off"
            />
            <TextInput label="User ID" value={draft.userId} onChange={set('userId')} autoComplete="off" />
            <TextInput
              label="Action"
              description="For example patient.read"
              value={draft.action}
              onChange={set('action')}
              autoComplete="off"
            />
            <NativeSelect
              label="Outcome"
              value={draft.outcome}
              onChange={set('outcome')}
              data={[
                { value: '', label: 'Any outcome' },
                { value: 'success', label: 'Success' },
                { value: 'denied', label: 'Denied' },
                { value: 'error', label: 'Error' },
              ]}
            />
            <NativeSelect
              label="Emergency access"
              value={draft.emergency}
              onChange={set('emergency')}
              data={[
                { value: '', label: 'All entries' },
                { value: 'true', label: 'Emergency access only' },
              ]}
            />
            <TextInput label="From" type="date" value={draft.from} onChange={set('from')} />
            <TextInput label="To" type="date" value={draft.to} onChange={set('to')} />
          </SimpleGrid>
          <Group>
            <Button type="submit">Apply filters</Button>
            <Button variant="default" onClick={clear}>
              Clear
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export function AuditPage() {
  usePageTitle('Audit log');
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const applied = filtersFrom(params);

  const sortParam = params.get('sort') as SortKey | null;
  const sort: SortKey = sortParam && SORT_KEYS.includes(sortParam) ? sortParam : 'at';
  const order: Order =
    params.get('order') === 'asc'
      ? 'asc'
      : params.get('order') === 'desc'
        ? 'desc'
        : sort === 'at'
          ? 'desc'
          : 'asc';

  const apiQuery = { ...applied, sort: params.get('sort'), order: params.get('order') };
  const { data, error, loading } = useApiGet<Results<AuditEntry>>(`/api/v1/audit${query(apiQuery)}`);
  const csvHref = `/api/v1/audit${query({ ...apiQuery, format: 'csv' })}`;

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const onSort = (column: SortKey) => {
    const nextOrder: Order =
      column === sort ? (order === 'asc' ? 'desc' : 'asc') : column === 'at' ? 'desc' : 'asc';
    update({ sort: column, order: nextOrder });
  };

  const results = data?.results ?? [];
  const tz = me.clinic.timeZone;

  return (
    <Stack gap="lg">
      <Title order={1}>Audit log</Title>
      <Text size="sm" maw={720}>
        Every read and change of patient data, sign-in and refused attempt is recorded here. Times are shown
        in the clinic&apos;s time zone ({tz}).
      </Text>

      <AuditFilters key={FILTERS.map((k) => applied[k]).join('|')} applied={applied} onApply={update} />

      <VerifyChain
        before={
          <Button component="a" href={csvHref} download="audit.csv" variant="default">
            Export CSV
          </Button>
        }
      />

      <ProblemAlert error={error} title="Could not load the audit log" />
      <Text size="sm" role="status" aria-live="polite">
        {data ? `${results.length} entr${results.length === 1 ? 'y' : 'ies'}.` : ''}
      </Text>
      {loading && !data ? <Loading label="Loading the audit log…" /> : null}

      {results.length > 0 ? (
        <ScrollTable label="Audit entries" minWidth={980} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <SortHeader label="Time" column="at" sort={sort} order={order} onSort={onSort} />
              <SortHeader label="User" column="userId" sort={sort} order={order} onSort={onSort} />
              <Table.Th scope="col">Role</Table.Th>
              <SortHeader label="Action" column="action" sort={sort} order={order} onSort={onSort} />
              <SortHeader label="Resource" column="resourceType" sort={sort} order={order} onSort={onSort} />
              <SortHeader label="Patient" column="patientId" sort={sort} order={order} onSort={onSort} />
              <SortHeader label="Outcome" column="outcome" sort={sort} order={order} onSort={onSort} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {results.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td className="nowrap">{formatInstant(e.at, tz, true)}</Table.Td>
                <Table.Td>{e.userEmail ?? e.userId ?? '—'}</Table.Td>
                <Table.Td>{roleLabel(e.role)}</Table.Td>
                <Table.Td>
                  <code>{e.action}</code>
                </Table.Td>
                <Table.Td>
                  {e.resourceType ?? '—'}
                  {e.resourceId ? (
                    <Text size="xs" c="dimmed" component="div" ff="monospace" className="nowrap">
                      {e.resourceId}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {e.patientId ? (
                    <Anchor
                      component={Link}
                      to={`/app/patients/${encodeURIComponent(e.patientId)}`}
                      size="xs"
                      ff="monospace"
                      className="nowrap"
                    >
                      {e.patientId}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="wrap">
                    <Badge variant="light" color={outcomeColor(e.outcome)} tt="none">
                      {e.outcome}
                    </Badge>
                    {e.emergency ? (
                      <Badge color="red" tt="none">
                        Emergency
                      </Badge>
                    ) : null}
                  </Group>
                  {e.reason ? (
                    <Text size="xs" mt={2}>
                      Reason: {e.reason}
                    </Text>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      ) : null}
    </Stack>
  );
}
