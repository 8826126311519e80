import { Badge, Button, Group, HoverCard, Stack, Text } from '@mantine/core';
import { IconShieldExclamation, IconUserShield } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { pickLocalized, type ComplianceFinding, type PersonalDataFinding } from '../../../../shared';
import { replacementCandidates } from './replacements';

interface ComplianceFindingListProps {
  findings: readonly ComplianceFinding[];
  personal: readonly PersonalDataFinding[];
  /** Replaces [start, end) of the checked text; null when the text cannot be edited. */
  onReplace: ((start: number, end: number, text: string) => void) | null;
}

/**
 * One chip per finding under the text: what matched, why it is a problem (hover), and
 * one-click fixes (the wording the term's suggestion recommends, or removing the words).
 */
export function ComplianceFindingList({ findings, personal, onReplace }: ComplianceFindingListProps) {
  const { t, i18n } = useTranslation();
  if (findings.length === 0 && personal.length === 0) return null;
  return (
    <Group gap={6} data-testid="compliance-findings">
      {findings.map((finding) => {
        const color = finding.severity === 'banned' ? 'red' : 'orange';
        const candidates = replacementCandidates(finding.suggestion, finding.matchedText);
        return (
          <HoverCard key={`${finding.start}-${finding.termId}`} width={320} shadow="md" withArrow openDelay={150} position="top-start">
            <HoverCard.Target>
              <Badge
                color={color}
                variant="light"
                tt="none"
                size="lg"
                radius="sm"
                leftSection={<IconShieldExclamation size={14} />}
                data-testid="compliance-finding"
                data-severity={finding.severity}
                data-term={finding.term}
                style={{ cursor: 'help', textDecoration: 'underline wavy', textDecorationColor: `var(--mantine-color-${color}-6)` }}
              >
                {finding.matchedText}
              </Badge>
            </HoverCard.Target>
            <HoverCard.Dropdown>
              <Stack gap={6}>
                <Group gap={6}>
                  <Badge color={color} size="xs">
                    {t(`compliance.severity.${finding.severity}`)}
                  </Badge>
                  <Text size="sm" fw={600}>
                    {finding.term}
                  </Text>
                </Group>
                <Text size="sm">{pickLocalized(finding.reason, i18n.language)}</Text>
                <Text size="sm" c="dimmed">
                  {t('compliance.suggestion', { text: pickLocalized(finding.suggestion, i18n.language) })}
                </Text>
                {onReplace && (
                  <Group gap={4}>
                    {candidates.map((candidate) => (
                      <Button
                        key={candidate}
                        size="compact-xs"
                        variant="light"
                        data-testid="compliance-replace"
                        onClick={() => onReplace(finding.start, finding.end, candidate)}
                      >
                        {t('compliance.replaceWith', { text: candidate })}
                      </Button>
                    ))}
                    <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onReplace(finding.start, finding.end, '')}>
                      {t('compliance.remove')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </HoverCard.Dropdown>
          </HoverCard>
        );
      })}
      {personal.map((finding) => (
        <Badge
          key={`p-${finding.start}`}
          color="blue"
          variant="light"
          tt="none"
          size="lg"
          radius="sm"
          leftSection={<IconUserShield size={14} />}
          data-testid="personal-data-finding"
          data-kind={finding.kind}
        >
          {t(`compliance.personal.${finding.kind}`)}
        </Badge>
      ))}
    </Group>
  );
}
