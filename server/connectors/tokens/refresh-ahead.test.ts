import { describe, expect, it } from 'vitest';
import { refreshAheadMs, refreshTokenUsable, tokenDecision } from './refresh-ahead';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const issuedAt = new Date('2025-01-01T00:00:00Z');
const at = (ms: number) => new Date(issuedAt.getTime() + ms);

describe('refresh-ahead decision', () => {
  it('renews a 7-day token once under 10 % of its lifetime is left (16.8 h), not before', () => {
    const token = { issuedAt, expiresAt: at(7 * DAY) };
    expect(refreshAheadMs(7 * DAY)).toBe((7 * DAY) / 10);
    expect(tokenDecision(token, at(7 * DAY - (7 * DAY) / 10 - 1))).toBe('fresh');
    expect(tokenDecision(token, at(7 * DAY - (7 * DAY) / 10))).toBe('refresh-ahead');
    expect(tokenDecision(token, at(7 * DAY - 1))).toBe('refresh-ahead');
    expect(tokenDecision(token, at(7 * DAY))).toBe('expired');
    expect(tokenDecision(token, at(8 * DAY))).toBe('expired');
  });

  it('renews a 2-hour token in its last hour (the one-hour margin beats 10 %)', () => {
    const token = { issuedAt, expiresAt: at(2 * HOUR) };
    expect(tokenDecision(token, at(HOUR - 1))).toBe('fresh');
    expect(tokenDecision(token, at(HOUR))).toBe('refresh-ahead');
  });

  it('caps the hour at half the lifetime, so a 60-second token is not renewed on every call', () => {
    expect(refreshAheadMs(60_000)).toBe(30_000);
    const token = { issuedAt, expiresAt: at(60_000) };
    expect(tokenDecision(token, at(29_999))).toBe('fresh');
    expect(tokenDecision(token, at(30_000))).toBe('refresh-ahead');
  });

  it('uses a token whose expiry is unknown until the platform refuses it', () => {
    expect(tokenDecision({ issuedAt, expiresAt: null }, at(10 * 365 * DAY))).toBe('fresh');
  });

  it('treats a token already expired when entered as expired', () => {
    expect(tokenDecision({ issuedAt, expiresAt: at(-1) }, issuedAt)).toBe('expired');
    expect(refreshAheadMs(-5)).toBe(0);
  });

  it('says whether the refresh token itself can still be used', () => {
    expect(refreshTokenUsable(null, issuedAt)).toBe(true);
    expect(refreshTokenUsable(at(1), issuedAt)).toBe(true);
    expect(refreshTokenUsable(issuedAt, issuedAt)).toBe(false);
  });
});
