import { Badge, Group, Paper, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuickReply } from '../../../../shared';

export interface PickerOption {
  template: QuickReply;
  /** The body with this conversation's values filled in, as it would be inserted. */
  preview: string;
  problemCount: number;
}

interface TemplatePickerProps {
  query: string;
  options: readonly PickerOption[];
  active: number;
  onPick: (index: number) => void;
  onHover: (index: number) => void;
}

/**
 * The list under the composer while a `/word` is typed. The textarea keeps the focus
 * (arrows and Enter are handled there); the mouse works too, but nothing here needs it.
 */
export function TemplatePicker({ query, options, active, onPick, onHover }: TemplatePickerProps) {
  const { t } = useTranslation();
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  return (
    <Paper withBorder shadow="md" radius="md" data-testid="template-picker" data-query={query} role="listbox" aria-label={t('picker.label')}>
      <Group justify="space-between" px="sm" py={6} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="xs" fw={600} c="dimmed">
          {query ? t('picker.matching', { query }) : t('picker.title')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('picker.keys')}
        </Text>
      </Group>
      {options.length === 0 ? (
        <Text size="sm" c="dimmed" px="sm" py="sm" data-testid="template-picker-empty">
          {t('picker.none')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={260} viewportRef={list} type="auto">
          <Stack gap={0} p={4}>
            {options.map((option, index) => (
              <UnstyledButton
                key={option.template.id}
                role="option"
                aria-selected={index === active}
                tabIndex={-1}
                data-index={index}
                data-testid="template-option"
                data-shortcut={option.template.shortcut}
                data-active={index === active}
                // Keep the focus in the textarea.
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => onHover(index)}
                onClick={() => onPick(index)}
                px="sm"
                py={6}
                style={{
                  borderRadius: 'var(--mantine-radius-sm)',
                  background: index === active ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                <Group gap={8} wrap="nowrap" justify="space-between">
                  <Group gap={8} wrap="nowrap" miw={0}>
                    <Text size="sm" fw={600} ff="monospace" c="brand" style={{ flexShrink: 0 }}>
                      /{option.template.shortcut}
                    </Text>
                    <Text size="sm" fw={500} truncate="end">
                      {option.template.title}
                    </Text>
                  </Group>
                  <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                    {option.problemCount > 0 && (
                      <Badge size="xs" color="orange" variant="light">
                        {t('picker.problems', { count: option.problemCount })}
                      </Badge>
                    )}
                    <Badge size="xs" variant="default">
                      {option.template.language}
                    </Badge>
                    <Badge size="xs" variant="light" color="gray">
                      {t(`templates.scope.${option.template.scope}`)}
                    </Badge>
                  </Group>
                </Group>
                <Text size="xs" c="dimmed" lineClamp={2} dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                  {option.preview}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}
