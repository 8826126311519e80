import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared';

export const WORKSPACE_VIEWS = ['inbox', 'templates', 'compliance', 'admin'] as const;
export type WorkspaceView = (typeof WORKSPACE_VIEWS)[number];

/** The header's switch between the inbox and the settings-like screens. */
/** Administration (stores, assignment) is for leads and owners only. */
export function viewsFor(role: Role): WorkspaceView[] {
  return WORKSPACE_VIEWS.filter((view) => view !== 'admin' || role !== 'agent');
}

export function MainNav({ view, onChange, role }: { view: WorkspaceView; onChange: (view: WorkspaceView) => void; role: Role }) {
  const { t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      data-testid="main-nav"
      value={view}
      onChange={(value) => onChange(value as WorkspaceView)}
      data={viewsFor(role).map((value) => ({ value, label: t(`nav.${value}`) }))}
    />
  );
}
