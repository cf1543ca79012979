import { describe, expect, test } from 'vitest';
import {
  maskContact,
  maskExposureValue,
  maskKeepLast4,
  maskName,
  maskPersonPhone,
} from './mask.ts';

describe('mask', () => {
  test('keeps only the surname of a person', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });
  test('masks all but the last four digits of a bank card', () => {
    expect(maskKeepLast4('6222 0212 3456 7890 123')).toBe('***************0123');
  });
  test('shows an ID number by its region code only', () => {
    expect(maskExposureValue('id-card', '37158119800101123X')).toBe('371581************');
  });
  test("shows a person's phone by its first three digits only", () => {
    expect(maskPersonPhone('13812345678')).toBe('138********');
    expect(maskPersonPhone('+86 138-1234-5678')).toBe('138********');
    expect(maskExposureValue('person-phone', '13812345678')).toBe('138********');
  });
  test('leaves scam lines, links and apps readable', () => {
    expect(maskExposureValue('phone', '16712345678')).toBe('16712345678');
    expect(maskExposureValue('url', 'http://abc-pay.top')).toBe('http://abc-pay.top');
    expect(maskExposureValue('company', '某某科技有限公司')).toBe('某某科技有限公司');
  });
  test('masks contact details of a citizen', () => {
    expect(maskContact('13812345678')).toBe('138****5678');
    expect(maskContact('wang@example.com')).toBe('w***@example.com');
    expect(maskContact('wxid_abcdef')).not.toContain('abcde');
  });
});
