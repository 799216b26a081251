// Synthetic but plausible newsroom data: Arabic article bodies with one uniquely anchorable sentence per
// claim, and claim statements drawn from a mixed English/Arabic vocabulary (so trigram searches and the
// intake's similar-claims lookup see realistic, mostly dissimilar text).
import { prng } from './common.js';

export const ENGLISH_WORDS = (
  'minister ministry budget treaty signed talks summit defence missile strategic stability cooperation ' +
  'agreement percent rose fell inflation election parliament president spokesman statement official ' +
  'report census population unemployment growth exports imports oil gas pipeline border refugees ' +
  'ceasefire negotiations delegation embassy sanctions tariffs bank currency reserves deficit debt ' +
  'hospital vaccine outbreak school teachers students university drought harvest wheat prices fuel ' +
  'electricity water dam river port airport railway highway bridge housing rent wages pension tax ' +
  'court judge verdict appeal prison police protest strike union company shares profits losses ' +
  'investment fund loan grant aid donors conference declaration resolution council security army ' +
  'navy air force drone attack casualties injured killed displaced camp shelter winter summer record ' +
  'highest lowest since decade century million billion thousand half quarter doubled tripled'
).split(' ');

export const ARABIC_WORDS = (
  'وزير وزارة الميزانية معاهدة وقعت محادثات قمة الدفاع الصاروخي الاستقرار الاستراتيجي التعاون اتفاق ' +
  'بالمئة ارتفع انخفض التضخم انتخابات البرلمان الرئيس المتحدث بيان رسمي تقرير تعداد السكان البطالة ' +
  'النمو الصادرات الواردات النفط الغاز الحدود اللاجئين وقف إطلاق النار مفاوضات وفد السفارة عقوبات ' +
  'البنك العملة الاحتياطي العجز الدين المستشفى اللقاح المدارس المعلمين الطلاب الجامعة الجفاف القمح ' +
  'الأسعار الوقود الكهرباء المياه السد النهر الميناء المطار السكك الجسر الإسكان الأجور الضرائب المحكمة'
).split(' ');

const ALL_WORDS = [...ENGLISH_WORDS, ...ARABIC_WORDS];

/** A statement of 7–11 words from the vocabulary, with a number and a year (deterministic per index). */
export function statementFor(index: number, seed = 1): string {
  const rand = prng(index * 7919 + seed);
  const arabic = rand() < 0.4;
  const words = arabic ? ARABIC_WORDS : ENGLISH_WORDS;
  const count = 7 + Math.floor(rand() * 5);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(words[Math.floor(rand() * words.length)]!);
  parts.splice(Math.floor(rand() * parts.length), 0, String(Math.floor(rand() * 100)));
  parts.push(String(1990 + Math.floor(rand() * 36)));
  return parts.join(' ');
}

/** The unique span each claim anchors to: `الجملة رقم <n>:` occurs exactly once in its article body. */
export const anchorFor = (n: number) => `الجملة رقم ${n}:`;

/** An Arabic article body with `sentences` numbered sentences (one anchor each). */
export function articleBody(sentences: number, seed = 1): string {
  const rand = prng(seed);
  const lines: string[] = ['قالت وزارة الخارجية، الخميس، إن الطرفين أجريا محادثات في العاصمة هذا الأسبوع.'];
  for (let n = 1; n <= sentences; n++) {
    const words: string[] = [];
    for (let i = 0; i < 6; i++) words.push(ARABIC_WORDS[Math.floor(rand() * ARABIC_WORDS.length)]!);
    lines.push(`${anchorFor(n)} ${words.join(' ')} عام ${1990 + (n % 36)}.`);
  }
  return lines.join('\n');
}

export const randomWord = (rand: () => number) => ALL_WORDS[Math.floor(rand() * ALL_WORDS.length)]!;

/** The claim kinds the API accepts, in the proportions the benches seed. */
export const KINDS = ['date', 'number', 'quote', 'attribution', 'event', 'other'] as const;
