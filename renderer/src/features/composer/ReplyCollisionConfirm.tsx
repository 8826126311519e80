import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { agoText } from './replyCollision';

export interface CollisionRequest {
  /** Who replied last since the thread was opened (display name; null: sent from the platform). */
  name: string | null;
  sentAt: string;
  count: number;
}

/** "Alex replied 1 minute ago — send anyway?" before a reply that may now be redundant. */
export function ReplyCollisionConfirm({ request, onCancel, onSend }: { request: CollisionRequest | null; onCancel: () => void; onSend: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Modal opened={request !== null} onClose={onCancel} title={t('composer.collision.title')}>
      {request && (
        <Stack gap="sm" data-testid="reply-collision">
          <Text size="sm">
            {request.name === null
              ? t('composer.collision.platform', { ago: agoText(request.sentAt, i18n.language) })
              : t('composer.collision.someone', { name: request.name, ago: agoText(request.sentAt, i18n.language) })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel} data-testid="reply-collision-cancel">
              {t('composer.collision.cancel')}
            </Button>
            <Button onClick={onSend} data-testid="reply-collision-send" data-autofocus>
              {t('composer.collision.send')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
