import { Alert, Box, SegmentedControl, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { canReply, type ConversationKind, type Platform } from '../../../../shared';
import { Composer } from './Composer';
import { NoteComposer } from './NoteComposer';

type ReplyAreaProps = ComponentProps<typeof Composer> & { platform: Platform | undefined; kind: ConversationKind };

/**
 * Under the history: the reply composer or the internal-note composer. Where the platform
 * takes no answer to this kind of thread (canReply), only notes are offered, with a line
 * saying why.
 */
export function ReplyArea({ platform, kind, ...composer }: ReplyAreaProps) {
  const { t } = useTranslation();
  const replyAllowed = platform !== undefined && canReply(platform, kind);
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const shown = replyAllowed ? mode : 'note';

  return (
    <Box data-testid="reply-area" data-mode={shown} data-can-reply={replyAllowed}>
      {replyAllowed ? (
        <Box px="sm" pt={6} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <SegmentedControl
            size="xs"
            data-testid="reply-mode"
            value={mode}
            onChange={(value) => setMode(value === 'note' ? 'note' : 'reply')}
            data={[
              { value: 'reply', label: t('notes.modeReply') },
              { value: 'note', label: <span data-mode-option="note">{t('notes.modeNote')}</span> },
            ]}
          />
        </Box>
      ) : (
        <Alert variant="light" color="gray" radius={0} p={8} icon={<IconInfoCircle size={16} />} data-testid="reply-unavailable">
          <Text size="sm">{platform ? t('notes.cannotReply', { platform: t(`platform.${platform}`), kind: t(`kind.${kind}`) }) : t('notes.unknownPlatform')}</Text>
        </Alert>
      )}
      {shown === 'reply' ? <Composer {...composer} /> : <NoteComposer conversationId={composer.conversationId} inputRef={composer.inputRef} />}
    </Box>
  );
}
