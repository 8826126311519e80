import { AppShell } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cacheDb, dbName, durableDb } from '../../app/database';
import { syncClient, useSyncStatus } from '../../app/syncClient';
import { clearSession, loadFilteredInbox, loadUnreadCount, type SessionRow } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { countUnsent, wipeCache } from '../../db/security';
import { ConversationPanel, NoConversation } from '../conversation/ConversationPanel';
import { requestLogout } from '../login/authApi';
import { InboxPanel } from '../inbox/InboxPanel';
import { useInboxFilter } from '../inbox/useInboxFilter';
import { CustomerPanel } from '../customer/CustomerPanel';
import { useCustomerPanelOpen } from '../customer/customerPanelState';
import { AdminScreen } from '../admin/AdminScreen';
import { inboxKeyAction, isTypingTarget, moveSelection } from '../inbox/navigation';
import { TemplatesScreen } from '../templates/TemplatesScreen';
import { ComplianceScreen } from '../compliance/ComplianceScreen';
import { AppHeader } from './AppHeader';
import { conflictMessage } from '../presence/conflictText';
import type { WorkspaceView } from './MainNav';

interface WorkspaceProps {
  session: SessionRow;
  /** The session row is gone; `expired` when the server refused the token. */
  onSessionEnded: (reason: 'expired' | 'signedOut') => void;
}

/** Signed in: header, inbox on the left, the open conversation on the right. */
export function Workspace({ session, onSessionEnded }: WorkspaceProps) {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const [filter, setFilter] = useInboxFilter();
  const [highlightedId, setHighlightedId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [view, setView] = useState<WorkspaceView>('inbox');
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const customerPanelOpen = useCustomerPanelOpen();
  const showCustomer = view === 'inbox' && openId !== null && customerPanelOpen;
  const items = useLiveQuery(() => loadFilteredInbox(cacheDb, filter, session.user.id), [filter, session.user.id]);
  const unreadCount = useLiveQuery(() => loadUnreadCount(cacheDb), [], 0);

  useEffect(() => {
    syncClient.start(dbName);
    const unsubscribe = syncClient.onProblem((message) => notifications.show({ color: 'red', title: t('notify.rejectedTitle'), message: t('notify.rejected', { message }) }));
    // Another agent's status/assignment change came first: theirs stands, ours was dropped.
    const unsubscribeConflicts = syncClient.onConflict((conversationId, conflict) => {
      void cacheDb.users.toArray().then((users) => {
        const nameOf = (id: string) => users.find((user) => user.id === id)?.displayName ?? id;
        const { key, values } = conflictMessage(conflict, nameOf);
        const shown = values.status ? { ...values, status: t(`status.${values.status}`) } : values;
        notifications.show({ id: `conflict-${conversationId}`, color: 'orange', title: t('conflict.title'), message: <span data-testid="conflict-notice">{t(key, shown)}</span>, autoClose: 10_000 });
      });
    });
    return () => {
      unsubscribe();
      unsubscribeConflicts();
      syncClient.stop();
    };
    // The worker lives as long as the signed-in workspace; language changes must not restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A refused token: forget it (cache and outbox stay) and go to the login screen.
  useEffect(() => {
    if (status.connection !== 'unauthorized') return;
    void clearSession(durableDb).then(() => onSessionEnded('expired'));
  }, [status.connection, onSessionEnded]);

  useEffect(() => {
    void window.huixin?.setUnreadCount(unreadCount).catch(() => undefined);
  }, [unreadCount]);

  const open = useCallback((id: string) => {
    setOpenId(id);
    setHighlightedId(id);
  }, []);

  // Inbox keys: j/k or arrows move, Enter opens, r focuses the composer.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (isTypingTarget(event.target) || view !== 'inbox') return;
      const action = inboxKeyAction(event);
      if (action === null) return;
      const ids = (items ?? []).map((i) => i.conversation.id);
      if (action === 'next' || action === 'previous') {
        event.preventDefault();
        setHighlightedId((current) => moveSelection(ids, current ?? openId, action === 'next' ? 1 : -1));
      } else if (action === 'open' && highlightedId !== null) {
        // Buttons handle their own Enter.
        if (event.target instanceof HTMLButtonElement && event.target.dataset.testid !== 'inbox-row') return;
        event.preventDefault();
        open(highlightedId);
      } else if (action === 'reply' && composerRef.current) {
        event.preventDefault();
        composerRef.current.focus();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [items, highlightedId, openId, open, view]);

  /** Sign-out wipes the cache: buyers' data does not outlive the session on this machine. */
  async function signOut(): Promise<void> {
    const unsent = await countUnsent(durableDb);
    if (unsent > 0 && !window.confirm(t('security.signOutUnsent', { count: unsent }))) return;
    syncClient.stop();
    void requestLogout(session.serverUrl, session.token);
    await wipeCache(durableDb);
    onSessionEnded('signedOut');
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 380, breakpoint: 0, collapsed: { desktop: view !== 'inbox', mobile: view !== 'inbox' } }} aside={{ width: 340, breakpoint: 0, collapsed: { desktop: !showCustomer, mobile: !showCustomer } }} padding={0}>
      <AppShell.Header>
        <AppHeader session={session} status={status} onSignOut={() => void signOut()} view={view} onViewChange={setView} />
      </AppShell.Header>
      <AppShell.Navbar>
        <InboxPanel userId={session.user.id} filter={filter} onFilterChange={setFilter} items={items} highlightedId={highlightedId} openId={openId} onOpen={open} />
      </AppShell.Navbar>
      <AppShell.Aside data-testid="customer-aside">
        {showCustomer && openId && <CustomerPanel key={openId} conversationId={openId} session={session} onOpenConversation={open} />}
      </AppShell.Aside>
      <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        <div style={{ flex: 1, minHeight: 0 }}>
          {view === 'templates' ? (
            <TemplatesScreen session={session} conversationId={openId} />
          ) : view === 'compliance' ? (
            <ComplianceScreen session={session} />
          ) : view === 'admin' ? (
            <AdminScreen session={session} />
          ) : openId ? (
            <ConversationPanel
              key={openId}
              conversationId={openId}
              session={session}
              offline={status.connection !== 'online'}
              composerRef={composerRef}
            />
          ) : (
            <NoConversation />
          )}
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
