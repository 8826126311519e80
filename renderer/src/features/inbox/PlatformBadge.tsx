import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Platform } from '../../../../shared';
import { PLATFORM_COLOR } from './platformStyle';

export function PlatformBadge({ platform, size = 'xs' }: { platform: Platform; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Badge color={PLATFORM_COLOR[platform]} variant="light" size={size} radius="sm" style={{ flexShrink: 0, textTransform: 'none' }} data-platform={platform}>
      {t(`platform.${platform}`)}
    </Badge>
  );
}
