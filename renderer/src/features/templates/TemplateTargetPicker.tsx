import { Input, SegmentedControl, Select, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../../../shared';

export interface TemplateTarget {
  scope: 'team' | 'store';
  storeId: string | null;
}

/** Team-wide or one store: where an import goes, or what an export takes. */
export function TemplateTargetPicker({
  label,
  value,
  onChange,
  stores,
}: {
  label: string;
  value: TemplateTarget;
  onChange: (target: TemplateTarget) => void;
  stores: readonly Store[];
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={8}>
      <Input.Wrapper label={label}>
        <SegmentedControl
          mt={4}
          fullWidth
          size="xs"
          value={value.scope}
          onChange={(scope) => onChange(scope === 'store' ? { scope: 'store', storeId: value.storeId ?? stores[0]?.id ?? null } : { scope: 'team', storeId: null })}
          data={[
            { value: 'team', label: t('templates.scope.team') },
            { value: 'store', label: t('templates.scope.store') },
          ]}
          data-testid="transfer-scope"
        />
      </Input.Wrapper>
      {value.scope === 'store' && (
        <Select
          size="xs"
          label={t('templates.field.store')}
          data={stores.map((s) => ({ value: s.id, label: s.name }))}
          value={value.storeId}
          onChange={(storeId) => onChange({ scope: 'store', storeId })}
          allowDeselect={false}
          data-testid="transfer-store"
        />
      )}
    </Stack>
  );
}
