import type { ConnectorStore, ReplyTarget, SendResult } from '../types';
import { enteredTokenOnly } from '../tokens/types';
import type { TokenFailure } from '../tokens/entered';
import { callWeiboWithToken, weiboUrl } from './api';
import { weiboCredentialsSchema } from './credentials';
import type { WeiboCredentials } from './credentials';
import { readPostComments } from './postComments';

/**
 * Replies out.
 * - DM (chat): POST <messageApiUrl>/2/messages/reply.json, form `receiver_id`, `type=text`,
 *   `data={"text": …}` (open.weibo.com/wiki/Send_Customer_Service_Message). Weibo allows it
 *   within 48 h of the fan's last message and not after an unfollow (it refuses: permanent).
 *   Text must be under 300 Chinese characters: longer replies are refused before sending.
 * - Comment: a reply answers a comment (cid) on a post (id): POST <apiUrl>/2/comments/reply.json
 *   with `cid`, `id`, `comment` (under 140 characters). Huixin's thread is one fan on one post,
 *   so the comment answered is that fan's latest comment on the post, read with
 *   GET 2/comments/show.json?id=<post>. If the fan's comment is gone (deleted), that is permanent.
 * Weibo has no idempotency key: a reply call that went out unanswered comes back
 * `mayHaveApplied`. Comment replies can be read back (commentReadBack.ts), so the dispatcher
 * looks before retrying; DMs cannot, so the dispatcher fails them for the agent to decide.
 */

const DM_MAX_CHARS = 300;
const COMMENT_MAX_CHARS = 140;

export async function sendWeiboReply(store: ConnectorStore<WeiboCredentials>, target: ReplyTarget, signal: AbortSignal): Promise<SendResult> {
  const parsed = weiboCredentialsSchema.safeParse(store.credentials);
  if (!parsed.success) return { ok: false, permanent: true, reason: 'store has invalid Weibo credentials' };
  const credentials = parsed.data;
  const tokens = store.tokens ?? enteredTokenOnly(credentials.accessToken);
  const length = [...target.body].length;
  if (target.conversationKind === 'chat') {
    if (length >= DM_MAX_CHARS) return { ok: false, permanent: true, reason: `Weibo direct messages must be under ${DM_MAX_CHARS} characters (this one has ${length})` };
    const result = await callWeiboWithToken(
      tokens,
      (token) => weiboUrl(credentials.messageApiUrl, '2/messages/reply.json', { access_token: token }),
      { method: 'POST', form: { receiver_id: target.customerPlatformUserId, type: 'text', data: JSON.stringify({ text: target.body }), save_sender_box: '1' } },
      signal,
      'messages/reply',
    );
    if (!result.ok) return sendFailure(result);
    return { ok: true, platformMessageId: typeof result.body.idstr === 'string' ? result.body.idstr : null };
  }
  if (target.conversationKind === 'comment') {
    const postId = target.platformThreadId;
    if (postId === null) return { ok: false, permanent: true, reason: 'the comment thread has no Weibo post id' };
    if (length >= COMMENT_MAX_CHARS) return { ok: false, permanent: true, reason: `Weibo comments must be under ${COMMENT_MAX_CHARS} characters (this one has ${length})` };
    const list = await readPostComments(credentials, tokens, postId, signal);
    // Only a read so far: nothing was posted, whatever happened to it.
    if (!list.ok) return sendFailure(list, 'read');
    let latest: string | null = null;
    for (const comment of list.comments) {
      if (comment.user.idstr !== target.customerPlatformUserId) continue;
      if (latest === null || BigInt(comment.idstr) > BigInt(latest)) latest = comment.idstr;
    }
    if (latest === null) return { ok: false, permanent: true, reason: `the fan's comment on Weibo post ${postId} is gone (deleted or hidden)` };
    const result = await callWeiboWithToken(
      tokens,
      (token) => weiboUrl(credentials.apiUrl, '2/comments/reply.json', { access_token: token }),
      { method: 'POST', form: { cid: latest, id: postId, comment: target.body } },
      signal,
      'comments/reply',
    );
    if (!result.ok) return sendFailure(result);
    return { ok: true, platformMessageId: typeof result.body.idstr === 'string' ? result.body.idstr : null };
  }
  return { ok: false, permanent: true, reason: `Weibo has no ${target.conversationKind} threads to answer` };
}

/**
 * A reply cannot wait for re-authorization: the agent sees why it failed (permanent). A call
 * that `posted` and got no answer may have been applied; a failed `read` never posted anything.
 */
function sendFailure(failure: { ok: false; permanent: boolean; reason: string; mayHaveApplied?: boolean } | TokenFailure, call: 'post' | 'read' = 'post'): SendResult {
  if ('reauthorize' in failure && failure.reauthorize) return { ok: false, permanent: true, reason: failure.reason };
  const mayHaveApplied = call === 'post' && 'mayHaveApplied' in failure && failure.mayHaveApplied === true;
  return { ok: false, permanent: failure.permanent, reason: failure.reason, ...(mayHaveApplied ? { mayHaveApplied } : {}) };
}
