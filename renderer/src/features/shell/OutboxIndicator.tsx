import { Badge, Tooltip } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { cacheDb } from '../../app/database';
import { countOutbox } from '../../db';
import { useLiveQuery } from '../../db/hooks';

export function OutboxIndicator() {
  const { t } = useTranslation();
  const count = useLiveQuery(() => countOutbox(cacheDb), [], 0);
  return (
    <Tooltip label={t('header.outboxHint', { count })} withArrow>
      <Badge
        data-testid="outbox-count"
        data-count={count}
        variant={count > 0 ? 'filled' : 'default'}
        color={count > 0 ? 'orange' : 'gray'}
        leftSection={<IconSend size={12} />}
        radius="sm"
        aria-label={t('header.outbox')}
      >
        {count}
      </Badge>
    </Tooltip>
  );
}
