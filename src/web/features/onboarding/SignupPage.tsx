import { Alert, Anchor, Button, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import { useApiGet } from '../../api/useApi';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import { safeNextPath } from '../../lib/format';
import { rememberAfterVerify } from './afterVerify';
import { NewPasswordField } from './PasswordField';
import { PublicFrame } from './PublicFrame';
import { MIN_PASSWORD, type ClinicOption } from './types';

const FIELDS = ['clinicId', 'givenName', 'familyName', 'birthDate', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

function check(v: Record<Field, string>): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {};
  if (!v.clinicId) e.clinicId = 'Choose your clinic.';
  if (!v.givenName.trim()) e.givenName = 'Enter your first name.';
  if (!v.familyName.trim()) e.familyName = 'Enter your last name.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.birthDate)) e.birthDate = 'Enter your date of birth.';
  if (!/^\S+@\S+\.\S+$/.test(v.email.trim())) e.email = 'Enter a valid email address.';
  if ([...v.password].length < MIN_PASSWORD) e.password = `Use at least ${MIN_PASSWORD} characters.`;
  return e;
}

/**
 * `/signup?clinic=<id>`: a new patient creates an account with the clinic whose booking page they
 * came from. Whatever the address, the answer is the same: check your email. With `next` (a time
 * picked in the directory), confirming the email in this browser returns to that booking.
 */
export function SignupPage() {
  usePageTitle('Create your patient account');
  const [params] = useSearchParams();
  const clinics = useApiGet<{ results: ClinicOption[] }>('/api/v1/signup/clinics');
  const list = clinics.data?.results ?? [];
  const wanted = params.get('clinic');
  const fixed = list.find((c) => c.id === wanted) ?? (list.length === 1 ? list[0] : undefined);
  const [values, setValues] = useState<Record<Field, string>>({
    clinicId: '',
    givenName: '',
    familyName: '',
    birthDate: '',
    email: '',
    password: '',
  });
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const set = (k: Field) => (v: string) => setValues((s) => ({ ...s, [k]: v }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { ...values, clinicId: fixed?.id ?? values.clinicId };
    const errors = check(body);
    setLocal(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.post<{ detail: string }>(
        '/api/v1/signup',
        { ...body, email: body.email.trim() },
        { anonymous: true },
      );
      setValues((s) => ({ ...s, password: '' }));
      rememberAfterVerify(safeNextPath(params.get('next')));
      setDone(res.detail);
    } catch (e) {
      setError(toApiError(e));
      headingRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PublicFrame>
        <Stack gap="md">
          <Title order={1} size="h2">
            Check your email
          </Title>
          <Alert color="sage" role="status">
            {done}
          </Alert>
          <Text size="sm">
            Wrong address?{' '}
            <Anchor onClick={() => setDone(null)} component="button" type="button" size="sm">
              Go back
            </Anchor>{' '}
            and sign up again.
          </Text>
        </Stack>
      </PublicFrame>
    );
  }

  const errors = { ...fieldErrorMap(error), ...local };
  return (
    <PublicFrame>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={1} size="h2" ref={headingRef} tabIndex={-1}>
            Create your patient account
          </Title>
          <Text>
            {fixed ? `With ${fixed.name}. ` : ''}We send a link to your email to confirm it. If the clinic
            already knows you, your account opens your existing record.
          </Text>
          <ProblemAlert error={error} shownPaths={FIELDS} title="Not signed up yet" />
          <ProblemAlert error={clinics.error} title="Could not load the clinics" />
          {!fixed && list.length > 1 ? (
            <NativeSelect
              label="Clinic"
              required
              value={values.clinicId}
              onChange={(e) => set('clinicId')(e.currentTarget.value)}
              data={[
                { value: '', label: 'Choose your clinic' },
                ...list.map((c) => ({ value: c.id, label: c.name })),
              ]}
              error={errors.clinicId}
            />
          ) : null}
          <TextInput
            label="First name"
            name="given-name"
            autoComplete="given-name"
            required
            value={values.givenName}
            onChange={(e) => set('givenName')(e.currentTarget.value)}
            error={errors.givenName}
          />
          <TextInput
            label="Last name"
            name="family-name"
            autoComplete="family-name"
            required
            value={values.familyName}
            onChange={(e) => set('familyName')(e.currentTarget.value)}
            error={errors.familyName}
          />
          <TextInput
            label="Date of birth"
            type="date"
            name="bday"
            autoComplete="bday"
            required
            value={values.birthDate}
            onChange={(e) => set('birthDate')(e.currentTarget.value)}
            error={errors.birthDate}
          />
          <TextInput
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={values.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            error={errors.email}
          />
          <NewPasswordField value={values.password} onChange={set('password')} error={errors.password} />
          <Button type="submit" loading={busy} fullWidth disabled={clinics.loading && !fixed}>
            Create account
          </Button>
          <Text size="sm">
            Already have an account?{' '}
            <Anchor
              component={Link}
              to={`/login?next=${encodeURIComponent(safeNextPath(params.get('next')) ?? '/app/book')}`}
              size="sm"
            >
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </PublicFrame>
  );
}
