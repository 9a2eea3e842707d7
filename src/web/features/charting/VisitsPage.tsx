import './charting.css';
import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import type { Patient } from '../../../contracts/patients.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { usePageTitle } from '../../components/usePageTitle';
import { birthDateWithAge, formatInstant } from '../../lib/format';
import { cptLabel, painChange } from './format';
import { LazyPlanReviewNotice } from '../outcomes/lazy';
import type { EncounterListItem, EncounterView, LatestFindings } from '../../../contracts/charting.ts';

/** `/app/patients/:id/visits`: the patient's visit timeline; clinicians start or copy a visit here. */
export default function VisitsPage() {
  usePageTitle('Visits');
  const { id = '' } = useParams();
  const { role, me } = useSession();
  const clinical = role === 'clinician' || role === 'admin';
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const patient = useApiGet<Patient>(`/api/v1/patients/${id}`);
  const visits = useApiGet<Results<EncounterListItem>>(`/api/v1/patients/${id}/encounters`);
  const latest = useApiGet<LatestFindings>(
    clinical ? `/api/v1/patients/${id}/encounters/latest-findings` : null,
  );
  const [busy, setBusy] = useState<'new' | 'copy' | null>(null);
  const [error, setError] = useState<ApiError | undefined>();

  const start = async (kind: 'new' | 'copy') => {
    setBusy(kind);
    setError(undefined);
    try {
      // Copy-forward's `chart` is a chart body as it is: posted unchanged.
      const body = kind === 'copy' && latest.data ? latest.data.chart : {};
      const created = await api.post<EncounterView>(`/api/v1/patients/${id}/encounters`, body);
      void navigate(`/app/visits/${created.id}`);
    } catch (e) {
      const err = toApiError(e);
      // One open draft per patient, practitioner and day: continue the one that is open.
      const open = err.problem.encounterId;
      if (err.status === 409 && err.problem.type?.endsWith('/draft-exists') && typeof open === 'string') {
        void navigate(`/app/visits/${open}?reopened=1`);
        return;
      }
      setError(err);
      setBusy(null);
    }
  };
  const discarded = searchParams.get('discarded') === '1';

  const drafts = (visits.data?.results ?? []).filter((v) => v.status === 'draft');
  const canCopy = !!latest.data?.source;

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/app/patients/${id}`} size="sm">
        ← Patient record
      </Anchor>
      <Stack gap={2}>
        <Title order={1}>Visits</Title>
        {patient.data ? (
          <Text size="sm">
            <strong>{patient.data.name}</strong> · born {birthDateWithAge(patient.data.birthDate)}
          </Text>
        ) : null}
      </Stack>
      <ProblemAlert error={patient.error} title="The patient record could not be loaded" />
      {clinical ? <LazyPlanReviewNotice patientId={id} /> : null}
      {discarded ? (
        <Text size="sm" role="status" fw={600}>
          The draft was discarded. It is kept in the clinic&apos;s records with your reason.
        </Text>
      ) : null}

      {clinical ? (
        <Stack gap="xs">
          <Group gap="sm" wrap="wrap">
            <Button
              onClick={() => void start('copy')}
              loading={busy === 'copy'}
              disabled={!!busy || !canCopy}
              aria-describedby="copy-help"
            >
              Copy last visit
            </Button>
            <Button
              variant="default"
              onClick={() => void start('new')}
              loading={busy === 'new'}
              disabled={!!busy}
            >
              New visit
            </Button>
          </Group>
          <Text size="xs" c="dimmed" id="copy-help">
            {latest.loading
              ? 'Looking for the last signed visit…'
              : canCopy
                ? `Copy last visit starts a draft with the complaint, consent, structural exam, range of motion and plan of ${latest.data?.source?.date}; adjust, treat and sign. An open draft of today is continued instead.`
                : 'No signed visit to copy yet: start a new visit.'}
          </Text>
          {drafts.length ? (
            <Text size="sm">
              {drafts.length === 1 ? 'A draft is open: ' : `${drafts.length} drafts are open: `}
              {drafts.map((d, i) => (
                <span key={d.id}>
                  {i ? ', ' : ''}
                  <Anchor component={Link} to={`/app/visits/${d.id}`}>
                    continue the {d.date} draft
                  </Anchor>
                </span>
              ))}
              .
            </Text>
          ) : null}
          <ProblemAlert error={error} title="The visit was not started" />
        </Stack>
      ) : null}

      <ProblemAlert error={visits.error} title="The visits could not be loaded" />
      {visits.loading && !visits.data ? <Loading label="Loading visits…" /> : null}
      {visits.data ? (
        visits.data.results.length === 0 ? (
          <Text>No visits yet.</Text>
        ) : (
          <ScrollTable label="Visits" minWidth={clinical ? 760 : 340}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Practitioner</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                {clinical ? (
                  <>
                    <Table.Th scope="col">Chief complaint</Table.Th>
                    <Table.Th scope="col">Pain before → after</Table.Th>
                    <Table.Th scope="col">Coding</Table.Th>
                  </>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {visits.data.results.map((v) => {
                return (
                  <Table.Tr key={v.id}>
                    <Table.Td className="nowrap">
                      {clinical ? (
                        <Anchor component={Link} to={`/app/visits/${v.id}`}>
                          {v.date}
                        </Anchor>
                      ) : (
                        v.date
                      )}
                    </Table.Td>
                    <Table.Td>{v.practitioner?.name ?? '—'}</Table.Td>
                    <Table.Td className="nowrap">
                      <Badge
                        className="status-badge"
                        color={v.status === 'signed' ? 'sage' : 'amber'}
                        variant={v.status === 'signed' ? 'light' : 'outline'}
                        tt="none"
                      >
                        {v.status === 'signed' ? 'Signed' : 'Draft'}
                      </Badge>
                      {v.signedAt ? (
                        <Text size="xs" c="dimmed">
                          {formatInstant(v.signedAt, me.clinic.timeZone)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {clinical ? (
                      <>
                        <Table.Td>{v.chiefComplaint || '—'}</Table.Td>
                        <Table.Td className="nowrap">{painChange(v.painBefore, v.painAfter)}</Table.Td>
                        <Table.Td className="nowrap">
                          {cptLabel(v.coding)}
                          {v.coding?.icd10.length ? (
                            <Text size="xs" c="dimmed">
                              {v.coding.icd10.join(', ')}
                            </Text>
                          ) : null}
                        </Table.Td>
                      </>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </ScrollTable>
        )
      ) : null}
      {clinical ? (
        <Text size="xs" c="dimmed">
          Coding: CPT with the number of regions counted (treated and with a TART finding), then the M99.0x
          code of each region with documented somatic dysfunction.
        </Text>
      ) : null}
    </Stack>
  );
}
