import { Button, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { ClinicSettings } from '../../../contracts/admin.ts';
import { fieldErrorMap } from '../../components/fieldErrors';
import { ProblemAlert } from '../../components/ProblemAlert';

const PATHS = [
  'address',
  'address/line',
  'address/city',
  'address/state',
  'address/postalCode',
  'phone',
  'email',
];

/**
 * The clinic's address, phone and email: printed on visit notes, in invitations and on the public
 * home page. Leaving every address field empty removes the address.
 */
export function ClinicContactForm({
  initial,
  onSaved,
}: {
  initial: ClinicSettings;
  onSaved: (s: ClinicSettings) => void;
}) {
  const [line, setLine] = useState(initial.address?.line ?? '');
  const [city, setCity] = useState(initial.address?.city ?? '');
  const [state, setState] = useState(initial.address?.state ?? '');
  const [postalCode, setPostalCode] = useState(initial.address?.postalCode ?? '');
  const [phone, setPhone] = useState(initial.phone ?? '');
  const [email, setEmail] = useState(initial.email ?? '');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parts = { line: line.trim(), city: city.trim(), postalCode: postalCode.trim() };
    const anyAddress = Object.values(parts).some(Boolean) || !!state.trim();
    const errors: Record<string, string> = {};
    if (anyAddress) {
      if (!parts.line) errors['address/line'] = 'Enter the street address, or empty every address field.';
      if (!parts.city) errors['address/city'] = 'Enter the city.';
      if (!parts.postalCode) errors['address/postalCode'] = 'Enter the postal code.';
    }
    if (email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
      errors.email = 'Enter a valid email address, or leave it empty.';
    setLocalErrors(errors);
    setSaved('');
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api.patch<ClinicSettings>('/api/v1/admin/clinic', {
        address: anyAddress ? { ...parts, state: state.trim() || null } : null,
        phone: phone.trim(),
        email: email.trim(),
      });
      onSaved(updated);
      setSaved('Contact details saved.');
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const errors = { ...fieldErrorMap(error), ...localErrors };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="clinic-contact-title">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3" id="clinic-contact-title">
            Address and contact
          </Title>
          <Text size="sm" c="dimmed">
            Printed on visit notes and invitations, and shown to patients on the home page.
          </Text>
        </div>
        <ProblemAlert error={error} shownPaths={PATHS} title="Contact details were not saved" />
        <TextInput
          label="Street address"
          autoComplete="street-address"
          value={line}
          onChange={(e) => setLine(e.currentTarget.value)}
          error={errors['address/line']}
        />
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <TextInput
            label="City"
            autoComplete="address-level2"
            value={city}
            onChange={(e) => setCity(e.currentTarget.value)}
            error={errors['address/city']}
          />
          <TextInput
            label="State"
            autoComplete="address-level1"
            value={state}
            onChange={(e) => setState(e.currentTarget.value)}
            error={errors['address/state']}
          />
          <TextInput
            label="Postal code"
            autoComplete="postal-code"
            value={postalCode}
            onChange={(e) => setPostalCode(e.currentTarget.value)}
            error={errors['address/postalCode']}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="Phone"
            type="tel"
            autoComplete="tel"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={errors.phone}
          />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
        </SimpleGrid>
        <div>
          <Button type="submit" loading={busy}>
            Save contact details
          </Button>
        </div>
        <Text size="sm" role="status" aria-live="polite">
          {saved}
        </Text>
      </Stack>
    </form>
  );
}
