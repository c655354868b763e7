// Card states (issued_cards.state) with their words. The one place a state is spelled:
// code compares through CARD and shows CARD_STATE_LABELS. Browser-safe: the console imports it.
export const CARD = { inUse: 'in-use', renewed: 'renewed', invalid: 'invalid', cancelled: 'cancelled' } as const;
export type CardState = (typeof CARD)[keyof typeof CARD];

export const CARD_STATES: readonly CardState[] = [CARD.inUse, CARD.renewed, CARD.invalid, CARD.cancelled];

export const CARD_STATE_LABELS: Record<CardState, { ja: string; en: string }> = {
  [CARD.inUse]: { ja: '利用中', en: 'In use' },
  [CARD.renewed]: { ja: '更新済み', en: 'Renewed' },
  [CARD.invalid]: { ja: '無効', en: 'Invalid' },
  [CARD.cancelled]: { ja: '解約', en: 'Cancelled' },
};

export function cardStateLabel(state: string, lang: 'ja' | 'en' = 'ja'): string {
  return CARD_STATE_LABELS[state as CardState]?.[lang] ?? state;
}

export function isCardState(s: string): s is CardState {
  return (CARD_STATES as readonly string[]).includes(s);
}

/** issued_cards.reason for a first card and a renewal; re-issues store the register's reason value. */
export const REASON = { new: 'new', renewal: 'renewal' } as const;
