import { Alert, Badge, Button, Group, List, Paper, Progress, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SectionCard } from '../../components/SectionCard';
import type { CarePlanView } from '../../../contracts/outcomes.ts';
import type { Patient } from '../../../contracts/patients.ts';
import { ACTIVITY_LABELS } from '../../../domain/outcomes/care-plan.ts';
import { REGION_BY_ID } from '../../../domain/omt/regions.ts';
import { BookPlanVisits } from './BookPlanVisits';
import { CarePlanForm } from './CarePlanForm';
import { ModalityFlags } from './ModalityFlags';
import { SignPlan } from './SignPlan';
import { SHORT_NAMES } from './types';

const STATUS_COLOR: Record<CarePlanView['status'], string> = {
  draft: 'gray',
  active: 'sage',
  'on-hold': 'amber',
  completed: 'blue',
  revoked: 'red',
};

const STATUS_LABEL: Record<CarePlanView['status'], string> = {
  draft: 'Draft',
  active: 'Active',
  'on-hold': 'On hold',
  completed: 'Completed',
  revoked: 'Revoked',
};

const REASON: Record<string, string> = {
  'review-date': 'the review date has passed',
  plateau: 'progress has plateaued on an outcome score',
};

export function reviewText(p: CarePlanView) {
  return `Review due: ${p.reviewReasons.map((r) => REASON[r]).join(' and ')}.`;
}

function dose(a: CarePlanView['activities'][number]) {
  const parts = [a.perWeek && a.weeks ? `${a.perWeek}× a week for ${a.weeks} weeks` : null, a.dose].filter(
    Boolean,
  );
  return parts.join(', ');
}

function PlanCard({
  plan,
  canEdit,
  onChange,
}: {
  plan: CarePlanView;
  canEdit: boolean;
  onChange: (p: CarePlanView) => void;
}) {
  const [error, setError] = useState<ApiError | undefined>();
  const act = async (fn: () => Promise<CarePlanView>) => {
    setError(undefined);
    try {
      onChange(await fn());
    } catch (e) {
      setError(toApiError(e));
    }
  };
  const { visitsPlanned: planned, visitsCompleted: done } = plan.progress;
  const moves = {
    active: ['on-hold', 'completed', 'revoked'],
    'on-hold': ['active', 'completed', 'revoked'],
  }[plan.status as 'active' | 'on-hold'];
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={700}>{plan.title}</Text>
          <Group gap={6}>
            <Badge color={STATUS_COLOR[plan.status]} variant="light" tt="none">
              {STATUS_LABEL[plan.status]}
            </Badge>
            {plan.reviewDue && (
              <Badge color="amber" variant="light" tt="none">
                Review due
              </Badge>
            )}
          </Group>
        </Group>
        {plan.reviewDue && (
          <Alert color="amber" p="xs" role="status">
            {reviewText(plan)}
          </Alert>
        )}
        <Text size="sm">
          {plan.problems.map((p) => `${p.code} ${p.display}`).join('; ')} · {plan.start} to review on{' '}
          {plan.reviewDate}
          {plan.signedBy ? ` · signed by ${plan.signedBy.name}` : ' · not signed'}
        </Text>
        {planned > 0 && (
          <Stack gap={2}>
            <Text size="sm">
              OMT visits: {done} of {planned} done
              {plan.progress.visitsBooked ? `, ${plan.progress.visitsBooked} booked` : ''}
            </Text>
            <Progress
              value={Math.min(100, (done / planned) * 100)}
              aria-label="OMT visits done"
              color="teal.7"
            />
          </Stack>
        )}
        {plan.goals.length > 0 && (
          <List size="sm" spacing={4}>
            {plan.goals.map((g, i) => (
              <List.Item key={i}>
                {g.text}
                {g.instrument && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({SHORT_NAMES[g.instrument]} target {g.target}; latest{' '}
                    {g.latest ? g.latest.score : 'none yet'})
                  </Text>
                )}{' '}
                {g.met === true && (
                  <Badge color="sage" variant="light" tt="none" size="sm">
                    met
                  </Badge>
                )}
              </List.Item>
            ))}
          </List>
        )}
        <List size="sm" spacing={2}>
          {plan.activities.map((a, i) => (
            <List.Item key={i}>
              {ACTIVITY_LABELS[a.kind]}
              {dose(a) ? `: ${dose(a)}` : ''}
              {a.region ? ` (${REGION_BY_ID[a.region].label.toLowerCase()})` : ''}
            </List.Item>
          ))}
        </List>
        {canEdit &&
          plan.safety.map((r) => (
            <ModalityFlags
              key={r.activity}
              label={`${ACTIVITY_LABELS[r.kind as keyof typeof ACTIVITY_LABELS]} (activity ${r.activity + 1})`}
              flags={r.flags}
            />
          ))}
        {canEdit && plan.status === 'draft' && <SignPlan plan={plan} error={error} act={act} />}
        {canEdit && plan.status === 'active' && planned > 0 && (
          <BookPlanVisits
            planId={plan.id}
            onBooked={() => void act(() => api.get<CarePlanView>(`/api/v1/care-plans/${plan.id}`))}
          />
        )}
        {canEdit && moves && (
          <Select
            label="Change status"
            placeholder="Choose…"
            data={moves.map((m) => ({ value: m, label: STATUS_LABEL[m as CarePlanView['status']] }))}
            value={null}
            onChange={(v) => v && void act(() => api.patch(`/api/v1/care-plans/${plan.id}`, { status: v }))}
            w={200}
          />
        )}
        <ProblemAlert error={error} />
      </Stack>
    </Paper>
  );
}

