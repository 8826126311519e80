/**
 * What the emulated shops sell and who buys there: real-looking products and prices
 * (CNY on Taobao, USD on Shopify), Chinese and English buyers, and the questions, notes and
 * reviews buyers really write. E-mail addresses use example.com (reserved, RFC 2606).
 */

/**
 * What a shop sells. An emulated store may be given the categories it sells (`categories`
 * in emulator/config.ts): its buyers then order, ask about and review only those products.
 * A store without categories sells from the mixed lists below (TAOBAO_PRODUCTS,
 * SHOPIFY_PRODUCTS), as every store did before categories existed.
 */
export const PRODUCT_CATEGORIES = ['tea', 'outdoor', 'cosmetics', 'phone-case', 'silk', 'snacks', 'fruit', 'appliances', 'ceramics', 'bags'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export interface Product {
  title: string;
  sku: string;
  /** Decimal string in the currency's major unit. */
  price: string;
  category: ProductCategory;
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

/** Chinese-platform products of the categories the mixed TAOBAO_PRODUCTS list leaves out. */
const MORE_CHINESE_PRODUCTS: readonly Product[] = [
  { title: '杭州真丝围巾 100%桑蚕丝 印花长款', sku: 'SILK-SCF-180', price: '329.00', category: 'silk' },
  { title: '22姆米重磅真丝睡衣套装 女款', sku: 'SILK-PJ-22', price: '899.00', category: 'silk' },
  { title: '桑蚕丝枕套 双面 48x74cm', sku: 'SILK-PIL-48', price: '199.00', category: 'silk' },
  { title: '四川麻辣牛肉干 500g 独立小包', sku: 'SNK-BEEF-500', price: '79.90', category: 'snacks' },
  { title: '灯影牛肉丝 香辣味 250g', sku: 'SNK-DY-250', price: '39.90', category: 'snacks' },
  { title: '自贡冷吃兔 麻辣味 200g', sku: 'SNK-RAB-200', price: '35.90', category: 'snacks' },
  { title: '怪味胡豆 400g 袋装', sku: 'SNK-BEAN-400', price: '19.90', category: 'snacks' },
  { title: '赣南脐橙 10斤装 新鲜现摘', sku: 'FRT-ORG-10', price: '49.90', category: 'fruit' },
  { title: '四川爱媛38号果冻橙 5斤', sku: 'FRT-AY-5', price: '39.90', category: 'fruit' },
  { title: '海南金煌芒 5斤 大果', sku: 'FRT-MG-5', price: '45.80', category: 'fruit' },
  { title: '丹东99草莓 3斤 礼盒装', sku: 'FRT-SB-3', price: '89.00', category: 'fruit' },
  { title: '小熊养生壶 1.5L 多功能煮茶器', sku: 'APP-KTL-15', price: '129.00', category: 'appliances' },
  { title: '美的电饭煲 4L 智能预约', sku: 'APP-RC-4', price: '299.00', category: 'appliances' },
  { title: '九阳破壁豆浆机 1.2L 免滤', sku: 'APP-SOY-12', price: '459.00', category: 'appliances' },
  { title: '空气炸锅 5.5L 可视窗 家用', sku: 'APP-AF-55', price: '349.00', category: 'appliances' },
  { title: '景德镇手绘青花 品茗杯 一对', sku: 'CER-CUP-2', price: '168.00', category: 'ceramics' },
  { title: '汝窑开片 主人杯 天青色', sku: 'CER-RY-1', price: '88.00', category: 'ceramics' },
  { title: '联名帆布托特包 大容量', sku: 'BAG-TOTE', price: '79.00', category: 'bags' },
  { title: '帆布束口收纳袋 三件套', sku: 'BAG-POUCH-3', price: '39.00', category: 'bags' },
];

/** English-store products of the categories the mixed SHOPIFY_PRODUCTS list leaves out or has few of. */
const MORE_ENGLISH_PRODUCTS: readonly Product[] = [
  { title: 'Packable Rain Shell Jacket', sku: 'OUT-SHELL', price: '119.00', category: 'outdoor' },
  { title: 'Insulated Camp Mug 12oz', sku: 'OUT-MUG-12', price: '24.00', category: 'outdoor' },
  { title: 'Hand-thrown Stoneware Mug', sku: 'CER-MUG-HT', price: '32.00', category: 'ceramics' },
  { title: 'Celadon Teapot 600ml', sku: 'CER-POT-600', price: '78.00', category: 'ceramics' },
  { title: 'Speckled Ramen Bowl', sku: 'CER-RAMEN', price: '38.00', category: 'ceramics' },
  { title: 'Matte White Bud Vase', sku: 'CER-VASE-S', price: '26.00', category: 'ceramics' },
];

export type CatalogueLanguage = 'zh' | 'en';

/**
 * The products a store sells: its categories' products in its buyers' language, or the
 * mixed list of that language when it was given no categories. Empty when none of the
 * categories has products in that language (the emulator refuses such a store).
 */
export function catalogueFor(language: CatalogueLanguage, categories?: readonly ProductCategory[]): readonly Product[] {
  const mixed = language === 'zh' ? TAOBAO_PRODUCTS : SHOPIFY_PRODUCTS;
  if (categories === undefined) return mixed;
  const all = [...mixed, ...(language === 'zh' ? MORE_CHINESE_PRODUCTS : MORE_ENGLISH_PRODUCTS)];
  return all.filter((product) => categories.includes(product.category));
}

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
export const CHINESE_QUESTIONS: Readonly<Record<ProductCategory | 'any', readonly string[]>> = {
  any: ['在吗？这款有现货吗', '亲，今天下单什么时候发货？', '包邮吗？发什么快递？', '有优惠券吗？', '可以开发票吗？'],
  tea: ['茶叶是今年的新茶吗？', '这个茶送长辈合适吗，有礼盒吗？'],
  outdoor: ['这个帐篷能住三个人吗？', '下雨天用会不会漏水？'],
  cosmetics: ['敏感肌可以用吗？', '孕妇能用吗？'],
  'phone-case': ['手机壳是 iPhone 15 Pro 的吗？', '支持无线充电吗？'],
  silk: ['真丝围巾可以机洗吗？', '是100%桑蚕丝吗，有检测报告吗？'],
  snacks: ['辣度怎么样，小孩能吃吗？', '保质期到什么时候？'],
  fruit: ['橙子甜不甜，坏果包赔吗？', '今天下单什么时候采摘发货？'],
  appliances: ['这个电器保修多久？', '内胆是不粘涂层吗？'],
  ceramics: ['茶杯能用洗碗机吗？', '是手绘的吗，会有瑕疵吗？'],
  bags: ['帆布袋能装下笔记本电脑吗？', '联名款还会补货吗？'],
};

export const CHINESE_AFTER_SALE: readonly string[] = [
  '我的快递怎么还没到？', '能帮我改一下收货地址吗？', '收到的颜色和图片不一样', '可以帮我催一下发货吗？',
];

/** What Shopify buyers write in the order note at checkout (Shopify's only buyer free text). */
export const ENGLISH_NOTES: Readonly<Record<ProductCategory | 'any', readonly string[]>> = {
  any: ['Can you ship before Friday?', 'Please leave the parcel at the back door.', "It's a gift, please don't include the receipt."],
  tea: ['Is the tea from this year\'s harvest?', 'Please gift wrap this, it\'s a birthday present.'],
  outdoor: ['Does this tent fit 4 people?', 'Will the poles fit in a 60L backpack?'],
  cosmetics: ['Is this sunscreen reef safe?', 'Is it suitable for sensitive skin?'],
  'phone-case': ['Does this case work with MagSafe chargers?', 'Is this for the iPhone 15 or the 15 Pro?'],
  silk: ['Is the scarf gift boxed?', 'Can the silk pillowcase go in the washing machine?'],
  snacks: ['How spicy is the beef jerky?', 'What is the best-before date?'],
  fruit: ['Please ship only when the fruit is ripe.', 'Is the box packed against bruising?'],
  appliances: ['Does it come with a US plug?', 'How long is the warranty?'],
  ceramics: ['Please pack the mugs carefully, my last order arrived chipped.', 'Is the teapot dishwasher safe?'],
  bags: ['Is the tote big enough for a laptop?', 'Is the canvas waterproof?'],
};

/** Reviews any buyer may write, whatever they bought. */
export const CHINESE_REVIEWS: Readonly<Record<ReviewLevel, readonly string[]>> = {
  good: ['物流很快，包装很用心，好评'],
  neutral: ['还行吧，和图片有点色差', '东西一般，物流有点慢'],
  bad: ['收到有破损，客服也不回复', '发错货了，很失望'],
};

export type ReviewLevel = 'good' | 'neutral' | 'bad';

/** Reviews about the product itself, so that a tea shop is praised for its tea and not for a tent. */
export const CHINESE_PRODUCT_REVIEWS: Readonly<Record<ProductCategory, Readonly<Record<'good' | 'bad', readonly string[]>>>> = {
  tea: { good: ['茶香浓郁，回甘很好，会回购'], bad: ['茶叶碎末太多，不像明前茶'] },
  outdoor: { good: ['帐篷质量不错，搭建很简单'], bad: ['用了一次就坏了，质量太差'] },
  cosmetics: { good: ['补水效果很好，皮肤不干了'], bad: ['面膜用了过敏，差评'] },
  'phone-case': { good: ['手机壳手感好，做工精细'], bad: ['孔位对不上，差评'] },
  silk: { good: ['真丝很顺滑，光泽好，送妈妈很喜欢'], bad: ['洗了一次就起球了，不像真丝'] },
  snacks: { good: ['麻辣味很正宗，越吃越香'], bad: ['太咸了，吃不下去'] },
  fruit: { good: ['橙子很甜，水分足，没有坏果'], bad: ['好几个烂果，太失望了'] },
  appliances: { good: ['做饭很方便，声音也小'], bad: ['用了三天就不加热了'] },
  ceramics: { good: ['釉色很美，手感温润'], bad: ['收到杯子有裂纹'] },
  bags: { good: ['帆布很厚实，图案好看'], bad: ['线头很多，做工粗糙'] },
};

/** What a buyer of a `category` product may write at review `level`. */
export function chineseReviewsFor(level: ReviewLevel, category: ProductCategory): readonly string[] {
  return level === 'neutral' ? CHINESE_REVIEWS.neutral : [...CHINESE_REVIEWS[level], ...CHINESE_PRODUCT_REVIEWS[category][level]];
}

/**
 * A platform's numeric item id for a catalogue product (Taobao num_iid, JD skuId): stable
 * digits derived from the SKU, so the same product always has the same id.
 */
export function numericProductId(sku: string): string {
  let hash = 0;
  for (const char of sku) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 1_000_000_000;
  return `6${String(hash).padStart(9, '0')}01`;
}
