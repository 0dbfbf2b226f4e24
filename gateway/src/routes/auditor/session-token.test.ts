import { expect } from 'chai';
import { readCookie, serializeCookie } from './cookies';
import { SessionTokenError, SessionTokens } from './session-token';

const device = { address: '0x00000000000000000000000000000000000A0d17', deviceType: 'auditor-phone', org: 'AuditMSP' };
const rejection = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(SessionTokenError);
    return (error as SessionTokenError).reason;
  }
  throw new Error('expected a SessionTokenError');
};

describe('dashboard session tokens', () => {
  let now = 1_700_000_000_000;
  const tokens = new SessionTokens({ issuer: 'AuditMSP', ttlMs: 60_000, secret: new Uint8Array(32).fill(7), now: () => now });

  it('verifies what it issued, until the expiry', () => {
    const { token, claims } = tokens.issue(device);
    expect(claims).to.deep.include({ device, issuer: 'AuditMSP', expiresAtMs: now + 60_000 });
    expect(tokens.verify(token)).to.deep.equal(claims);
    now += 60_000;
    expect(rejection(() => tokens.verify(token))).to.equal('expired');
    now -= 60_000;
  });

  it('refuses a token whose claims or MAC were changed, another secret’s or another org’s tokens, and logged-out sessions', () => {
    const { token, claims } = tokens.issue(device);
    const [version, body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')), t: 'auditor-phone', a: '0x1111111111111111111111111111111111111111' })).toString('base64url');
    expect(rejection(() => tokens.verify(`${version}.${forged}.${mac}`))).to.equal('signature');
    expect(rejection(() => tokens.verify(`${version}.${body}.${mac?.slice(0, -2)}AA`))).to.equal('signature');
    expect(rejection(() => tokens.verify('v2.a.b'))).to.equal('malformed');
    expect(rejection(() => tokens.verify(token.replace(/\./g, '')))).to.equal('malformed');
    const elsewhere = new SessionTokens({ issuer: 'AuditMSP', secret: new Uint8Array(32).fill(8), now: () => now });
    expect(rejection(() => elsewhere.verify(token))).to.equal('signature');
    const otherOrg = new SessionTokens({ issuer: 'OemMSP', secret: new Uint8Array(32).fill(7), now: () => now });
    expect(rejection(() => otherOrg.verify(token))).to.equal('issuer');
    tokens.logout(claims);
    expect(rejection(() => tokens.verify(token))).to.equal('logged-out');
    expect(tokens.verify(tokens.issue(device).token).device).to.deep.equal(device);
  });

  it('refuses a short secret', () => {
    expect(() => new SessionTokens({ issuer: 'AuditMSP', secret: new Uint8Array(16) })).to.throw(RangeError);
  });
});

describe('session cookie header', () => {
  it('reads one cookie among others and writes HttpOnly SameSite=Strict cookies', () => {
    expect(readCookie('a=1; mobility_auditor_session=v1.x.y; b="2"', 'mobility_auditor_session')).to.equal('v1.x.y');
    expect(readCookie('a=1; b="2"', 'b')).to.equal('2');
    expect(readCookie('garbage; =x', 'a')).to.equal(undefined);
    expect(readCookie(undefined, 'a')).to.equal(undefined);
    expect(serializeCookie('s', 'v1.x.y', { path: '/v1/auditor', maxAgeSeconds: 900, httpOnly: true, sameSite: 'Strict', secure: true })).to.equal(
      's=v1.x.y; Path=/v1/auditor; Max-Age=900; SameSite=Strict; HttpOnly; Secure',
    );
    expect(() => serializeCookie('s', 'a;b', { path: '/', maxAgeSeconds: 1, httpOnly: true, sameSite: 'Strict', secure: false })).to.throw(RangeError);
  });
});
