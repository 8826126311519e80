import { z } from 'zod';

/**
 * What an owner enters for a WeChat store (an Official Account, optionally with its WeChat
 * Store / Channels shop bound to the same AppID).
 * - appId / appSecret: the account's developer credentials (开发 → 基本配置).
 * - token: the "Token" of the server configuration (服务器配置), 3–32 characters; WeChat
 *   signs every request to Huixin with it.
 * - apiUrl: the WeChat API base; production https://api.weixin.qq.com.
 * Message encryption must be set to plaintext (明文模式) or compatible mode (兼容模式): safe
 * mode (安全模式, AES) is not implemented in this version.
 */
export const WECHAT_PRODUCTION_API_URL = 'https://api.weixin.qq.com';

export const wechatCredentialsSchema = z.object({
  appId: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  token: z.string().min(3).max(32),
  apiUrl: z.url({ protocol: /^https?$/ }).default(WECHAT_PRODUCTION_API_URL),
});
export type WeChatCredentials = z.infer<typeof wechatCredentialsSchema>;
