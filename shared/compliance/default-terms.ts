import type { Platform } from '../domain/platforms';
import type { ComplianceSeverity, ComplianceTerm, LocalizedText } from './terms';

/**
 * The built-in term list: the absolute claims that China's Advertising Law (广告法,
 * Article 9(3): no "国家级", "最高级", "最佳" or similar wording) forbids in sales copy,
 * and the wording platforms punish on top of it.
 *
 * Single characters are never terms. A bare `最` or `第一` would flag "最近", "最后",
 * "第一次" and half of every chat; instead the list spells out the claims
 * (`最低`, `最便宜`, `销量第一`, `第一品牌` …). Words that are often harmless in a chat
 * ("绝对没问题", "100%纯棉", "唯一的办法") are `risky`: highlighted and warned about,
 * never blocked. Matching folds width, case, traditional characters and inserted spaces
 * or punctuation (shared/text/fold.ts), so `全 网 最 低` and `全網最低` are the same term.
 *
 * Owners add their own terms per platform or store, and override or switch off a
 * default by saving a term with its id (docs/quick-replies-and-compliance.md).
 */

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

const ABSOLUTE = text(
  '广告法第九条禁止使用"国家级""最高级""最佳"等绝对化用语，可被罚款，平台会降权或下架。',
  'Advertising Law art. 9 bans absolute claims ("national-level", "best", "highest"); fines, and platforms demote or delist.',
);
const ABSOLUTE_SUGGESTION = text('改为具体、可证明的描述，例如"性价比高""很多顾客回购"。', 'Say something specific and provable, e.g. "great value", "many customers buy again".');
const PRICE = text('"最低价"类说法属于绝对化用语，也可能构成价格欺诈（价格法）。', 'Lowest-price claims are absolute claims and may count as price fraud under the Price Law.');
const PRICE_SUGGESTION = text('改为"优惠价""活动价"或写明具体优惠金额。', 'Say "special price", "promo price" or state the actual discount.');
const RANKING = text('排名、"第一"类说法必须有可核实的来源，否则属于绝对化用语。', 'Rankings and "No. 1" claims need a verifiable source, otherwise they are absolute claims.');
const RANKING_SUGGESTION = text('删除排名，或写明数据来源和统计时间。', 'Remove the ranking, or name its source and period.');
const AUTHORITY = text('暗示国家机关、官方认证或特供的用语被广告法禁止。', 'Wording that implies state endorsement or official supply is banned by the Advertising Law.');
const AUTHORITY_SUGGESTION = text('删除，仅保留有证书编号可查的认证信息。', 'Remove it; mention only certifications with a verifiable certificate number.');
const GUARANTEE = text('绝对保证类用语容易被认定为虚假或夸大宣传。', 'Absolute guarantees are easily judged false or exaggerated advertising.');
const GUARANTEE_SUGGESTION = text('改为具体承诺，例如"支持7天无理由退货"。', 'Make a concrete promise instead, e.g. "7-day no-questions returns".');
const PLATFORM_RULE = text('平台规则禁止的营销用语，违规会被扣分或限流。', 'Marketing wording the platform prohibits; violations cost points or reach.');
const PLATFORM_SUGGESTION = text('改为描述真实的活动力度。', 'Describe the actual promotion instead.');

type Row = [slug: string, term: string, severity: ComplianceSeverity, reason: LocalizedText, suggestion: LocalizedText, platform?: Platform[]];

