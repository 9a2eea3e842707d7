import './charting.css';
import { Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import type { VisitSummary } from '../../../contracts/charting.ts';

/**
 * The plain-language summary of a signed visit: `/app/me/visits/:id` for the patient, and
 * `/app/visits/:id/summary` for the clinician who wants to see what the patient reads.
 */
export default function VisitSummaryPage() {
  usePageTitle('Visit summary');
  const { id = '' } = useParams();
  const { role } = useSession();
  const summary = useApiGet<VisitSummary>(`/api/v1/encounters/${id}/summary`);
  const back =
    role === 'patient'
      ? { to: '/app/me', label: '← My record' }
      : { to: `/app/visits/${id}`, label: '← The visit' };
  return (
    <Stack gap="md" className="printable-note">
      <Anchor component={Link} to={back.to} size="sm" className="no-print">
        {back.label}
      </Anchor>
      <ProblemAlert error={summary.error} title="The visit summary could not be loaded" />
      {summary.loading && !summary.data ? <Loading label="Loading the visit summary…" /> : null}
      {summary.data ? <SummaryBody s={summary.data} /> : null}
    </Stack>
  );
}

function SummaryBody({ s }: { s: VisitSummary }) {
  return (
    <Stack gap="md" maw={760}>
      <Stack gap={2}>
        <Title order={1}>Your visit on {s.visitDate}</Title>
        {s.practitionerName ? <Text>With {s.practitionerName}</Text> : null}
      </Stack>
      <Group className="no-print">
        <Button variant="default" onClick={() => window.print()}>
          Print this summary
        </Button>
      </Group>
      {s.reasonForVisit ? (
        <Section title="Why you came">
          <Text>{s.reasonForVisit}</Text>
        </Section>
      ) : null}
      <Section title="What we found">
        <Text>{s.whatWeFound}</Text>
      </Section>
      {s.whatWeDid.length ? (
        <Section title="What we did">
          <List spacing={4}>
            {s.whatWeDid.map((w) => (
              <List.Item key={w.area}>
                Your {w.area}: {w.techniques.join(', ')}
              </List.Item>
            ))}
          </List>
        </Section>
      ) : null}
      {s.aboutTechniques.length ? (
        <Section title="About these treatments">
          <List spacing={6}>
            {s.aboutTechniques.map((t) => (
              <List.Item key={t.name}>
                <strong>{t.name}:</strong> {t.description}
              </List.Item>
            ))}
          </List>
        </Section>
      ) : null}
      {s.pain ? (
        <Section title="Your pain">
          <Text>{s.pain}</Text>
        </Section>
      ) : null}
      <Section title="After your visit">
        <List spacing={4}>
          {s.aftercare.map((a) => (
            <List.Item key={a}>{a}</List.Item>
          ))}
        </List>
      </Section>
      <Section title="When to call">
        <List spacing={4}>
          {s.whenToCall.map((a) => (
            <List.Item key={a}>{a}</List.Item>
          ))}
        </List>
      </Section>
      {s.followUp ? (
        <Section title="Next steps">
          <Text>{s.followUp}</Text>
        </Section>
      ) : null}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `summary-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Stack gap={4} component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}
