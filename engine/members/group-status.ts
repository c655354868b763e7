// A group's approval states: plain data the console bundles too (no database code here).
export const GROUP_STATUSES = ['applied', 'approved', 'rejected'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** The states by name (compared through these, not string literals). */
export const GROUP = { applied: 'applied', approved: 'approved', rejected: 'rejected' } as const satisfies Record<GroupStatus, GroupStatus>;

export const GROUP_STATUS_LABELS: Record<GroupStatus, { ja: string; en: string }> = {
  applied: { ja: '申請中', en: 'Applied' },
  approved: { ja: '承認', en: 'Approved' },
  rejected: { ja: '却下', en: 'Rejected' },
};
