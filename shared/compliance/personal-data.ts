/**
 * The personal-data guard (PIPL): finds a buyer's full phone number, ID number, e-mail
 * address or street address in text an agent is about to send, so that the composer can
 * warn first. Masked values (`138****5678`) are what agents should send, and do not match.
 */
export type PersonalDataKind = 'phone' | 'idNumber' | 'address' | 'email';

export interface PersonalDataFinding {
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
  kind: PersonalDataKind;
}

/** Full-width ASCII (０-９, ＠, －) to half-width, one UTF-16 unit each, so offsets survive. */
function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Mainland mobile: 1[3-9] + 9 digits, optionally +86, with spaces or dashes anywhere. */
const PHONE = /(?<![\d])(?:\+?86[\s-]?)?1[\s-]?[3-9](?:[\s-]?\d){9}(?![\d])/g;
/** 18-digit resident ID: 17 digits and a check character; validated below. */
const ID_NUMBER = /(?<![\dXx])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dXx])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

const PROVINCES =
  '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门';
/** A Han character that is not a common function word, so a place name does not swallow "您的地址是". */
const PLACE_CHAR = '(?:(?![的是在到址寄送收我你您他她了和为给请把发])\\p{Script=Han})';
/**
 * A street address: optional province, city, district, town; then a road, street or
 * lane with a house number (`文三路398号`), then optional building/room parts. A city
 * alone is not personal data; the road plus number is what makes an address.
 */
const ADDRESS = new RegExp(
  [
    `(?:(?:${PROVINCES})(?:省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区)?)?`,
    `(?:${PLACE_CHAR}{1,6}?(?:市|州|盟|地区))?`,
    `(?:${PLACE_CHAR}{1,6}?(?:区|县|旗))?`,
    `(?:${PLACE_CHAR}{1,8}?(?:镇|乡|街道))?`,
    `${PLACE_CHAR}{1,10}?(?:大道|路|街|巷|弄|胡同)`,
    `\\s*\\d{1,5}(?:-\\d{1,5})?\\s*号`,
    `(?:\\s*(?:${PLACE_CHAR}|\\d|-){0,12}?(?:号楼|楼|栋|幢|座|单元|层|室|号))*`,
  ].join(''),
  'gu',
);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits. */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(id[index]), 0);
  return ID_CHECK[sum % 11] === id[17]?.toUpperCase();
}

export function findPersonalData(text: string): PersonalDataFinding[] {
  const plain = halfWidth(text);
  const findings: PersonalDataFinding[] = [];
  const add = (kind: PersonalDataKind, start: number, end: number) => {
    if (findings.some((other) => start < other.end && other.start < end)) return;
    findings.push({ kind, start, end });
  };
  // ID numbers first: an ID's digits must not be read as a phone number.
  for (const match of plain.matchAll(ID_NUMBER)) {
    if (isValidIdNumber(match[0])) add('idNumber', match.index, match.index + match[0].length);
  }
  for (const match of plain.matchAll(EMAIL)) add('email', match.index, match.index + match[0].length);
  for (const match of plain.matchAll(PHONE)) add('phone', match.index, match.index + match[0].length);
  for (const match of plain.matchAll(ADDRESS)) add('address', match.index, match.index + match[0].length);
  return findings.sort((a, b) => a.start - b.start);
}
