import { api, ApiFailure } from './api';
import type { LiveBlock, SessionAnswer } from './api-types';
import { renderAnomalies } from './anomaly-view';
import { renderAudit } from './audit-view';
import { byId, h, replace, show } from './dom';
import { shortId, utc } from './format';
import { LiveFeed } from './live-feed';
import { keyFromFile, keyFromPrivateKey, logIn, LoginError } from './login';
import { renderLot } from './lot-view';
import type { Navigator } from './navigation';
import { relatedButton, renderTrail } from './trail-view';

/** The entity whose trail is shown: live blocks that touch its keys refresh it. */
interface Current {
  readonly kind: string;
  readonly id: string;
  readonly keys: ReadonlySet<string>;
}

const page = {
  login: byId('login'),
  loginError: byId('login-error'),
  keyForm: byId<HTMLFormElement>('login-key-form'),
  privateKey: byId<HTMLTextAreaElement>('login-private-key'),
  fileForm: byId<HTMLFormElement>('login-file-form'),
  file: byId<HTMLInputElement>('login-file'),
  password: byId<HTMLInputElement>('login-password'),
  app: byId('app'),
  session: byId('session-info'),
  sessionText: byId('session-text'),
  logout: byId<HTMLButtonElement>('logout'),
  searchForm: byId<HTMLFormElement>('search-form'),
  searchKind: byId<HTMLSelectElement>('search-kind'),
  searchInput: byId<HTMLInputElement>('search-input'),
  status: byId('status'),
  matches: byId('search-matches'),
  trail: byId('trail-panel'),
  lot: byId('lot-panel'),
  audit: byId('audit-panel'),
  anomalies: byId('anomaly-panel'),
  liveList: byId<HTMLOListElement>('live-feed'),
  liveStatus: byId('live-status'),
};

let current: Current | undefined;
let currentAudit: string | undefined;

function say(text: string, kind: 'info' | 'error' = 'info'): void {
  page.status.textContent = text;
  page.status.className = `status ${kind}`;
}

/** A failed API call: an ended session sends the auditor back to the login. */
function failed(error: unknown): void {
  if (error instanceof ApiFailure && error.status === 401) {
    showLogin('Your session ended; log in again.');
    return;
  }
  say(error instanceof Error ? error.message : String(error), 'error');
}

const nav: Navigator = {
  openEntity: (kind, id) => void openEntity(kind, id),
  openLot: (lotId) => void openLot(lotId),
  openAudit: (auditId) => void openAudit(auditId),
};

async function openEntity(kind: string, id: string, fresh: ReadonlySet<string> = new Set()): Promise<void> {
  say(`Loading the trail of ${kind} ${shortId(id, 20)}…`);
  try {
    const { trail } = await api.trail(kind, id);
    current = { kind: trail.kind, id: trail.id, keys: new Set(trail.keys.map((key) => key.display)) };
    renderTrail(page.trail, trail, nav, fresh);
    show(page.trail, true);
    say(`Trail of ${kind} ${shortId(trail.id, 20)}: ${trail.transactions.length} transaction(s).`);
  } catch (error) {
    failed(error);
  }
}

async function openLot(lotId: string): Promise<void> {
  say(`Loading lot ${lotId}…`);
  try {
    renderLot(page.lot, await api.lotAudits(lotId), nav);
    show(page.lot, true);
    page.lot.scrollIntoView({ block: 'nearest' });
    say(`Lot ${lotId}.`);
  } catch (error) {
    failed(error);
  }
}

async function openAudit(auditId: string): Promise<void> {
  say(`Loading audit ${shortId(auditId)}…`);
  try {
    renderAudit(page.audit, await api.audit(auditId), nav);
    currentAudit = auditId;
    show(page.audit, true);
    page.audit.scrollIntoView({ block: 'start' });
    say(`Audit ${shortId(auditId)}.`);
  } catch (error) {
    failed(error);
  }
}

async function loadAnomalies(): Promise<void> {
  try {
    renderAnomalies(page.anomalies, await api.anomalies(), nav, () => void loadAnomalies());
  } catch (error) {
    failed(error);
  }
}

