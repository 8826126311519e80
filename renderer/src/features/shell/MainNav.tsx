import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const WORKSPACE_VIEWS = ['inbox', 'templates', 'compliance'] as const;
export type WorkspaceView = (typeof WORKSPACE_VIEWS)[number];

/** The header's switch between the inbox and the settings-like screens. */
export function MainNav({ view, onChange }: { view: WorkspaceView; onChange: (view: WorkspaceView) => void }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      data-testid="main-nav"
      value={view}
      onChange={(value) => onChange(value as WorkspaceView)}
      data={WORKSPACE_VIEWS.map((value) => ({ value, label: t(`nav.${value}`) }))}
    />
  );
}
