import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, lastApiActivity } from '../api/client';
import { clearAllDrafts } from '../lib/useLocalDraft';
import { signOutAndLeave } from './session';

const WARN_BEFORE_MS = 60_000;
const CHECK_EVERY_MS = 5_000;
/** Typing tells the server at most this often (the server's own write is throttled to 15 s). */
const TYPING_PING_EVERY_MS = 30_000;

/**
 * Mirrors the server's idle timeout in the browser. The server counts idleness from the last
 * request it saw, so this does too; typing into any form counts as activity by sending a light
 * request (`/auth/me`) at most every 30 s while the person types, so a long note or form is not
 * cut off by a sign-out in the middle of it. A minute
 * before the limit the user can choose to stay; at the limit the page leaves for the login screen
 * with a full reload, so no patient data stays on screen or in memory.
 */
export function IdleWatcher({ idleTimeoutMinutes }: { idleTimeoutMinutes: number }) {
  const limitMs = Math.max(1, idleTimeoutMinutes) * 60_000;
  const [msLeft, setMsLeft] = useState(limitMs);
  const [staying, setStaying] = useState(false);

  useEffect(() => {
    const tick = () => {
      const left = limitMs - (Date.now() - lastApiActivity());
      setMsLeft(left);
      if (left <= 0) void signOutAndLeave('/login?expired=1');
    };
    tick();
    const timer = window.setInterval(tick, CHECK_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [limitMs]);

  useEffect(() => {
    let inFlight = false;
    const onTyping = () => {
      if (inFlight || Date.now() - lastApiActivity() < TYPING_PING_EVERY_MS) return;
      inFlight = true;
      api.get('/api/v1/auth/me').then(
        () => {
          inFlight = false;
        },
        () => {
          inFlight = false;
        },
      );
    };
    document.addEventListener('input', onTyping, true);
    return () => document.removeEventListener('input', onTyping, true);
  }, []);

  const warn = msLeft > 0 && msLeft <= WARN_BEFORE_MS;

  const stay = async () => {
    setStaying(true);
    try {
      await api.get('/api/v1/auth/me');
      setMsLeft(limitMs);
    } finally {
      setStaying(false);
    }
  };

  return (
    <Modal
      opened={warn}
      onClose={() => void stay()}
      title="Are you still there?"
      centered
      closeOnClickOutside={false}
    >
      <Text size="sm" role="alert">
        For privacy you will soon be signed out because of inactivity.
      </Text>
      <Text size="sm" mt="xs">
        Time left: about {Math.max(1, Math.ceil(msLeft / 1000))} seconds.
      </Text>
      <Group justify="flex-end" mt="md">
        <Button
          variant="default"
          onClick={() => {
            clearAllDrafts();
            void signOutAndLeave();
          }}
        >
          Sign out now
        </Button>
        <Button loading={staying} onClick={stay} data-autofocus>
          Stay signed in
        </Button>
      </Group>
    </Modal>
  );
}
