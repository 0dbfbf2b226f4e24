import { expect } from 'chai';
import { BenchOptionError, selectBenchTarget } from './bench-target-selection';

describe('bench target selection', () => {
  it('drives the embedded network unless FABRIC_TARGET=fabric', () => {
    expect(selectBenchTarget({}, ['portOffset', 'cpuProf'])).to.equal('embedded');
    expect(selectBenchTarget({ FABRIC_TARGET: '' }, [])).to.equal('embedded');
    expect(selectBenchTarget({ FABRIC_TARGET: 'embedded' }, ['batchTimeout'])).to.equal('embedded');
    expect(selectBenchTarget({ FABRIC_TARGET: 'fabric' }, ['duration', 'concurrency', 'output'])).to.equal('fabric');
  });

  it('refuses --cpu-prof, --port-offset and --batch-timeout on the real network, naming each', () => {
    expect(() => selectBenchTarget({ FABRIC_TARGET: 'fabric' }, ['cpuProf'])).to.throw(BenchOptionError, /--cpu-prof .*embedded Node.js processes/);
    expect(() => selectBenchTarget({ FABRIC_TARGET: 'fabric' }, ['duration', 'portOffset', 'batchTimeout']))
      .to.throw(BenchOptionError, /--port-offset .*generate.sh --port-offset.*; --batch-timeout .*generate.sh --batch-timeout/);
  });

  it('rejects an unknown target', () => {
    expect(() => selectBenchTarget({ FABRIC_TARGET: 'docker' }, [])).to.throw(/FABRIC_TARGET must be 'embedded' or 'fabric'/);
  });
});