async function search(query: string, kind: string): Promise<void> {
  page.matches.replaceChildren();
  say(`Searching ${query}…`);
  try {
    const { matches } = await api.search(query, kind);
    if (matches.length === 0) {
      say(`Nothing on the ledger matches ${query}.`, 'error');
      return;
    }
    replace(page.matches, ...matches.map((match) => h('li', {}, relatedButton({ kind: match.kind as never, id: match.id }, nav), ` ${match.label} (${match.keys} ${match.kind === 'lot' ? 'vehicles' : 'keys'})`)));
    const [only] = matches;
    if (matches.length === 1 && only) {
      if (only.kind === 'lot') await openLot(only.id);
      else if (only.kind === 'audit') await Promise.all([openEntity(only.kind, only.id), openAudit(only.id)]);
      else await openEntity(only.kind, only.id);
    } else say(`${matches.length} entities match ${query}: choose one.`);
  } catch (error) {
    failed(error);
  }
}

/** A new block: refresh what it changed on screen. */
function onBlock(block: LiveBlock): void {
  const touched = block.transactions.filter((tx) => tx.validation === 'VALID');
  const keys = touched.flatMap((tx) => tx.keys);
  if (current) {
    const id = current.id.toLowerCase();
    const relevant = touched.filter((tx) => tx.keys.some((key) => current?.keys.has(key) || key.toLowerCase().includes(id)));
    if (relevant.length > 0) void openEntity(current.kind, current.id, new Set(relevant.map((tx) => tx.txId)));
  }
  if (currentAudit && keys.some((key) => key.includes(currentAudit ?? ''))) void openAudit(currentAudit);
  if (keys.some((key) => key.startsWith('vinaudit-features') || key.startsWith('vinaudit-anomaly'))) void loadAnomalies();
}

const live = new LiveFeed({
  list: page.liveList,
  status: page.liveStatus,
  onBlock,
  onTrouble: () => {
    api.session().catch((error: unknown) => failed(error));
  },
});

function enterApp(session: SessionAnswer): void {
  show(page.login, false);
  show(page.app, true);
  show(page.session, true);
  const { device } = session;
  page.sessionText.textContent = `Auditor ${shortId(device.address, 10)} (${device.deviceType}, ${device.org})${session.expiresAt ? ` · session until ${utc(session.expiresAt)}` : ''}`;
  page.session.dataset.device = device.address;
  live.start();
  void loadAnomalies();
  page.searchInput.focus();
}

function showLogin(message?: string): void {
  live.stop();
  current = undefined;
  currentAudit = undefined;
  show(page.app, false);
  show(page.session, false);
  show(page.login, true);
  for (const panel of [page.trail, page.lot, page.audit]) show(panel, false);
  page.loginError.textContent = message ?? '';
  show(page.loginError, Boolean(message));
}

async function loginWith(loadKey: () => Promise<ReturnType<typeof keyFromPrivateKey>>): Promise<void> {
  show(page.loginError, false);
  page.login.setAttribute('aria-busy', 'true');
  try {
    const session = await logIn(await loadKey());
    page.privateKey.value = '';
    page.password.value = '';
    enterApp(session);
  } catch (error) {
    page.loginError.textContent = error instanceof LoginError || error instanceof ApiFailure ? error.message : `Login failed: ${(error as Error).message}`;
    show(page.loginError, true);
  } finally {
    page.login.removeAttribute('aria-busy');
  }
}

page.keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void loginWith(async () => keyFromPrivateKey(page.privateKey.value));
});

page.fileForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const file = page.file.files?.[0];
  if (!file) {
    page.loginError.textContent = 'Choose a key file first.';
    show(page.loginError, true);
    return;
  }
  void loginWith(async () => keyFromFile(await file.text(), page.password.value));
});

page.logout.addEventListener('click', () => {
  api.logout().catch(() => undefined).finally(() => showLogin('Logged out.'));
});

page.searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = page.searchInput.value.trim();
  if (query) void search(query, page.searchKind.value);
});

api.session().then(enterApp, (error: unknown) => showLogin(error instanceof ApiFailure && error.status === 401 ? undefined : String(error)));
