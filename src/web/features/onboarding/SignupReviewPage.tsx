import { Badge, Button, Card, Group, Radio, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { birthDateWithAge } from '../../lib/format';
import type { ReviewCandidate, SelfSignup } from './types';

const REASONS: Record<NonNullable<SelfSignup['reviewReason']>, string> = {
  'approval-required': 'Your clinic approves every online sign-up.',
  'partial-match': 'A record shares some but not all of name, date of birth and email.',
  ambiguous: 'Several records match exactly.',
  'record-has-account': 'The matching record already has portal access.',
};

const ON: Record<ReviewCandidate['matchedOn'][number], string> = {
  name: 'name',
  birthDate: 'date of birth',
  email: 'email',
};

function candidateLabel(c: ReviewCandidate): string {
  const on = `same ${c.matchedOn.map((m) => ON[m]).join(', ')}`;
  if (c.hidden) return `A restricted record (${on}); ask an administrator`;
  return `${c.name}, born ${c.birthDate}${c.email ? `, ${c.email}` : ', no email'} — ${on}`;
}

function SignupCard({ s, onDone }: { s: SelfSignup; onDone: () => void }) {
  // Only a lone exact match is preselected: a near miss must be a deliberate choice.
  const exact = s.candidates.filter((c) => !c.hidden && c.patientId && c.exact);
  const [choice, setChoice] = useState<string>(exact.length === 1 ? exact[0]!.patientId! : '');
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);

  const decide = async (what: 'approve' | 'reject') => {
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'approve')
        await api.post(`/api/v1/signups/${s.id}/approve`, { patientId: choice === 'new' ? null : choice });
      else await api.post(`/api/v1/signups/${s.id}/reject`);
      onDone();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  const name = `${s.givenName} ${s.familyName}`;
  return (
    <Card
      withBorder
      radius="md"
      p={{ base: 'md', sm: 'lg' }}
      component="article"
      aria-label={`Sign-up of ${name}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {name}
          </Title>
          <Badge variant="light">Email confirmed</Badge>
        </Group>
        <Text size="sm">
          Born {birthDateWithAge(s.birthDate)} · {s.email}
        </Text>
        {s.reviewReason ? <Text size="sm">{REASONS[s.reviewReason]}</Text> : null}
        <Radio.Group
          label="Link this account to"
          value={choice}
          onChange={setChoice}
          description="Check the person’s identity before linking them to an existing record."
        >
          <Stack gap={6} mt={6}>
            {s.candidates.map((c, i) => (
              <Radio
                key={c.patientId ?? `hidden-${i}`}
                value={c.patientId ?? `hidden-${i}`}
                label={candidateLabel(c)}
                disabled={c.hidden}
              />
            ))}
            <Radio value="new" label="A new patient record" />
          </Stack>
        </Radio.Group>
        <ProblemAlert error={error} title="Not done" />
        <Group gap="sm">
          <Button onClick={() => void decide('approve')} loading={busy === 'approve'} disabled={!choice}>
            Approve
          </Button>
          <Button
            variant="default"
            color="red"
            onClick={() => void decide('reject')}
            loading={busy === 'reject'}
          >
            Reject
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** `/app/signups` (admin, front desk): verified online sign-ups waiting for a decision. */
export function SignupReviewPage() {
  usePageTitle('Online sign-ups');
  const { data, error, loading, reload } = useApiGet<{ results: SelfSignup[] }>('/api/v1/signups');
  const [done, setDone] = useState('');
  const list = data?.results ?? [];
  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>Online sign-ups</Title>
      <Text>
        People who signed up on the booking page and confirmed their email, when their account could not be
        linked on its own (or your clinic approves every sign-up). Approving tells them by email.
      </Text>
      <ProblemAlert error={error} title="Could not load sign-ups" />
      <Text size="sm" role="status" aria-live="polite">
        {done}
      </Text>
      {loading && !data ? <Loading label="Loading sign-ups…" /> : null}
      {data && list.length === 0 ? <Text>No sign-ups are waiting.</Text> : null}
      {list.map((s) => (
        <SignupCard
          key={s.id}
          s={s}
          onDone={() => {
            setDone(`Sign-up of ${s.givenName} ${s.familyName} decided.`);
            reload();
          }}
        />
      ))}
    </Stack>
  );
}
