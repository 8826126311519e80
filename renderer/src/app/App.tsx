import { Center, Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import { loadSession } from '../db';
import { useLiveQuery } from '../db/hooks';
import { LoginScreen } from '../features/login/LoginScreen';
import { Workspace } from '../features/shell/Workspace';
import { clearRevocation, loadRevocation } from '../db/security';
import { cacheDb, durableDb } from './database';
import { readMarkFlusher } from './readMarks';

const LOADING = 'loading' as const;

/** Signed in (a session row in the cache) → the workspace; otherwise the login screen. */
export function App() {
  const session = useLiveQuery(() => loadSession(cacheDb).then((s) => s ?? null), [], LOADING);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [lastServerUrl, setLastServerUrl] = useState<string | undefined>(undefined);
  const [lastUserName, setLastUserName] = useState('');
  // Set by the sync worker when an owner removed or disabled this account (cache wiped).
  const revokedReason = useLiveQuery(() => loadRevocation(cacheDb), [], null);
  const signedIn = session !== LOADING && session !== null;
  useEffect(() => {
    if (signedIn && revokedReason) void clearRevocation(durableDb);
  }, [signedIn, revokedReason]);
  // Read marks left pending when the app last closed (or kept from before they synced) go out now.
  useEffect(() => {
    if (signedIn) void readMarkFlusher.flushNow();
  }, [signedIn]);

  if (session === LOADING) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  }
  if (session === null) return <LoginScreen sessionEnded={sessionEnded} revokedReason={revokedReason} lastServerUrl={lastServerUrl} lastUserName={lastUserName} />;
  return (
    <Workspace
      key={session.user.id}
      session={session}
      onSessionEnded={(reason) => {
        setLastServerUrl(session.serverUrl);
        setLastUserName(reason === 'expired' ? session.user.name : '');
        setSessionEnded(reason === 'expired');
      }}
    />
  );
}
