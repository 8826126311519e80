import { describe, expect, it } from 'vitest';
import { msgSignature, sealForWeChatServer } from '../../../emulator/wechat/encryption';
import { decryptWeChatMessage, encryptWeChatMessage, isValidMessageSignature, wechatMessageSignature } from './message-crypto';

const KEY = 'HuixinTestWeChatEncodingAesKey0123456789xyz';
const APP_ID = 'wx1234567890abcdef';

describe('WeChat safe-mode message crypto', () => {
  it('opens what the emulator (an independent implementation) seals, for texts of every length and script', () => {
    for (const message of ['', 'a', '<xml><Content><![CDATA[你好 👋 שלום]]></Content></xml>', '长'.repeat(1000), 'x'.repeat(31), 'x'.repeat(32)]) {
      expect(decryptWeChatMessage(sealForWeChatServer(message, KEY, APP_ID), KEY, APP_ID)).toEqual({ ok: true, message });
    }
  });

  it('seals so that the round trip holds and the ciphertext is whole 32-byte blocks', () => {
    const sealed = encryptWeChatMessage('<xml>回复</xml>', KEY, APP_ID);
    expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
    expect(decryptWeChatMessage(sealed, KEY, APP_ID)).toEqual({ ok: true, message: '<xml>回复</xml>' });
  });

  it('refuses another AppID, another key, truncation and garbage with reasons', () => {
    const sealed = sealForWeChatServer('<xml/>', KEY, APP_ID);
    expect(decryptWeChatMessage(sealed, KEY, 'wx_other')).toEqual({ ok: false, error: expect.stringContaining('another AppID') });
    expect(decryptWeChatMessage(sealed, 'B'.repeat(43), APP_ID)).toMatchObject({ ok: false });
    expect(decryptWeChatMessage(sealed.slice(0, 20), KEY, APP_ID)).toMatchObject({ ok: false });
    expect(decryptWeChatMessage('not base64 !!', KEY, APP_ID)).toEqual({ ok: false, error: 'Encrypt is not base64' });
    expect(() => decryptWeChatMessage(sealed, 'short', APP_ID)).toThrow(/43 letters/);
  });

  it('agrees with the emulator on msg_signature and checks it in constant time', () => {
    const query = { timestamp: '1409735669', nonce: '1320562132', msg_signature: msgSignature('spamtest', '1409735669', '1320562132', 'CIPHER') };
    expect(wechatMessageSignature('spamtest', '1409735669', '1320562132', 'CIPHER')).toBe(query.msg_signature);
    expect(isValidMessageSignature('spamtest', query, 'CIPHER')).toBe(true);
    expect(isValidMessageSignature('spamtest', query, 'CIPHER2')).toBe(false);
    expect(isValidMessageSignature('spamtest', { ...query, msg_signature: undefined }, 'CIPHER')).toBe(false);
  });
});
