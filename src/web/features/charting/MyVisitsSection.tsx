import { Anchor, List, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import type { EncounterListItem } from '../../../contracts/charting.ts';

/** "My visits" on the patient's own record: their signed visits, each with a plain-language summary. */
export function MyVisitsSection({ patientId }: { patientId: string }) {
  const visits = useApiGet<Results<EncounterListItem>>(`/api/v1/patients/${patientId}/encounters`);
  const signed = (visits.data?.results ?? []).filter((v) => v.status === 'signed');
  return (
    <SectionCard titleId="my-visits-title" title="My visits">
      <ProblemAlert error={visits.error} title="Your visits could not be loaded" />
      {visits.loading && !visits.data ? <Loading label="Loading your visits…" /> : null}
      {visits.data && signed.length === 0 ? <Text size="sm">No visit summaries yet.</Text> : null}
      {signed.length ? (
        <List spacing="xs" aria-label="My visits">
          {signed.map((v) => (
            <List.Item key={v.id}>
              <Anchor component={Link} to={`/app/me/visits/${v.id}`}>
                Visit on {v.date}
              </Anchor>
              {v.practitioner ? (
                <Text span size="sm">
                  {' '}
                  with {v.practitioner.name}
                </Text>
              ) : null}
            </List.Item>
          ))}
        </List>
      ) : null}
    </SectionCard>
  );
}
