import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';

interface Props extends Omit<ButtonProps, 'onClick'> {
  children: ReactNode;
  /** The question shown in the dialog. */
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  'aria-label'?: string;
}

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({ children, message, confirmLabel, onConfirm, ...buttonProps }: Props) {
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      close();
    }
  };
  return (
    <>
      <Button {...buttonProps} onClick={open}>
        {children}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={confirmLabel}
        centered
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={confirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
