import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * WeChat's side of safe-mode encryption, written for the emulator from the public
 * description (Message_encryption_and_decryption_instructions): AES-256-CBC with the key
 * base64(EncodingAESKey + "=") and the key's first 16 bytes as IV, over
 * random(16) ‖ uint32 big-endian length ‖ message ‖ AppID, padded to 32-byte blocks.
 * Kept apart from the server's decryption on purpose: a contract test between two
 * independent implementations catches what a round trip through one would not.
 */
export function sealForWeChatServer(xml: string, encodingAESKey: string, appId: string): string {
  const key = Buffer.from(encodingAESKey + '=', 'base64');
  const message = Buffer.from(xml, 'utf8');
  const header = Buffer.alloc(20);
  randomBytes(16).copy(header, 0);
  header.writeUInt32BE(message.length, 16);
  const plain = Buffer.concat([header, message, Buffer.from(appId, 'utf8')]);
  const padLength = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(padLength, padLength)])), cipher.final()]).toString('base64');
}

export function msgSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypted].sort().join('')).digest('hex');
}
