// Staff console SPA entry (bundled by engine/build.ts to /assets/admin.js and
// served by the /admin/:tenant/ shell). Japanese first; English on the toggle.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { lang, unauthenticated } from './api';
import { Layout } from './components/layout';
import { AuditPage } from './pages/audit';
import { BillingPage } from './pages/billing';
import { BookingPage } from './pages/booking';
import { BuilderPage } from './pages/builder';
import { CardsPage } from './pages/cards';
import { GroupPage, GroupsPage } from './pages/groups';
import { LoginPage, PasswordPage } from './pages/login';
import { MemberNewPage } from './pages/member-desk';
import { MemberPage, MembersPage } from './pages/members';
import { LotteriesPage } from './pages/lotteries';
import { WaitlistsPage } from './pages/waitlists';
import { PermitDeskPage, PermitsPage } from './pages/permits';
import { ProxyPage } from './pages/proxy';
import { PublishPage } from './pages/publish';
import { PaymentsPage } from './pages/payments';
import { ReviewsPage } from './pages/reviews';
import { RecordPage, RecordsPage } from './pages/records';
import { ScanPage } from './pages/scan';
import { SearchPage } from './pages/search';
import { StaffPage } from './pages/staff';
import { TodayPage } from './pages/today';
import { WizardPage } from './pages/wizard';
import { route } from './router';
import { loadMe, me } from './session';
import './admin.css';

const PAGES: Record<string, () => preact.JSX.Element> = {
  today: TodayPage,
  search: SearchPage,
  booking: BookingPage,
  proxy: ProxyPage,
  reviews: ReviewsPage,
  scan: ScanPage,
  lotteries: LotteriesPage,
  waitlists: WaitlistsPage,
  permits: PermitsPage,
  'permit-desk': PermitDeskPage,
  payments: PaymentsPage,
  members: MembersPage,
  member: MemberPage,
  'member-new': MemberNewPage,
  groups: GroupsPage,
  group: GroupPage,
  records: RecordsPage,
  billing: BillingPage,
  record: RecordPage,
  cards: CardsPage,
  staff: StaffPage,
  audit: AuditPage,
  builder: BuilderPage,
  wizard: WizardPage,
  publish: PublishPage,
  password: PasswordPage,
};

const HOME_BY_KIND: [kind: string, page: string][] = [
  ['service', 'today'],
  ['card-register', 'cards'],
  ['billing', 'billing'],
  ['record', 'records'],
];

function App() {
  useEffect(() => void loadMe(), []);
  useEffect(() => {
    if (unauthenticated.value) me.value = null;
  }, [unauthenticated.value]);
  document.documentElement.lang = lang.value;
  if (me.value === undefined) return <p>読み込み中… / Loading…</p>;
  if (me.value === null) return <LoginPage />;
  const kinds = me.value.tenant.kinds;
  // The console opens on the first page of what the tenant has: a card register without services opens on its register.
  const home = kinds ? (HOME_BY_KIND.find(([k]) => kinds.includes(k))?.[1] ?? 'staff') : 'today';
  const page = me.value.mustChangePassword ? 'password' : route.value.page === 'today' ? home : route.value.page;
  const Page = PAGES[page] ?? TodayPage;
  // Keyed by page and argument so each screen starts from a clean state.
  return (
    <Layout>
      <Page key={`${page}/${route.value.arg ?? ''}/${page === 'today' ? JSON.stringify(route.value.query) : ''}`} />
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
