// A lottery block is either one fixed-date lottery or a monthly cycle; each cycle
// is its own lottery (own id `<block>-<YYYY-MM of the slots>`, own seed). These
// helpers turn compiled blocks into the concrete lotteries the store works on.
import { addMonths, lastDayOfMonth } from '../../engine/schedule/dates';
import { epochToLocal, localIso } from '../../engine/schedule/time';

export interface LotteryRules {
  maxChoices: number;
  maxEntriesPerPerson: number;
  maxWinsPerPerson: number;
  /** 0 = wins are confirmed at once. */
  confirmWithinHours: number;
  onlineWithdrawal: boolean;
  priority: readonly { id: string; title: string; when: unknown }[];
}

/** One concrete lottery: a fixed-date block, or one cycle of a monthly block. */
export interface CompiledLottery extends LotteryRules {
  /** Public id (API); for a cycle `<block>-<YYYY-MM>`. */
  id: string;
  blockId: string;
  /** '' for a fixed-date lottery, the slot month (YYYY-MM) for a cycle. */
  cycle: string;
  title: string;
  service: string;
  slotsFrom: string;
  slotsTo: string;
  opens: string;
  closes: string;
  drawAt: string;
  opensMs: number;
  closesMs: number;
  drawAtMs: number;
}

export interface DayTime {
  day: number;
  time: string;
}

export interface CompiledLotteryBlock extends LotteryRules {
  id: string;
  title: string;
  service: string;
  timezone: string;
  fixed?: { slotsFrom: string; slotsTo: string; opens: string; closes: string; drawAt: string };
  monthly?: { firstMonth: string; lastMonth?: string; monthsAhead: number; opens: DayTime; closes: DayTime; drawAt: DayTime };
}


function rules(b: CompiledLotteryBlock): LotteryRules {
  const { maxChoices, maxEntriesPerPerson, maxWinsPerPerson, confirmWithinHours, onlineWithdrawal, priority } = b;
  return { maxChoices, maxEntriesPerPerson, maxWinsPerPerson, confirmWithinHours, onlineWithdrawal, priority };
}

function concrete(b: CompiledLotteryBlock, cycle: string, f: NonNullable<CompiledLotteryBlock['fixed']>): CompiledLottery {
  return {
    ...rules(b),
    id: cycle ? `${b.id}-${cycle}` : b.id,
    blockId: b.id,
    cycle,
    title: cycle ? `${b.title}（${Number(cycle.slice(5))}月分）` : b.title,
    service: b.service,
    ...f,
    opensMs: Date.parse(f.opens),
    closesMs: Date.parse(f.closes),
    drawAtMs: Date.parse(f.drawAt),
  };
}

/** The cycle whose slots are in `month` (YYYY-MM), if the block runs one then. */
export function cycleFor(b: CompiledLotteryBlock, month: string): CompiledLottery | undefined {
  const m = b.monthly;
  if (!m || month < m.firstMonth || (m.lastMonth !== undefined && month > m.lastMonth)) return undefined;
  const apply = addMonths(month, -m.monthsAhead);
  const at = (dt: DayTime) => localIso(`${apply}-${String(dt.day).padStart(2, '0')}`, dt.time, b.timezone);
  return concrete(b, month, { slotsFrom: `${month}-01`, slotsTo: lastDayOfMonth(month), opens: at(m.opens), closes: at(m.closes), drawAt: at(m.drawAt) });
}

/** The lotteries of a block that matter around `now`: the fixed one, or the cycles applied for from two months back to next month. */
export function lotteriesAround(b: CompiledLotteryBlock, now: number): CompiledLottery[] {
  if (b.fixed) return [concrete(b, '', b.fixed)];
  const m = b.monthly!;
  const thisMonth = epochToLocal(now, b.timezone).date.slice(0, 7);
  const out: CompiledLottery[] = [];
  for (let k = -2; k <= 1; k++) {
    const c = cycleFor(b, addMonths(thisMonth, k + m.monthsAhead));
    if (c) out.push(c);
  }
  return out;
}

/** A lottery by its public id (any cycle of a monthly block, not only those around now). */
export function lotteryById(blocks: readonly CompiledLotteryBlock[], id: string): CompiledLottery | undefined {
  for (const b of blocks) {
    if (b.fixed && b.id === id) return concrete(b, '', b.fixed);
    if (b.monthly && id.startsWith(`${b.id}-`)) {
      const month = id.slice(b.id.length + 1);
      if (/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return cycleFor(b, month);
    }
  }
  return undefined;
}

/** The lottery whose slots include this date, if any. */
export function lotteryForDate(b: CompiledLotteryBlock, date: string): CompiledLottery | undefined {
  if (b.fixed) return date >= b.fixed.slotsFrom && date <= b.fixed.slotsTo ? concrete(b, '', b.fixed) : undefined;
  return cycleFor(b, date.slice(0, 7));
}

