import { ActionIcon, Group, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { useCallback, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { addNote } from '../../db';
import { canSend, isSendKey } from './shortcuts';

interface NoteComposerProps {
  conversationId: string;
  inputRef: Ref<HTMLTextAreaElement>;
}

/** Writes an internal note: yellow, like the notes in the history, and never sent to the buyer. */
export function NoteComposer({ conversationId, inputRef }: NoteComposerProps) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const setRef = useCallback(
    (node: HTMLTextAreaElement | null) => {
      if (typeof inputRef === 'function') inputRef(node);
      else if (inputRef) (inputRef as { current: HTMLTextAreaElement | null }).current = node;
    },
    [inputRef],
  );

  async function send(): Promise<void> {
    if (!canSend(body)) return;
    const text = body;
    setBody('');
    try {
      await addNote(durableDb, conversationId, text);
      syncClient.outboxChanged();
    } catch (err) {
      console.error('[notes] could not queue the note', err);
      setBody(text);
    }
  }

  return (
    <Paper p="sm" radius={0} bg="var(--mantine-color-yellow-light)" style={{ borderTop: '1px solid var(--mantine-color-yellow-outline)' }} data-testid="note-composer">
      <Text size="xs" c="yellow.9" mb={6} fw={500}>
        {t('notes.hint')}
      </Text>
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <Textarea
          ref={setRef}
          data-testid="note-input"
          aria-label={t('notes.label')}
          placeholder={t('notes.placeholder')}
          autosize
          minRows={2}
          maxRows={8}
          dir="auto"
          style={{ flex: 1 }}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            syncClient.typing(conversationId);
          }}
          onKeyDown={(event) => {
            if (isSendKey({ ...event, key: event.key, isComposing: event.nativeEvent.isComposing })) {
              event.preventDefault();
              void send();
            }
          }}
        />
        <Tooltip label={t('notes.add')} withArrow>
          <ActionIcon data-testid="note-send" size={42} radius="md" variant="filled" color="yellow" aria-label={t('notes.add')} disabled={!canSend(body)} onClick={() => void send()}>
            <IconNote size={20} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}
