import { expect } from 'chai';
import { Counter, Registry } from 'prom-client';
import { OperationsServer } from './operations-server';

describe('OperationsServer', () => {
  it('reports health, failing checks with 503, and Prometheus metrics', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'ledger_transactions_total', help: 'committed transactions', registers: [registry] });
    counter.inc(3);
    let healthy = true;
    const server = new OperationsServer(registry, [{ component: 'ledger', check: async () => { if (!healthy) throw new Error('closed'); } }], '2.5.0-embedded');
    const port = await server.listen(0);
    try {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(ok.status).to.equal(200);
      expect(((await ok.json()) as { status: string }).status).to.equal('OK');
      healthy = false;
      const failing = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(failing.status).to.equal(503);
      expect(((await failing.json()) as { failed_checks: unknown }).failed_checks).to.deep.equal([{ component: 'ledger', reason: 'closed' }]);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).to.contain('ledger_transactions_total 3');
    } finally {
      await server.close();
    }
  });
});
