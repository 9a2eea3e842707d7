import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/client';
import { fieldErrorMap } from '../../components/fieldErrors';
import type { ApiError } from '../../api/client';
import type { CarePlanView } from '../../../contracts/outcomes.ts';
import { ACTIVITY_LABELS } from '../../../domain/outcomes/care-plan.ts';

/**
 * Signing a draft plan. An activity whose modality flag blocks (under the clinic's policy) needs the
 * clinician's reason before the plan can be signed — recorded with the signature, as charting
 * records an acknowledged caution. Missing consent cannot be acknowledged: the server refuses it.
 */
export function SignPlan({
  plan,
  error,
  act,
}: {
  plan: CarePlanView;
  error: ApiError | undefined;
  act: (fn: () => Promise<CarePlanView>) => Promise<void>;
}) {
  const blocked = plan.safety.filter((r) => r.flags.some((f) => f.severity === 'block' && f.acknowledgeable));
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const errors = fieldErrorMap(error);
  const sign = () =>
    act(() =>
      api.post(`/api/v1/care-plans/${plan.id}/sign`, {
        acknowledgements: blocked
          .filter((r) => (reasons[r.activity] ?? '').trim())
          .map((r) => ({ activity: r.activity, reason: reasons[r.activity]!.trim() })),
      }),
    );
  return (
    <Stack gap="xs">
      {blocked.map((r) => (
        <Textarea
          key={r.activity}
          label={`Why ${ACTIVITY_LABELS[r.kind as keyof typeof ACTIVITY_LABELS]} (activity ${r.activity + 1}) is appropriate despite the flag`}
          description="At least 10 characters; recorded with your signature."
          value={reasons[r.activity] ?? ''}
          onChange={(e) => setReasons({ ...reasons, [r.activity]: e.currentTarget.value })}
          error={errors[`activities/${r.activity}/kind`]}
          autosize
          minRows={2}
        />
      ))}
      <Group>
        <Button size="xs" onClick={() => void sign()}>
          Sign plan
        </Button>
      </Group>
    </Stack>
  );
}
