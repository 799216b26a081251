/**
 * The article view's part of the message catalogue (spread into `messages.ts`, which stays the one
 * catalogue the app reads). Arabic must have every key.
 */
export const ARTICLE_EN = {
  'article.view.toolbar': 'Article tools',
  'article.view.claimSpanHelp': 'Select words of the text, then press the button (or Alt+C). Without a selection, you type the words in the form.',
  'article.view.selection': 'Selected',
  'article.view.noSelection': 'Nothing selected',
  'article.view.badge': '{n} · {state}',
  'article.view.badgeFor': 'Claim {n}, {state}:',
  'article.view.notDrawn': 'not drawn: its anchor does not fit this text',
  'article.view.panel': 'The open claim',
  'article.view.closePanel': 'Close the claim',
  'claim.form.quote': 'Exact words of the article',
  'claim.form.quoteHelp': 'Filled in from your selection. If you change them, the desk looks the words up in the article.',
  'claim.form.dueAtHelp': 'In your time zone ({timeZone}).',
  'claim.form.useOccurrence': 'Use this one',
  'claim.form.submitted': 'Claim submitted: it is highlighted in the text.',
} as const;

export const ARTICLE_AR: Record<keyof typeof ARTICLE_EN, string> = {
  'article.view.toolbar': 'أدوات المقالة',
  'article.view.claimSpanHelp': 'حدّد كلمات من النص ثم اضغط الزر (أو Alt+C). إن لم تحدّد شيئًا، تكتب الكلمات في النموذج.',
  'article.view.selection': 'المحدَّد',
  'article.view.noSelection': 'لا شيء محدَّد',
  'article.view.badge': '{n} · {state}',
  'article.view.badgeFor': 'الادعاء {n}، {state}:',
  'article.view.notDrawn': 'غير مرسوم: مرساه لا يطابق هذا النص',
  'article.view.panel': 'الادعاء المفتوح',
  'article.view.closePanel': 'أغلق الادعاء',
  'claim.form.quote': 'الكلمات كما وردت في المقالة',
  'claim.form.quoteHelp': 'تُملأ من تحديدك. إن غيّرتها، يبحث المكتب عن الكلمات في المقالة.',
  'claim.form.dueAtHelp': 'بتوقيتك ({timeZone}).',
  'claim.form.useOccurrence': 'اختر هذا',
  'claim.form.submitted': 'أُرسل الادعاء: وهو مظلَّل في النص.',
};
