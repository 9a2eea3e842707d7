import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, toApiError, type ApiError } from '../../api/client';
import { useSession } from '../../auth/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { clearRescue } from '../../lib/pendingWork';

/**
 * Discards an unsigned draft after asking why. The server keeps it as an audited tombstone; the
 * patient's visit list no longer shows it and the day is free for a new draft.
 */
export function DiscardDraftButton(props: { encounterId: string; patientId: string; disabled?: boolean }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const navigate = useNavigate();
  const userId = useSession().me.user.id;
  const tooShort = reason.trim().length < 3;

  const discard = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/api/v1/encounters/${props.encounterId}/discard`, { reason: reason.trim() });
      clearRescue(userId, props.encounterId);
      close();
      void navigate(`/app/patients/${props.patientId}/visits?discarded=1`);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="subtle" color="red" onClick={open} disabled={props.disabled}>
        Discard draft
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title="Discard this draft?"
        centered
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="sm">
          <Text size="sm">
            The draft leaves the visit list and can no longer be edited or signed. It is kept, with your
            reason, in the clinic&apos;s records.
          </Text>
          <TextInput
            label="Why is it discarded?"
            description="For example: opened for the wrong patient, or the visit did not happen."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            required
            data-autofocus
          />
          {error ? <ProblemAlert error={error} title="The draft was not discarded" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep the draft
            </Button>
            <Button color="red" loading={busy} disabled={tooShort} onClick={() => void discard()}>
              Discard draft
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
