import { Alert, Anchor, Button, Group, Progress, Stack, Text, Title } from '@mantine/core';
import type { ReactNode, RefObject } from 'react';
import { Link } from 'react-router';
import { STEP_NAMES, type StepId } from './steps';
import type { Notice } from './useBookingSubmit';

/**
 * What every booking step has around it: Back and the way out, the page heading, "Step n of m",
 * the choices so far, the step's own heading and any notice.
 */
export function BookingFrame({
  heading,
  steps,
  step,
  stepTitle,
  choiceSummary,
  notice,
  exitTo,
  exitLabel,
  busy,
  onBack,
  headingRef,
  children,
}: {
  heading: string;
  steps: StepId[];
  step: StepId;
  stepTitle: string;
  choiceSummary: string[];
  notice: Notice | null;
  exitTo: string;
  exitLabel: string;
  busy: boolean;
  onBack: () => void;
  /** The step's heading, which the page focuses when the step changes. */
  headingRef: RefObject<HTMLHeadingElement | null>;
  children: ReactNode;
}) {
  const stepIndex = steps.indexOf(step);
  return (
    <Stack gap="md" maw={560}>
      <Group justify="space-between" align="center" wrap="nowrap">
        <Button variant="subtle" size="md" px="xs" onClick={onBack} disabled={busy}>
          ← Back
        </Button>
        <Anchor component={Link} to={exitTo} size="sm">
          {exitLabel}
        </Anchor>
      </Group>
      <Title order={1} size="h2">
        {heading}
      </Title>
      <div>
        <Text size="sm" fw={600}>
          Step {stepIndex + 1} of {steps.length}: {STEP_NAMES[step]}
        </Text>
        <Progress value={((stepIndex + 1) / steps.length) * 100} size="sm" mt={6} aria-hidden="true" />
      </div>
      {choiceSummary.length > 0 ? (
        <Text size="sm" c="dimmed">
          {choiceSummary.join(' · ')}
        </Text>
      ) : null}
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
        {stepTitle}
      </Title>
      {notice ? (
        <Alert color={notice.tone === 'warning' ? 'amber' : 'red'} title={notice.title} role="alert">
          <Text size="sm">{notice.body}</Text>
        </Alert>
      ) : null}
      {children}
    </Stack>
  );
}
