/**
 * What the emulated shops sell and who buys there: real-looking products and prices
 * (CNY on Taobao, USD on Shopify), Chinese and English buyers, and the questions, notes and
 * reviews buyers really write. E-mail addresses use example.com (reserved, RFC 2606).
 */

export interface Product {
  title: string;
  sku: string;
  /** Decimal string in the currency's major unit. */
  price: string;
  category: 'tea' | 'outdoor' | 'cosmetics' | 'phone-case';
}

export const TAOBAO_PRODUCTS: readonly Product[] = [
  { title: '2024新茶 明前龙井 特级 250g 罐装', sku: 'TEA-LJ-250', price: '168.00', category: 'tea' },
  { title: '云南勐海古树普洱茶饼 生茶 357g', sku: 'TEA-PE-357', price: '298.00', category: 'tea' },
  { title: '安吉白茶 礼盒装 125g', sku: 'TEA-AJ-125', price: '238.00', category: 'tea' },
  { title: '骆驼户外 3-4人全自动速开帐篷 防雨加厚', sku: 'OUT-TENT-4', price: '459.00', category: 'outdoor' },
  { title: '碳纤维登山杖 超轻伸缩 一对装', sku: 'OUT-POLE-2', price: '129.00', category: 'outdoor' },
  { title: '三合一冲锋衣 男女同款 防水透气', sku: 'OUT-JKT-31', price: '699.00', category: 'outdoor' },
  { title: '玻尿酸补水保湿面膜 10片装', sku: 'COS-MASK-10', price: '89.90', category: 'cosmetics' },
  { title: '氨基酸温和洁面乳 120g 敏感肌可用', sku: 'COS-CLN-120', price: '69.00', category: 'cosmetics' },
  { title: '清爽防晒霜 SPF50+ PA++++ 50ml', sku: 'COS-SPF-50', price: '139.00', category: 'cosmetics' },
  { title: 'iPhone 15 Pro 磁吸透明手机壳 防摔', sku: 'CASE-IP15P', price: '49.00', category: 'phone-case' },
  { title: '华为 Mate 60 Pro 全包防摔手机壳', sku: 'CASE-M60P', price: '39.90', category: 'phone-case' },
];

export const SHOPIFY_PRODUCTS: readonly Product[] = [
  { title: 'Dragon Well Green Tea, Spring Harvest 100g', sku: 'TEA-DW-100', price: '24.00', category: 'tea' },
  { title: 'Aged Pu-erh Tea Cake 357g', sku: 'TEA-PU-357', price: '42.00', category: 'tea' },
  { title: 'Summit 4-Person Dome Tent', sku: 'OUT-DOME-4', price: '189.00', category: 'outdoor' },
  { title: 'Ultralight Carbon Trekking Poles (pair)', sku: 'OUT-POLES', price: '59.00', category: 'outdoor' },
  { title: 'Hyaluronic Sheet Masks, 10 pack', sku: 'COS-HA-10', price: '18.50', category: 'cosmetics' },
  { title: 'Mineral Sunscreen SPF 50, 50ml', sku: 'COS-SUN-50', price: '22.00', category: 'cosmetics' },
  { title: 'MagSafe Clear Case for iPhone 15', sku: 'CASE-IP15', price: '29.00', category: 'phone-case' },
  { title: 'Rugged Case for Pixel 8', sku: 'CASE-PX8', price: '34.95', category: 'phone-case' },
];

export const CHINESE_NICKNAMES: readonly string[] = [
  '小鹿乱撞', '糖糖爱喝茶', '山野行者', '橘子汽水', '一只胖橘', '阿杰jay', '夏天的风', '慢慢走呀',
  '猫咪不吃鱼', '爱旅行的小王', '甜甜圈', '北漂的李姐', '云朵上的兔子', '老茶客', '露营达人',
];

export interface EnglishBuyer {
  firstName: string;
  lastName: string;
}

export const ENGLISH_BUYERS: readonly EnglishBuyer[] = [
  { firstName: 'Emma', lastName: 'Johnson' }, { firstName: 'Liam', lastName: 'Smith' },
  { firstName: 'Olivia', lastName: 'Brown' }, { firstName: 'Noah', lastName: 'Davis' },
  { firstName: 'Ava', lastName: 'Wilson' }, { firstName: 'Mason', lastName: 'Clark' },
  { firstName: 'Sophia', lastName: 'Lee' }, { firstName: 'Lucas', lastName: 'Walker' },
  { firstName: 'Mia', lastName: 'Chen' }, { firstName: 'Ethan', lastName: 'Nguyen' },
];

/** Pre-sale and after-sale questions Taobao buyers send in chat. */
export const CHINESE_QUESTIONS: Readonly<Record<Product['category'] | 'any', readonly string[]>> = {
  any: ['在吗？这款有现货吗', '亲，今天下单什么时候发货？', '包邮吗？发什么快递？', '有优惠券吗？', '可以开发票吗？'],
  tea: ['茶叶是今年的新茶吗？', '这个茶送长辈合适吗，有礼盒吗？'],
  outdoor: ['这个帐篷能住三个人吗？', '下雨天用会不会漏水？'],
  cosmetics: ['敏感肌可以用吗？', '孕妇能用吗？'],
  'phone-case': ['手机壳是 iPhone 15 Pro 的吗？', '支持无线充电吗？'],
};

export const CHINESE_AFTER_SALE: readonly string[] = [
  '我的快递怎么还没到？', '能帮我改一下收货地址吗？', '收到的颜色和图片不一样', '可以帮我催一下发货吗？',
];

/** What Shopify buyers write in the order note at checkout (Shopify's only buyer free text). */
export const ENGLISH_NOTES: Readonly<Record<Product['category'] | 'any', readonly string[]>> = {
  any: ['Can you ship before Friday?', 'Please leave the parcel at the back door.', "It's a gift, please don't include the receipt."],
  tea: ['Is the tea from this year\'s harvest?', 'Please gift wrap this, it\'s a birthday present.'],
  outdoor: ['Does this tent fit 4 people?', 'Will the poles fit in a 60L backpack?'],
  cosmetics: ['Is this sunscreen reef safe?', 'Is it suitable for sensitive skin?'],
  'phone-case': ['Does this case work with MagSafe chargers?', 'Is this for the iPhone 15 or the 15 Pro?'],
};

export const CHINESE_REVIEWS: Readonly<Record<'good' | 'neutral' | 'bad', readonly string[]>> = {
  good: ['茶香浓郁，回甘很好，会回购', '帐篷质量不错，搭建很简单', '物流很快，包装很用心，好评', '手机壳手感好，做工精细'],
  neutral: ['还行吧，和图片有点色差', '东西一般，物流有点慢'],
  bad: ['收到有破损，客服也不回复', '面膜用了过敏，差评', '发错货了，很失望'],
};

/**
 * A platform's numeric item id for a catalogue product (Taobao num_iid, JD skuId): stable
 * digits derived from the SKU, so the same product always has the same id.
 */
export function numericProductId(sku: string): string {
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1_000_000_000;
  return `6${String(hash).padStart(9, '0')}01`;
}
