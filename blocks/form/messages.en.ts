// Messages of answer checks, English: every code of messages.ja.ts.
import type { ANSWER_MESSAGES as JA } from './messages.ja';

export const ANSWER_MESSAGES: Record<keyof typeof JA, string> = {
  'answer.required': 'Please enter "{labelEn}".',
  'answer.required_choice': 'Please choose "{labelEn}".',
  'answer.choice': 'Please choose "{labelEn}" from the list.',
  'answer.format': '"{labelEn}" is not in the expected format. {hintEn}',
  'answer.future_date': '"{labelEn}" cannot be a date after today.',
  'answer.too_short': '"{labelEn}" must be at least {limit} characters.',
  'answer.too_long': '"{labelEn}" must be at most {limit} characters.',
  'answer.range': '"{labelEn}" must be a number from {min} to {max}.',
  'answer.count': 'Choose {min} to {max} item(s) for "{labelEn}".',
  'answer.consent': 'Please read and agree to "{labelEn}".',
  'answer.chars': 'Use {charsEn} only for "{labelEn}".',
  'answer.unknown_field': 'The form has no field "{field}".',
  'answer.not_object': 'Answers must be an object.',
};
