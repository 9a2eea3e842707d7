import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { PublicFrame } from './PublicFrame';
import { takeAfterVerify } from './afterVerify';
import type { VerifyResult } from './types';

/**
 * `/verify-email/:token`. Confirming takes a tap: mail scanners that open links must not use up the
 * single-use link before its owner does.
 */
export function VerifyEmailPage() {
  usePageTitle('Confirm your email');
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [review, setReview] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<VerifyResult>('/api/v1/signup/verify', { token }, { anonymous: true });
      if (res.status === 'active') await navigate(takeAfterVerify() ?? '/app', { replace: true });
      else setReview(res.detail);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame>
      <Stack gap="md">
        <Title order={1} size="h2">
          {review ? 'Email confirmed' : 'Confirm your email'}
        </Title>
        {review ? (
          <Alert color="sage" role="status">
            {review}
          </Alert>
        ) : (
          <>
            <Text>Confirm this is your email address to finish creating your patient account.</Text>
            <ProblemAlert error={error} title="Could not confirm" />
            <Button onClick={confirm} loading={busy} fullWidth>
              Confirm my email
            </Button>
          </>
        )}
        <Text size="sm">
          <Anchor component={Link} to="/login">
            Sign in
          </Anchor>{' '}
          ·{' '}
          <Anchor component={Link} to="/book">
            Booking page
          </Anchor>
        </Text>
      </Stack>
    </PublicFrame>
  );
}
