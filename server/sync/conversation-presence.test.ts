import { describe, expect, it } from 'vitest';
import { ConversationPresence, type ThreadPresenceSource } from './conversation-presence';

/** The merge of this node's viewers/typists with the other nodes' (cluster sharing feeds `setRemote`). */
describe('ConversationPresence with other nodes', () => {
  const target = { conversationId: 'conv-1', storeId: 'store-1' };

  function recorded(state: ConversationPresence): Array<[string, ThreadPresenceSource]> {
    const changes: Array<[string, ThreadPresenceSource]> = [];
    state.onChange((conversationId, _storeId, source) => void changes.push([conversationId, source]));
    return changes;
  }

  it('lists local and remote viewers and typists once each, and tells where a change came from', () => {
    let now = 1_000;
    const state = new ConversationPresence(() => now);
    const changes = recorded(state);
    state.view('s1', 'user-x', target);
    state.setRemote('node-b', 'conv-1', { storeId: 'store-1', viewers: ['user-y', 'user-x'], typing: ['user-y'] });
    expect(state.snapshot('conv-1')).toEqual({ conversationId: 'conv-1', storeId: 'store-1', viewers: ['user-x', 'user-y'], typing: ['user-y'] });
    // Only this node's own people are what it shares.
    expect(state.localSnapshot('conv-1')).toEqual({ storeId: 'store-1', viewers: ['user-x'], typing: [] });
    expect(changes).toEqual([
      ['conv-1', 'local'],
      ['conv-1', 'remote'],
    ]);

    // The same report again changes nothing; typing repeats are not changes either.
    state.setRemote('node-b', 'conv-1', { storeId: 'store-1', viewers: ['user-x', 'user-y'], typing: ['user-y'] });
    expect(state.typing('user-x', 'conv-1', 'store-1', 5_000)).toBe(true);
    now += 1_000;
    expect(state.typing('user-x', 'conv-1', 'store-1', 5_000)).toBe(false);
    expect(changes).toHaveLength(3);
    now += 10_000;
    expect(state.expire()).toEqual([target]);
    expect(changes.at(-1)).toEqual(['conv-1', 'local']);
  });

  it('a remote-only thread has the remote store; a node that reports nothing leaves no trace', () => {
    const state = new ConversationPresence();
    const changes = recorded(state);
    state.replaceRemoteNode('node-b', new Map([['conv-2', { storeId: 'store-2', viewers: ['user-y'], typing: [] }]]));
    expect(state.snapshot('conv-2')).toEqual({ conversationId: 'conv-2', storeId: 'store-2', viewers: ['user-y'], typing: [] });
    expect(state.localSnapshot('conv-2')).toBeUndefined();
    expect(state.remoteNodeIds()).toEqual(['node-b']);

    state.replaceRemoteNode('node-b', new Map());
    expect(state.snapshot('conv-2')).toEqual({ conversationId: 'conv-2', storeId: null, viewers: [], typing: [] });
    expect(state.remoteNodeIds()).toEqual([]);
    expect(changes).toEqual([
      ['conv-2', 'remote'],
      ['conv-2', 'remote'],
    ]);
  });
});
