import { useI18n } from '../i18n/i18n';
import { ratingLabel, type Rating } from './verdict';

/** A rating by its label in the person's language, or its key when the current scale no longer has it. */
export function RatingName({ ratingKey, ratings }: { ratingKey: string; ratings: readonly Rating[] }) {
  const { language } = useI18n();
  const rating = ratings.find((r) => r.key === ratingKey);
  const label = rating ? ratingLabel(rating, language) : { text: ratingKey, lang: 'en' };
  return (
    <strong className="rating" lang={label.lang} dir="auto" data-rating={ratingKey}>
      {label.text}
    </strong>
  );
}
