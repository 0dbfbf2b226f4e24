/** The auditor dashboard (issue #7): page, session login and read-only auditor API on the AuditMSP gateway. */
export { registerAuditorDashboard, DASHBOARD_ORG, DASHBOARD_PATH, type AuditorDashboard, type AuditorDashboardOptions } from './register-dashboard';
export { AUDITOR_DEVICE_TYPES, DASHBOARD_ACTION, SESSION_COOKIE, SESSION_COOKIE_PATH } from './auditor-auth';
export { DASHBOARD_ROUTES, type DashboardRouteSpec } from './dashboard-route-table';
export { AuditorLedger, type AuditorLedgerPort, type DashboardNetwork } from './auditor-ledger';
export { LiveBlockFeed } from './live-block-feed';
export { summarizeBlock, type LiveBlock, type LiveTransaction } from './block-summary';
export { LIVE_EVENTS } from './live-route';
export { SessionTokens, DEFAULT_SESSION_TTL_MS } from './session-token';
export { DEFAULT_WEB_DIR } from './static-assets';
export { provisionDemoAuditor, DEMO_AUDITOR_KEY_FILE, type DemoAuditor } from './demo-auditor';
