import { NativeSelect } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../../i18n';

/** Language names are written in their own language, so anyone can find theirs. */
const OPTIONS = [
  { value: 'en', label: 'English' },
  { value: 'zh-CN', label: '简体中文' },
];

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      data-testid="language-switch"
      aria-label={t('header.language')}
      size="xs"
      w={118}
      leftSection={<IconLanguage size={14} />}
      data={OPTIONS}
      value={i18n.language}
      onChange={(event) => void changeLanguage(event.currentTarget.value)}
    />
  );
}
