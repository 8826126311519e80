import { describe, expect, it } from 'vitest';
import { maskAddress, maskContact, maskIdNumber, maskName, maskPhone } from './mask';

describe('buyer data masks', () => {
  it('masks phone numbers to the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('138****5678');
    expect(maskPhone('+1 555-010-1234')).toBe('+1 555****1234');
    expect(maskPhone('12345')).toBe('****45');
  });

  it('masks names to their first character per word', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('Jane Doe')).toBe('J*** D**');
    expect(maskName('  ')).toBe('');
  });

  it('keeps the province and city of an address and hides the street', () => {
    expect(maskAddress('浙江省杭州市西湖区文三路90号')).toBe('浙江省杭州市****');
    expect(maskAddress('上海市浦东新区世纪大道100号')).toBe('上海市****');
    expect(maskAddress('12 Example Street, Springfield, OR, US')).toBe('****, OR, US');
    expect(maskAddress('somewhere')).toBe('****');
  });

  it('keeps 4 digits at each end of an ID number', () => {
    expect(maskIdNumber('330106199001011234')).toBe('3301**********1234');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('masks every field of a contact and leaves absent fields absent', () => {
    expect(maskContact({ realName: '王小明', phone: '13912345678', address: null, idNumber: null })).toEqual({
      realName: '王**',
      phone: '139****5678',
      address: null,
      idNumber: null,
    });
  });

  it('never returns the unmasked middle of a value', () => {
    for (const phone of ['13812345678', '+44 20 7946 0958', '555 0100 2222']) expect(maskPhone(phone)).not.toContain(phone.replace(/\D/g, '').slice(3, 7));
  });
});
