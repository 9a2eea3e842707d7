import { PasswordInput } from '@mantine/core';
import { useState } from 'react';
import { PASSWORD_HINT } from './types';

/** A new password: the policy in words, paste allowed, a labelled show/hide toggle. */
export function NewPasswordField({
  value,
  onChange,
  error,
  label = 'Choose a password',
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  label?: string;
}) {
  const [visible, setVisible] = useState(false);
  return (
    <PasswordInput
      label={label}
      description={PASSWORD_HINT}
      name="new-password"
      autoComplete="new-password"
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      visible={visible}
      onVisibilityChange={setVisible}
      visibilityToggleFocusable
      visibilityToggleButtonProps={{
        'aria-label': visible ? 'Hide password' : 'Show password',
        title: visible ? 'Hide password' : 'Show password',
      }}
    />
  );
}
