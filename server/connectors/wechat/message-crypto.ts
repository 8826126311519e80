import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's safe mode (安全模式) message encryption, as the Official Account docs describe it
 * (developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html
 * and the WXBizMsgCrypt samples linked there):
 * - AESKey = base64-decode(EncodingAESKey + "="): 43 characters give 32 bytes; the IV is its
 *   first 16 bytes; AES-256-CBC.
 * - Plaintext = 16 random bytes ‖ message length (4 bytes, big-endian) ‖ message ‖ AppID,
 *   padded PKCS#7-style to a multiple of **32** bytes (not AES's 16), then base64.
 * - msg_signature = sha1 of the sorted [token, timestamp, nonce, Encrypt], joined.
 *
 * Written here on node:crypto rather than taken from npm: the packages that do this
 * (wechat-crypto and kin) have been unmaintained for years, and the whole algorithm is the
 * few lines below, checked by tests against the emulator's independent implementation.
 */

const BLOCK = 32;
const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;

export function isEncodingAesKey(value: string): boolean {
  return ENCODING_AES_KEY.test(value);
}

function aesKeyOf(encodingAesKey: string): Buffer {
  if (!isEncodingAesKey(encodingAesKey)) throw new Error('EncodingAESKey must be 43 letters and digits');
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

export function wechatMessageSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join(''), 'utf8').digest('hex');
}

const HEX40 = /^[0-9a-f]{40}$/;

export function isValidMessageSignature(token: string, query: Readonly<Record<string, string | undefined>>, encrypted: string): boolean {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (signature === undefined || timestamp === undefined || nonce === undefined) return false;
  if (!HEX40.test(signature) || timestamp.length > 20 || nonce.length > 64) return false;
  return timingSafeEqual(Buffer.from(signature, 'utf8'), Buffer.from(wechatMessageSignature(token, timestamp, nonce, encrypted), 'utf8'));
}

export type DecryptResult = { ok: true; message: string } | { ok: false; error: string };

/** Opens an `Encrypt` value; the AppID inside must be this account's, or the message is refused. */
export function decryptWeChatMessage(encrypted: string, encodingAesKey: string, appId: string): DecryptResult {
  const key = aesKeyOf(encodingAesKey);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted) || encrypted.length > 200_000) return { ok: false, error: 'Encrypt is not base64' };
  const cipherText = Buffer.from(encrypted, 'base64');
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) return { ok: false, error: 'Encrypt has a length that is not whole AES blocks' };
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch {
    return { ok: false, error: 'Encrypt could not be decrypted with this EncodingAESKey' };
  }
  const pad = plain.at(-1) ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) return { ok: false, error: 'Encrypt could not be decrypted with this EncodingAESKey (bad padding)' };
  const unpadded = plain.subarray(0, plain.length - pad);
  if (unpadded.length < 20) return { ok: false, error: 'decrypted message is too short' };
  const length = unpadded.readUInt32BE(16);
  if (20 + length > unpadded.length) return { ok: false, error: 'decrypted message length is out of range' };
  const message = unpadded.subarray(20, 20 + length).toString('utf8');
  const sender = unpadded.subarray(20 + length).toString('utf8');
  if (sender !== appId) return { ok: false, error: 'decrypted message is for another AppID' };
  return { ok: true, message };
}

/** Seals a message the way WeChat does; used for encrypted passive replies and by tests. */
export function encryptWeChatMessage(message: string, encodingAesKey: string, appId: string, random: Buffer = randomBytes(16)): string {
  const key = aesKeyOf(encodingAesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const unpadded = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (unpadded.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([unpadded, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
