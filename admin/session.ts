// Who is signed in (GET /me), shared by every page.
import { signal } from '@preact/signals';
import type { PERMISSIONS, Role } from '../engine/staff/roles';
import { api, unauthenticated } from './api';

export interface Me {
  loginId: string;
  name: string;
  role: Role;
  roleLabel: string;
  scope: '*' | string[];
  mustChangePassword: boolean;
  /** One flag per permission of engine/staff/roles.ts. */
  can: Record<keyof typeof PERMISSIONS, boolean>;
  tenant: { slug: string; title: string; timeZone: string };
  today: string;
  services: { id: string; title: string }[];
  /** Block kinds the tenant has blocks of. */
  kinds: string[];
  preferences: Record<string, unknown>;
}

export const me = signal<Me | null | undefined>(undefined);

export async function loadMe(): Promise<void> {
  try {
    me.value = await api<Me>('GET', '/me');
    unauthenticated.value = false;
  } catch {
    me.value = null;
  }
}
