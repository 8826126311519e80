import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function Brand() {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={28} radius="md" variant="filled">
        <IconMessages size={18} />
      </ThemeIcon>
      <Text fw={700} size="md">
        {t('app.name')}
      </Text>
    </Group>
  );
}
