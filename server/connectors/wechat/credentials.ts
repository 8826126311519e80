import { z } from 'zod';

/**
 * What an owner enters for a WeChat store (an Official Account, optionally with its WeChat
 * Store / Channels shop bound to the same AppID).
 * - appId / appSecret: the account's developer credentials (开发 → 基本配置).
 * - token: the "Token" of the server configuration (服务器配置), 3–32 characters; WeChat
 *   signs every request to Huixin with it.
 * - apiUrl: the WeChat API base; production https://api.weixin.qq.com.
 * - encodingAESKey: the 43-character EncodingAESKey of the server configuration. Needed
 *   only in safe mode (安全模式, WeChat's recommended setting), where every push arrives
 *   AES-encrypted; plaintext (明文模式) and compatible mode (兼容模式) work without it.
 */
export const WECHAT_PRODUCTION_API_URL = 'https://api.weixin.qq.com';

export const wechatCredentialsSchema = z.object({
  appId: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(256),
  token: z.string().min(3).max(32),
  apiUrl: z.url({ protocol: /^https?$/ }).default(WECHAT_PRODUCTION_API_URL),
  encodingAESKey: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'EncodingAESKey is 43 letters and digits (服务器配置 → 消息加解密密钥)')
    .optional(),
});
export type WeChatCredentials = z.infer<typeof wechatCredentialsSchema>;