const ROWS: Row[] = [
  // 最 + adjective: the absolute superlatives (a bare 最 is not a term, see above).
  ['zui-jia', '最佳', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-hao', '最好', 'risky', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-gao', '最高', 'risky', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-gao-ji', '最高级', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-di', '最低', 'banned', PRICE, PRICE_SUGGESTION],
  ['zui-pian-yi', '最便宜', 'banned', PRICE, PRICE_SUGGESTION],
  ['zui-you', '最优', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-qiang', '最强', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-da', '最大', 'risky', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-xian-jin', '最先进', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-xin', '最新', 'risky', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-huo', '最火', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-chang-xiao', '最畅销', 'banned', RANKING, RANKING_SUGGESTION],
  ['zui-shou-huan-ying', '最受欢迎', 'banned', RANKING, RANKING_SUGGESTION],
  ['zui-quan-wei', '最权威', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-zheng-zong', '最正宗', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['zui-you-hui', '最优惠', 'banned', PRICE, PRICE_SUGGESTION],
  ['zui-hua-suan', '最划算', 'banned', PRICE, PRICE_SUGGESTION],
  ['quan-wang-zui-di', '全网最低', 'banned', PRICE, PRICE_SUGGESTION],
  ['quan-wang-zui-di-jia', '全网最低价', 'banned', PRICE, PRICE_SUGGESTION],
  ['shi-shang', '史上', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['jue-wu-jin-you', '绝无仅有', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['ding-ji', '顶级', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['ji-pin', '极品', 'banned', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['ji-zhi', '极致', 'risky', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['wan-neng', '万能', 'banned', GUARANTEE, GUARANTEE_SUGGESTION],
  ['wan-wu-yi-shi', '万无一失', 'banned', GUARANTEE, GUARANTEE_SUGGESTION],
  ['jue-dui', '绝对', 'risky', GUARANTEE, GUARANTEE_SUGGESTION],
  ['bai-fen-zhi-bai', '100%', 'risky', GUARANTEE, GUARANTEE_SUGGESTION],
  ['bai-fen-bai', '百分百', 'risky', GUARANTEE, GUARANTEE_SUGGESTION],
  ['du-jia', '独家', 'risky', ABSOLUTE, ABSOLUTE_SUGGESTION],
  ['wei-yi', '唯一', 'risky', ABSOLUTE, ABSOLUTE_SUGGESTION],
  // 第一: the ranking claims, not the ordinal (第一次, 第一天 are fine).
  ['di-yi-pin-pai', '第一品牌', 'banned', RANKING, RANKING_SUGGESTION],
  ['di-yi-ming', '第一名', 'banned', RANKING, RANKING_SUGGESTION],
  ['xiao-liang-di-yi', '销量第一', 'banned', RANKING, RANKING_SUGGESTION],
  ['hang-ye-di-yi', '行业第一', 'banned', RANKING, RANKING_SUGGESTION],
  ['pai-ming-di-yi', '排名第一', 'banned', RANKING, RANKING_SUGGESTION],
  ['quan-wang-di-yi', '全网第一', 'banned', RANKING, RANKING_SUGGESTION],
  ['quan-guo-di-yi', '全国第一', 'banned', RANKING, RANKING_SUGGESTION],
  ['shi-jie-di-yi', '世界第一', 'banned', RANKING, RANKING_SUGGESTION],
  ['no-1', 'NO.1', 'banned', RANKING, RANKING_SUGGESTION],
  ['top-1', 'TOP1', 'banned', RANKING, RANKING_SUGGESTION],
  ['shou-ge', '首个', 'risky', RANKING, RANKING_SUGGESTION],
  ['shou-jia', '首家', 'risky', RANKING, RANKING_SUGGESTION],
  ['quan-qiu-shou-fa', '全球首发', 'banned', RANKING, RANKING_SUGGESTION],
  ['guo-jia-ji', '国家级', 'banned', AUTHORITY, AUTHORITY_SUGGESTION],
  ['shi-jie-ji', '世界级', 'banned', AUTHORITY, AUTHORITY_SUGGESTION],
  ['te-gong', '特供', 'banned', AUTHORITY, AUTHORITY_SUGGESTION],
  ['zhuan-gong', '专供', 'banned', AUTHORITY, AUTHORITY_SUGGESTION],
  ['guo-jia-tui-jian', '国家推荐', 'banned', AUTHORITY, AUTHORITY_SUGGESTION],
  // Platform rules on top of the law.
  ['miao-sha-quan-wang', '秒杀全网', 'banned', PLATFORM_RULE, PLATFORM_SUGGESTION, ['taobao', 'tmall', 'douyin']],
  ['quan-wang-di-jia', '全网底价', 'banned', PLATFORM_RULE, PLATFORM_SUGGESTION, ['taobao', 'tmall', 'douyin', 'pinduoduo']],
  ['jia-yi-pei-wan', '假一赔万', 'banned', PLATFORM_RULE, PLATFORM_SUGGESTION, ['taobao', 'tmall', 'pinduoduo']],
  ['jia-wei-xin', '加微信', 'banned', text('引导买家到平台外交易违反平台规则。', 'Steering buyers off the platform breaks its rules.'), text('在平台内完成沟通与交易。', 'Keep the conversation and the sale on the platform.'), ['taobao', 'tmall', 'jd', 'pinduoduo', 'douyin', 'xiaohongshu']],
];

const DEFAULTS_TIME = new Date(Date.UTC(2025, 0, 1)).toISOString();

/**
 * One term per platform list entry would repeat rows; a default with several platforms
 * is expanded into one term per platform (`default:<slug>:<platform>`).
 */
export const DEFAULT_COMPLIANCE_TERMS: readonly ComplianceTerm[] = ROWS.flatMap(([slug, term, severity, reason, suggestion, platforms]) =>
  (platforms ?? [null]).map((platform) => ({
    id: platform === null ? `default:${slug}` : `default:${slug}:${platform}`,
    term,
    reason,
    suggestion,
    severity,
    platform,
    storeId: null,
    createdAt: DEFAULTS_TIME,
    updatedAt: DEFAULTS_TIME,
    deletedAt: null,
  })),
);
