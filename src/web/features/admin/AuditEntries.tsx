import { Anchor, Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { AuditOutcome } from '../../../contracts/audit.ts';
import { ScrollTable } from '../../components/ScrollTable';
import { formatInstant } from '../../lib/format';
import { AuditIds, Named } from './AuditIds';
import type { AuditEntry as AuditRow } from '../../../contracts/audit.ts';
import { actorDetail, actorName, recordKind, type Order, type SortKey } from './auditModel';
import './audit.css';

function outcomeColor(outcome: AuditOutcome): string {
  if (outcome === 'denied') return 'amber';
  if (outcome === 'error') return 'red';
  return 'sage';
}

const OUTCOME_LABELS: Record<AuditOutcome, string> = { success: 'Success', denied: 'Denied', error: 'Error' };

function Outcome({ e }: { e: AuditRow }) {
  return (
    <>
      <Group gap={4} wrap="wrap">
        <Badge variant="light" color={outcomeColor(e.outcome)} tt="none">
          {OUTCOME_LABELS[e.outcome] ?? e.outcome}
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
    </>
  );
}

function Actor({ e }: { e: AuditRow }) {
  const detail = actorDetail(e);
  return (
    <>
      <Named name={actorName(e)} idLabel="user ID" id={e.userId} />
      {detail ? (
        <Text size="xs" c="dimmed" component="div">
          {detail}
        </Text>
      ) : null}
    </>
  );
}

function RecordCell({ e }: { e: AuditRow }) {
  const kind = recordKind(e.resourceType);
  // The patient's own record: the Patient column names them already.
  if (e.resourceType === 'Patient' && e.resourceId && e.resourceId === e.patientId)
    return <Named name={kind} idLabel="record ID" id={e.resourceId} />;
  return (
    <>
      <Text size="xs" c="dimmed" component="div">
        {kind}
      </Text>
      {e.resourceId ? (
        <Named name={e.resourceLabel ?? 'Unnamed record'} idLabel="record ID" id={e.resourceId} />
      ) : null}
    </>
  );
}

function PatientCell({ e }: { e: AuditRow }) {
  if (!e.patientId) return <span>—</span>;
  const name = e.patientName ?? 'Unknown patient';
  return (
    <Named name={name} idLabel="patient ID" id={e.patientId}>
      <Anchor
        component={Link}
        to={`/app/patients/${encodeURIComponent(e.patientId)}`}
        size="sm"
        className="audit-patient-link"
      >
        {name}
      </Anchor>
    </Named>
  );
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

interface Props {
  entries: AuditRow[];
  timeZone: string;
  sort: SortKey;
  order: Order;
  onSort: (column: SortKey) => void;
}

/** The entries as a table: names first, ids on hover, in screen-reader text and under "IDs". */
export function AuditTable({ entries, timeZone, sort, order, onSort }: Props) {
  const header = { sort, order, onSort };
  return (
    <ScrollTable label="Audit entries" minWidth={960} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <SortHeader label="Time" column="at" {...header} />
          <Table.Th scope="col">User</Table.Th>
          <SortHeader label="Action" column="action" {...header} />
          <SortHeader label="Record" column="resourceType" {...header} />
          <Table.Th scope="col">Patient</Table.Th>
          <SortHeader label="Outcome" column="outcome" {...header} />
          <Table.Th scope="col">
            <span className="visually-hidden">IDs</span>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((e) => {
          const when = formatInstant(e.at, timeZone, true);
          return (
            <Table.Tr key={e.id}>
              <Table.Td className="nowrap">{when}</Table.Td>
              <Table.Td>
                <Actor e={e} />
              </Table.Td>
              <Table.Td>
                <code>{e.action}</code>
              </Table.Td>
              <Table.Td>
                <RecordCell e={e} />
              </Table.Td>
              <Table.Td>
                <PatientCell e={e} />
              </Table.Td>
              <Table.Td>
                <Outcome e={e} />
              </Table.Td>
              <Table.Td>
                <AuditIds entry={e} when={when} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ScrollTable>
  );
}

/** The same entries as cards, for a phone: nothing to scroll sideways. */
export function AuditCards({ entries, timeZone }: Pick<Props, 'entries' | 'timeZone'>) {
  return (
    <Stack component="ul" gap="sm" m={0} p={0} aria-label="Audit entries" className="audit-cards">
      {entries.map((e) => {
        const when = formatInstant(e.at, timeZone, true);
        return (
          <Paper component="li" key={e.id} withBorder radius="md" p="sm">
            <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
              <Text size="sm" fw={700}>
                {when}
              </Text>
              <AuditIds entry={e} when={when} />
            </Group>
            <dl className="audit-card-fields">
              <div>
                <dt>User</dt>
                <dd>
                  <Actor e={e} />
                </dd>
              </div>
              <div>
                <dt>Action</dt>
                <dd>
                  <code>{e.action}</code>
                </dd>
              </div>
              <div>
                <dt>Record</dt>
                <dd>
                  <RecordCell e={e} />
                </dd>
              </div>
              {e.patientId ? (
                <div>
                  <dt>Patient</dt>
                  <dd>
                    <PatientCell e={e} />
                  </dd>
                </div>
              ) : null}
              <div>
                <dt>Outcome</dt>
                <dd>
                  <Outcome e={e} />
                </dd>
              </div>
            </dl>
          </Paper>
        );
      })}
    </Stack>
  );
}
