import { NativeSelect, SimpleGrid, TextInput, Title } from '@mantine/core';
import { SEXES } from '../../../domain/patients/vocabulary.ts';
import { humanize } from '../../lib/format';
import { EARLIEST_BIRTH_DATE } from '../../../domain/patients/demographics.ts';
import type { DemographicsValues } from './demographics';

interface Props {
  values: DemographicsValues;
  onChange: (values: DemographicsValues) => void;
  errors: Record<string, string>;
  headingOrder?: 2 | 3;
}

export function DemographicsFields({ values, onChange, errors, headingOrder = 2 }: Props) {
  const set = (key: keyof DemographicsValues) => (e: { currentTarget: { value: string } }) =>
    onChange({ ...values, [key]: e.currentTarget.value });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <Title order={headingOrder} size="h4">
        Demographics
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Given name"
          required
          autoComplete="off"
          value={values.givenName}
          onChange={set('givenName')}
          error={errors.givenName}
        />
        <TextInput
          label="Family name"
          required
          autoComplete="off"
          value={values.familyName}
          onChange={set('familyName')}
          error={errors.familyName}
        />
        <TextInput
          label="Date of birth"
          type="date"
          required
          min={EARLIEST_BIRTH_DATE}
          max={today}
          value={values.birthDate}
          onChange={set('birthDate')}
          error={errors.birthDate}
        />
        <NativeSelect
          label="Sex"
          required
          value={values.sex}
          onChange={set('sex')}
          error={errors.sex}
          data={[
            ...(values.sex ? [] : [{ value: '', label: 'Choose…', disabled: true }]),
            ...SEXES.map((s) => ({ value: s, label: humanize(s) })),
          ]}
        />
      </SimpleGrid>
      <Title order={headingOrder} size="h4" mt="md">
        Contact
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Phone"
          type="tel"
          description="With area code; add +country code for numbers outside the US"
          autoComplete="off"
          value={values.phone}
          onChange={set('phone')}
          error={errors.phone}
        />
        <TextInput
          label="Email"
          type="email"
          autoComplete="off"
          value={values.email}
          onChange={set('email')}
          error={errors.email}
        />
        <TextInput
          label="Address line"
          autoComplete="off"
          value={values.line}
          onChange={set('line')}
          error={errors['address/line'] ?? errors.address}
        />
        <TextInput
          label="City"
          autoComplete="off"
          value={values.city}
          onChange={set('city')}
          error={errors['address/city']}
        />
        <TextInput
          label="Postal code"
          autoComplete="off"
          value={values.postalCode}
          onChange={set('postalCode')}
          error={errors['address/postalCode']}
        />
      </SimpleGrid>
    </>
  );
}