/** The plans of care on a patient's record: progress, review due, drafting and signing (clinicians). */
export function CarePlanSection({ patientId, canEdit }: { patientId: string; canEdit: boolean }) {
  const plans = useApiGet<{ results: CarePlanView[] }>(`/api/v1/patients/${patientId}/care-plans`);
  const patient = useApiGet<Patient>(canEdit ? `/api/v1/patients/${patientId}` : null);
  const [drafting, setDrafting] = useState(false);
  const replace = (p: CarePlanView) =>
    plans.data && plans.setData({ results: plans.data.results.map((x) => (x.id === p.id ? p : x)) });
  return (
    <SectionCard
      titleId="care-plans-title"
      title="Plan of care"
      action={
        canEdit && !drafting ? (
          <Button size="xs" variant="light" onClick={() => setDrafting(true)}>
            New plan
          </Button>
        ) : null
      }
    >
      {drafting && patient.data && (
        <CarePlanForm
          patientId={patientId}
          conditions={(patient.data.conditions ?? []).map((c) => ({ code: c.code, display: c.display }))}
          onCancel={() => setDrafting(false)}
          onCreated={() => {
            setDrafting(false);
            plans.reload();
          }}
        />
      )}
      {plans.loading && !plans.data ? <Loading label="Loading plans…" /> : null}
      <ProblemAlert error={plans.error} />
      {plans.data?.results.length === 0 && <Text size="sm">No plan of care yet.</Text>}
      {plans.data?.results.map((p) => (
        <PlanCard key={p.id} plan={p} canEdit={canEdit} onChange={replace} />
      ))}
    </SectionCard>
  );
}

/** On the visit list: a plan that is due for review, so the clinician sees it before charting. */
export function PlanReviewNotice({ patientId }: { patientId: string }) {
  const plans = useApiGet<{ results: CarePlanView[] }>(`/api/v1/patients/${patientId}/care-plans`);
  const due = (plans.data?.results ?? []).filter((p) => p.reviewDue);
  if (due.length === 0) return null;
  return (
    <Alert color="amber" title="Plan of care: review due" role="status">
      {due.map((p) => (
        <Text key={p.id} size="sm">
          {p.title}: {reviewText(p)}
        </Text>
      ))}
    </Alert>
  );
}
