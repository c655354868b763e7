// Permit states by name. Some spell like booking statuses (applied, rejected, expired) but
// mean the permit's own life, so code compares through these and never with a literal.
// Browser-safe: the console imports it.
export const PERMIT = { applied: 'applied', approved: 'approved', rejected: 'rejected', expired: 'expired', revoked: 'revoked' } as const;
