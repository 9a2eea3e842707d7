import {
  Alert,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { api, query, toApiError, type ApiError } from '../../api/client';
import type { AuditVerifyResult } from '../../../contracts/audit.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { AuditCards, AuditTable } from './AuditEntries';
import type { AuditReport } from '../../../contracts/audit.ts';
import { PatientFilterPicker, UserFilterPicker, type Picked } from './AuditPickers';
import {
  emptyFilters,
  FILTERS,
  filtersFrom,
  sortFrom,
  type Filters,
  type FilterKey,
  type Order,
  type SortKey,
} from './auditModel';

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

/** Who the applied filters are about, named by the report (a shared link carries ids only). */
interface Named {
  patient: Picked | null;
  user: Picked | null;
}

/** The filter form; keyed by the applied filters so "back" in the browser resets it. */
function AuditFilters({
  applied,
  named,
  onApply,
}: {
  applied: Filters;
  named: Named;
  onApply: (filters: Filters, named: Named) => void;
}) {
  const [draft, setDraft] = useState<Filters>(applied);
  const [patient, setPatient] = useState<Picked | null>(named.patient);
  const [user, setUser] = useState<Picked | null>(named.user);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply(
      { ...draft, patientId: patient?.id ?? '', userId: user?.id ?? '', action: draft.action.trim() },
      { patient, user },
    );
  };

  const clear = () => {
    setDraft(emptyFilters());
    setPatient(null);
    setUser(null);
    onApply(emptyFilters(), { patient: null, user: null });
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
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }}>
            <PatientFilterPicker value={patient} onChange={setPatient} />
            <UserFilterPicker value={user} onChange={setUser} />
            <TextInput
              label="From"
              description="First day, in the clinic’s time zone"
              type="date"
              value={draft.from}
              onChange={set('from')}
            />
            <TextInput
              label="To"
              description="Last day, included"
              type="date"
              value={draft.to}
              onChange={set('to')}
            />
            <TextInput
              label="Action"
              description="For example patient.read"
              value={draft.action}
              onChange={set('action')}
              autoComplete="off"
            />
            <NativeSelect
              label="Outcome"
              description="Refused attempts are “Denied”"
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
              description="Records opened in an emergency"
              value={draft.emergency}
              onChange={set('emergency')}
              data={[
                { value: '', label: 'All entries' },
                { value: 'true', label: 'Emergency access only' },
              ]}
            />
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

const SORT_CHOICES: { value: string; label: string }[] = [
  { value: 'at:desc', label: 'Newest first' },
  { value: 'at:asc', label: 'Oldest first' },
  { value: 'action:asc', label: 'Action, A to Z' },
  { value: 'resourceType:asc', label: 'Record kind, A to Z' },
  { value: 'outcome:asc', label: 'Outcome, A to Z' },
];

/** How many entries one report shows (the server's default page). */
const PAGE = 500;

export function AuditPage() {
  usePageTitle('Audit log');
  const { me } = useSession();
  const narrow =
    useMediaQuery('(max-width: 47.99em)', undefined, { getInitialValueInEffect: false }) ?? false;
  const [params, setParams] = useSearchParams();
  // Names of people picked in this tab, so applying a filter does not wait for the report to name them.
  const [picked, setPicked] = useState<Record<string, string>>({});
  const applied = filtersFrom(params);
  const { sort, order } = sortFrom(params);

  const apiQuery = { ...applied, sort: params.get('sort'), order: params.get('order') };
  const { data, error, loading } = useApiGet<AuditReport>(`/api/v1/audit${query(apiQuery)}`);
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
  const tz = data?.timeZone ?? me.clinic.timeZone;
  const filterKey = FILTERS.map((k) => applied[k]).join('|');
  const nameOf = (id: string, fromReport: string | null | undefined): Picked => ({
    id,
    name: picked[id] ?? fromReport ?? null,
  });
  const named: Named = {
    patient: applied.patientId ? nameOf(applied.patientId, data?.filters.patient?.name) : null,
    user: applied.userId ? nameOf(applied.userId, data?.filters.user?.name) : null,
  };
  // A shared link carries ids only: the form waits for the report to name its people.
  const namesReady =
    !!data || !!error || ((!named.patient || !!named.patient.name) && (!named.user || !!named.user.name));
  const applyFilters = (filters: Filters, chosen: Named) => {
    const names = [chosen.patient, chosen.user].filter((p): p is Picked => !!p?.name);
    if (names.length) setPicked((k) => ({ ...k, ...Object.fromEntries(names.map((p) => [p.id, p.name!])) }));
    update(filters);
  };

  let summary = '';
  if (data)
    summary =
      results.length === 0
        ? 'No entries match these filters.'
        : results.length >= PAGE
          ? `The ${results.length} most recent matching entries are shown; narrow the filters to see older ones.`
          : `${results.length} entr${results.length === 1 ? 'y' : 'ies'}.`;

  return (
    <Stack gap="lg">
      <Title order={1}>Audit log</Title>
      <Text size="sm" maw={720}>
        Every read and change of patient data, sign-in and refused attempt is recorded here. Times are shown
        in the clinic&apos;s time zone ({tz}). Point at a name to see its ID; “IDs” lists them all to copy.
      </Text>

      {namesReady ? (
        <AuditFilters key={filterKey} applied={applied} named={named} onApply={applyFilters} />
      ) : (
        <Loading label="Loading the filters…" />
      )}

      <VerifyChain
        before={
          <Button component="a" href={csvHref} download="audit.csv" variant="default">
            Export CSV
          </Button>
        }
      />

      <ProblemAlert error={error} title="Could not load the audit log" />
      <Group justify="space-between" align="flex-end" gap="sm">
        <Text size="sm" role="status" aria-live="polite">
          {summary}
        </Text>
        {narrow && results.length > 1 ? (
          <NativeSelect
            label="Sort"
            size="sm"
            value={`${sort}:${order}`}
            onChange={(e) => {
              const [s, o] = e.currentTarget.value.split(':');
              update({ sort: s!, order: o! });
            }}
            data={
              SORT_CHOICES.some((c) => c.value === `${sort}:${order}`)
                ? SORT_CHOICES
                : [...SORT_CHOICES, { value: `${sort}:${order}`, label: 'As chosen' }]
            }
          />
        ) : null}
      </Group>
      {loading && !data ? <Loading label="Loading the audit log…" /> : null}

      {results.length > 0 ? (
        narrow ? (
          <AuditCards entries={results} timeZone={tz} />
        ) : (
          <AuditTable entries={results} timeZone={tz} sort={sort} order={order} onSort={onSort} />
        )
      ) : null}
    </Stack>
  );
}
