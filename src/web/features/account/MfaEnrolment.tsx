import { Button, Code, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { MfaSetup } from '../../../contracts/auth.ts';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { cleanOtp } from '../login/retry';

/** The server's QR code as an image: an SVG data URL, never injected into the page as markup. */
export function qrDataUrl(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP", easier to type into an app. */
export function groupSecret(secret: string): string {
  return secret
    .replace(/\s+/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

interface Props {
  onEnabled: () => void | Promise<void>;
  headingOrder?: 2 | 3;
}

/** Authenticator (TOTP) enrolment: get a secret, scan it, prove it with a code. */
export function MfaEnrolment({ onEnabled, headingOrder = 3 }: Props) {
  const [setup, setSetup] = useState<MfaSetup | undefined>();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const setupSecret = setup?.secret;

  // Once the setup has been drawn, the code field takes the focus. An effect runs after React has
  // committed the field; an animation frame requested from the click handler could fire before it
  // (a busy machine renders late) and focus nothing.
  useEffect(() => {
    if (setupSecret) codeRef.current?.focus();
  }, [setupSecret]);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setSetup(await api.post<MfaSetup>('/api/v1/auth/mfa/setup'));
      setCode('');
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const enable = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setCodeError('Enter the 6-digit code your app shows.');
      codeRef.current?.focus();
      return;
    }
    setCodeError(null);
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/api/v1/auth/mfa/enable', { code });
      setSetup(undefined);
      await onEnabled();
    } catch (e) {
      setCode('');
      setError(toApiError(e));
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (!setup) {
    return (
      <Stack gap="sm">
        <Text size="sm">
          Two-step sign-in asks for a code from an authenticator app on your phone (for example one that
          supports TOTP) after your password, so a stolen password alone cannot open patient records.
        </Text>
        <ProblemAlert error={error} title="Could not start the setup" />
        <div>
          <Button onClick={start} loading={busy}>
            Set up an authenticator app
          </Button>
        </div>
      </Stack>
    );
  }

  return (
    <form onSubmit={enable} noValidate aria-labelledby="mfa-scan-title">
      <Stack gap="md">
        <Title order={headingOrder} size="h4" id="mfa-scan-title">
          Scan the code with your authenticator app
        </Title>
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>Open your authenticator app and add a new account.</List.Item>
          <List.Item>Scan the QR code, or type the setup key below.</List.Item>
          <List.Item>Enter the 6-digit code the app shows for Stillpoint.</List.Item>
        </List>
        <Group align="flex-start" gap="xl" wrap="wrap">
          <img
            className="qr-image"
            src={qrDataUrl(setup.qrSvg)}
            alt="QR code for your authenticator app. If you cannot scan it, type the setup key shown next to it."
            width={200}
            height={200}
          />
          <Stack gap={4} maw={320}>
            <Text size="sm" fw={600} id="mfa-secret-label">
              Setup key
            </Text>
            <Code
              block
              aria-labelledby="mfa-secret-label"
              fz="md"
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
            >
              {groupSecret(setup.secret)}
            </Code>
            <Text size="xs" c="dimmed">
              Spaces do not matter. Choose a time-based key if the app asks.
            </Text>
          </Stack>
        </Group>
        <ProblemAlert error={error} shownPaths={['code']} title="The code was not accepted" />
        <TextInput
          ref={codeRef}
          label="Code from the app"
          description="6 digits"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          required
          value={code}
          onChange={(e) => setCode(cleanOtp(e.currentTarget.value))}
          error={codeError ?? fieldErrorMap(error).code}
          maw={220}
          styles={{ input: { letterSpacing: '0.3em', fontVariantNumeric: 'tabular-nums' } }}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Turn on two-step sign-in
          </Button>
          <Button variant="default" onClick={() => setSetup(undefined)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
