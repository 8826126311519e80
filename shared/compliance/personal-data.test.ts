import { describe, expect, it } from 'vitest';
import { findPersonalData, isValidIdNumber } from './personal-data';

const kinds = (text: string) => findPersonalData(text).map((f) => [f.kind, text.slice(f.start, f.end)]);

describe('findPersonalData', () => {
  it('finds mainland mobile numbers, plain, spaced, dashed, +86 and full-width', () => {
    expect(kinds('电话13812345678')).toEqual([['phone', '13812345678']]);
    expect(kinds('call 138 1234 5678 ok')).toEqual([['phone', '138 1234 5678']]);
    expect(kinds('138-1234-5678')).toEqual([['phone', '138-1234-5678']]);
    expect(kinds('+86 13812345678')).toEqual([['phone', '+86 13812345678']]);
    expect(kinds('１３８１２３４５６７８')).toEqual([['phone', '１３８１２３４５６７８']]);
  });
  it('leaves masked numbers, order numbers and landline-length digits alone', () => {
    expect(kinds('138****5678')).toEqual([]);
    expect(kinds('订单号 2024061812345678')).toEqual([]);
    expect(kinds('12812345678')).toEqual([]);
  });
  it('finds 18-digit ID numbers only with a valid check digit', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(kinds('身份证11010519491231002X')).toEqual([['idNumber', '11010519491231002X']]);
    expect(kinds('身份证110105194912310021')).toEqual([]);
  });
  it('finds e-mail addresses', () => {
    expect(kinds('write to li.ming+shop@example.com.cn please')).toEqual([['email', 'li.ming+shop@example.com.cn']]);
  });
  it('finds street addresses with a house number, not a city alone', () => {
    expect(kinds('您的地址是浙江省杭州市西湖区文三路398号')).toEqual([['address', '浙江省杭州市西湖区文三路398号']]);
    expect(kinds('寄到上海市浦东新区世纪大道100号5楼')).toEqual([['address', '上海市浦东新区世纪大道100号5楼']]);
    expect(kinds('我们在杭州发货')).toEqual([]);
    expect(kinds('北京市朝阳区')).toEqual([]);
  });
});
