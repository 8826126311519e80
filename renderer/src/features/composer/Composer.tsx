import { ActionIcon, Group, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSend } from '@tabler/icons-react';
import { useEffect, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { loadDraft, saveDraft, sendReply } from '../../db';
import { canSend, isSendKey } from './shortcuts';

interface ComposerProps {
  conversationId: string;
  customerName: string;
  offline: boolean;
  inputRef: Ref<HTMLTextAreaElement>;
}

/**
 * Writes a reply. The unsent text is saved as a draft per conversation (so a reload
 * keeps it); sending writes the reply to the outbox first and clears the draft there.
 */
export function Composer({ conversationId, customerName, offline, inputRef }: ComposerProps) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const persistDraft = useDebouncedCallback((id: string, text: string) => void saveDraft(durableDb, id, text), 300);

  useEffect(() => {
    let cancelled = false;
    setLoadedFor(null);
    void loadDraft(durableDb, conversationId).then((draft) => {
      if (cancelled) return;
      setBody(draft);
      setLoadedFor(conversationId);
    });
    return () => {
      cancelled = true;
      persistDraft.flush();
    };
  }, [conversationId, persistDraft]);

  async function send(): Promise<void> {
    if (!canSend(body) || loadedFor !== conversationId) return;
    const text = body;
    setBody('');
    persistDraft.cancel();
    try {
      await sendReply(durableDb, conversationId, text);
      syncClient.outboxChanged();
    } catch (err) {
      // Not in the outbox: give the text back rather than lose it.
      console.error('[composer] could not queue the reply', err);
      setBody(text);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (isSendKey({ ...event, isComposing: event.nativeEvent.isComposing })) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <Paper p="sm" radius={0} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      {offline && (
        <Text size="xs" c="orange.7" mb={6}>
          {t('composer.offlineHint')}
        </Text>
      )}
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <Textarea
          ref={inputRef}
          data-testid="composer-input"
          aria-label={t('composer.label')}
          placeholder={t('composer.placeholder', { name: customerName })}
          autosize
          minRows={2}
          maxRows={8}
          dir="auto"
          style={{ flex: 1 }}
          value={body}
          disabled={loadedFor !== conversationId}
          onChange={(event) => {
            const text = event.currentTarget.value;
            setBody(text);
            persistDraft(conversationId, text);
          }}
          onKeyDown={onKeyDown}
        />
        <Tooltip label={t('composer.send')} withArrow>
          <ActionIcon
            data-testid="composer-send"
            size={42}
            radius="md"
            variant="filled"
            aria-label={t('composer.send')}
            disabled={!canSend(body)}
            onClick={() => void send()}
          >
            <IconSend size={20} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}
