// The lease-contract system as a port: an HTTP adapter (the real system's API) and a CSV
// adapter (files exported from it into the tenant folder) with the same answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../engine/core/errors';
import { readCsvRows } from '../../engine/export/csv-import';
import type { CompiledCardRegister } from './block';

export interface LeaseContract {
  leaseNo: string;
  customerName: string;
  /** 'YYYY-MM-DD' */
  start: string;
  end: string;
}

export interface LeaseVehicle {
  regNo: string;
  leaseNo: string;
  name?: string;
}

export interface LeaseLookup {
  contract(leaseNo: string): Promise<LeaseContract | null>;
  vehicle(regNo: string): Promise<LeaseVehicle | null>;
}

/** A registration number as stored: NFKC, runs of spaces as one half-width space, trimmed. */
export function normalizeSubject(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** Names compared loosely: NFKC, without any spaces. */
export function nameKey(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

const unavailable = (reason: string) => new EngineError('card.lookup_unavailable', { reason });

export function httpLookup(base: string, timeoutMs = 5000): LeaseLookup {
  const root = base.replace(/\/+$/, '');
  async function get<T>(path: string): Promise<T | null> {
    let res: Response;
    try {
      res = await fetch(`${root}${path}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      throw unavailable((e as Error).name === 'TimeoutError' ? 'timeout' : String((e as Error).message ?? e));
    }
    if (res.status === 404) return null;
    if (!res.ok) throw unavailable(`HTTP ${res.status}`);
    try {
      return (await res.json()) as T;
    } catch {
      throw unavailable('bad JSON');
    }
  }
  return {
    async contract(leaseNo) {
      const c = await get<Partial<LeaseContract>>(`/contracts/${encodeURIComponent(leaseNo)}`);
      if (!c) return null;
      if (typeof c.leaseNo !== 'string' || typeof c.customerName !== 'string' || typeof c.start !== 'string' || typeof c.end !== 'string') throw unavailable('bad contract');
      return { leaseNo: c.leaseNo, customerName: c.customerName, start: c.start, end: c.end };
    },
    async vehicle(regNo) {
      const v = await get<Partial<LeaseVehicle>>(`/vehicles/${encodeURIComponent(regNo)}`);
      if (!v) return null;
      if (typeof v.regNo !== 'string' || typeof v.leaseNo !== 'string') throw unavailable('bad vehicle');
      return { regNo: normalizeSubject(v.regNo), leaseNo: v.leaseNo, ...(typeof v.name === 'string' ? { name: v.name } : {}) };
    },
  };
}

/** Reads the two files on every call, so a replaced export is seen at once. */
export function csvLookup(dir: string): LeaseLookup {
  const table = (name: string): string[][] => {
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch (e) {
      throw unavailable(`${name}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    return readCsvRows(text).slice(1);
  };
  return {
    async contract(leaseNo) {
      const row = table('contracts.csv').find((r) => r[0]?.trim() === leaseNo.trim());
      return row ? { leaseNo: row[0].trim(), customerName: (row[1] ?? '').trim(), start: (row[2] ?? '').trim(), end: (row[3] ?? '').trim() } : null;
    },
    async vehicle(regNo) {
      const key = normalizeSubject(regNo);
      const row = table('vehicles.csv').find((r) => normalizeSubject(r[0] ?? '') === key);
      return row ? { regNo: key, leaseNo: (row[1] ?? '').trim(), ...(row[2]?.trim() ? { name: row[2].trim() } : {}) } : null;
    },
  };
}

/** The adapter for a register: HTTP when its URL variable is set, else the tenant folder's CSV. */
export function lookupFor(reg: CompiledCardRegister, tenantSlug: string, env: Readonly<Record<string, string | undefined>>): LeaseLookup {
  const url = reg.lookup.urlEnv ? env[reg.lookup.urlEnv] : undefined;
  if (url) return httpLookup(url, reg.lookup.timeoutMs);
  return csvLookup(join(env.TENANTS_DIR ?? 'tenants', tenantSlug, reg.lookup.csvDir));
}
