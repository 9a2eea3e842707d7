import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import type { Patient } from '../../api/types';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';
import { usePageTitle } from '../../components/usePageTitle';
import {
  DEMOGRAPHICS_PATHS,
  EMPTY_DEMOGRAPHICS,
  demographicsBody,
  validateDemographics,
  type DemographicsValues,
} from './demographics';
import { DemographicsFields } from './DemographicsFields';

export function NewPatientPage() {
  usePageTitle('New patient');
  const navigate = useNavigate();
  const [values, setValues] = useState<DemographicsValues>(EMPTY_DEMOGRAPHICS);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const errors = validateDemographics(values);
    setLocalErrors(errors);
    setError(undefined);
    if (Object.keys(errors).length > 0) {
      // After React has marked the fields invalid.
      window.requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<Patient>('/api/v1/patients', demographicsBody(values));
      await navigate(`/app/patients/${encodeURIComponent(created.id)}`);
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
      window.requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    }
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  return (
    <Stack gap="lg" maw={760}>
      <Title order={1}>New patient</Title>
      <Text size="sm">Fields marked with an asterisk are required.</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ProblemAlert error={error} shownPaths={DEMOGRAPHICS_PATHS} title="The patient was not saved" />
          <DemographicsFields values={values} onChange={setValues} errors={errors} />
          <Group mt="md">
            <Button type="submit" loading={busy}>
              Create patient
            </Button>
            <Button component={Link} to="/app/patients" variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
