import { describe, expect, test } from 'vitest';
import { entityKey, sha256, sha256Hex } from './entity-key.ts';

describe('sha256Hex', () => {
  test('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
  test('hashes long and non-ASCII input (UTF-8 bytes)', () => {
    expect(sha256Hex('a'.repeat(1000))).toBe(
      '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3',
    );
    expect(sha256Hex('The quick brown fox jumps over the lazy dog')).toBe(
      'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
    );
    expect(sha256Hex('张某某')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('entityKey', () => {
  test('reduces a mobile number to its 11 digits whatever the prefix and separators', () => {
    for (const v of [
      '13812345678',
      '+86 138-1234-5678',
      '0086 138 1234 5678',
      '8613812345678',
      '(+86)13812345678',
    ]) {
      expect(entityKey('phone', v)).toBe('13812345678');
    }
  });
  test('keeps the area code of a landline, without dashes', () => {
    expect(entityKey('phone', '0635-60001001')).toBe('063560001001');
    expect(entityKey('phone', '+86 635 60001001')).toBe('063560001001');
  });
  test('keeps the country code of an overseas number', () => {
    expect(entityKey('phone', '+852 7000 0101')).toBe('85270000101');
    expect(entityKey('phone', '0085270000101')).toBe('85270000101');
  });
  test('reduces a link to host and path: no scheme, www, query or trailing slash', () => {
    expect(entityKey('url', 'HTTPS://www.Safe-Check.example/Verify/?a=1#x')).toBe(
      'safe-check.example/verify',
    );
    expect(entityKey('url', 'safe-check.example')).toBe('safe-check.example');
  });
  test('lowercases apps and ids and removes spaces', () => {
    expect(entityKey('app', '鑫盛理财 Pro')).toBe('鑫盛理财pro');
    expect(entityKey('wechat', ' WXID_Sample001 ')).toBe('wxid_sample001');
    expect(entityKey('qq', 'QQ 100000012')).toBe('100000012');
  });
  test('keeps only digits and X of accounts and ID numbers', () => {
    expect(entityKey('account', '6222 0000-0000 0000 011')).toBe('6222000000000000011');
    expect(entityKey('id-card', '37158119800101123x')).toBe('37158119800101123X');
  });
});

describe('sha256', () => {
  test('hashes bytes (the HMAC of personal entries is built on it)', () => {
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(sha256(new Uint8Array([0x61, 0x62, 0x63])))).toBe(sha256Hex('abc'));
  });
});
