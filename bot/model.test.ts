import { describe, expect, test } from 'vitest';
import { defaultModel } from './default-model.ts';
import {
  decodeBase64,
  encodeBase64,
  featurize,
  modelProbability,
  prepareForModel,
} from './model.ts';
import { normalize } from './normalize.ts';

const p = (text: string) => modelProbability(defaultModel(), normalize(text).text);

describe('classifier', () => {
  test('base64 round-trips bytes without platform helpers', () => {
    const bytes = new Uint8Array([0, 1, 2, 127, 128, 200, 255, 7]);
    for (let n = 0; n <= bytes.length; n++)
      expect(decodeBase64(encodeBase64(bytes.slice(0, n)))).toEqual(bytes.slice(0, n));
  });
  test('ignores the speaker labels of phone dialogues', () => {
    expect(prepareForModel(normalize('A：你好\nB：喂？').text)).toBe('你好 喂?');
  });
  test('weighs a long and a short text alike (features are L2-normalized)', () => {
    const { val } = featurize('安全账户'.repeat(50), 1 << 14, 1, 3);
    const norm = Math.sqrt(val.reduce((n, v) => n + v * v, 0));
    expect(norm).toBeCloseTo(1, 6);
  });
  test('gives a higher probability to a scam message than to an everyday one', () => {
    expect(p('您涉嫌洗钱，请把资金转入安全账户配合调查')).toBeGreaterThan(0.5);
    expect(p('妈，我明天回家吃饭')).toBeLessThan(0.5);
    expect(p('')).toBe(0);
  });
});
