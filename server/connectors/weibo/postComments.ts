import { describeZodError } from '../json';
import type { TokenFailure } from '../tokens/entered';
import type { AccessTokens } from '../tokens/types';
import { callWeiboWithToken, weiboUrl } from './api';
import type { WeiboCredentials } from './credentials';
import { commentListSchema, weiboCommentSchema, type WeiboComment } from './payloads';

export type PostCommentsResult =
  | { ok: true; comments: WeiboComment[] }
  | { ok: false; permanent: boolean; reason: string; mayHaveApplied?: boolean }
  | TokenFailure;

/**
 * The comments on one of the brand's posts (GET 2/comments/show.json?id=<post>, newest 200):
 * what a comment reply answers (send.ts) and where a lost reply is looked for
 * (commentReadBack.ts). Comments that do not parse are left out; an answer that is not a
 * comment list at all is a transient failure.
 */
export async function readPostComments(credentials: WeiboCredentials, tokens: AccessTokens, postId: string, signal: AbortSignal): Promise<PostCommentsResult> {
  const list = await callWeiboWithToken(
    tokens,
    (token) => weiboUrl(credentials.apiUrl, '2/comments/show.json', { access_token: token, id: postId, count: '200' }),
    { method: 'GET' },
    signal,
    'comments/show',
  );
  if (!list.ok) return list;
  const parsed = commentListSchema.safeParse(list.body);
  if (!parsed.success) return { ok: false, permanent: false, reason: `unexpected Weibo comments/show answer: ${describeZodError(parsed.error)}` };
  const comments: WeiboComment[] = [];
  for (const raw of parsed.data.comments) {
    const comment = weiboCommentSchema.safeParse(raw);
    if (comment.success) comments.push(comment.data);
  }
  return { ok: true, comments };
}
