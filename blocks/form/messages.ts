// Answer checks' codes (422), each language's text in its own file.
import { registerMessages } from '../../engine/core/messages';
import { ANSWER_MESSAGES as EN } from './messages.en';
import { ANSWER_MESSAGES as JA } from './messages.ja';

registerMessages(Object.fromEntries(Object.entries(JA).map(([code, ja]) => [code, { status: 422, ja, en: EN[code as keyof typeof JA] }])));
