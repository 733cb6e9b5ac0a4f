import { describe, expect, it } from 'vitest';
import { resolveAppLocation } from '../../src-main/app-origin';
import {
  buildContentSecurityPolicy,
  connectSourcesFor,
  cspFor,
  headersWithCsp,
} from '../../src-main/security/content-security-policy';

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') {
      expect(map.has(name), `duplicate ${name}`).toBe(false);
      map.set(name, values);
    }
  }
  return map;
}

const config = { centralServerUrl: 'https://fhir.mspas.example/fhir/R4', signalingUrl: 'wss://signal.mspas.example/ws' };

describe('packaged CSP', () => {
  const csp = cspFor(resolveAppLocation(undefined), config);
  const d = directives(csp);

  it('has the strict directives', () => {
    expect(d.get('default-src')).toEqual([`'self'`]);
    expect(d.get('script-src')).toEqual([`'self'`]);
    expect(d.get('style-src')).toEqual([`'self'`]);
    expect(d.get('img-src')).toEqual([`'self'`, 'data:', 'blob:']);
    expect(d.get('media-src')).toEqual([`'self'`, 'blob:', 'mediastream:']);
    expect(d.get('object-src')).toEqual([`'none'`]);
    expect(d.get('base-uri')).toEqual([`'none'`]);
    expect(d.get('frame-ancestors')).toEqual([`'none'`]);
    expect(d.get('form-action')).toEqual([`'none'`]);
  });

  it('lets the UI connect to exactly its own origin and the configured servers', () => {
    expect(d.get('connect-src')).toEqual([`'self'`, 'https://fhir.mspas.example', 'wss://signal.mspas.example']);
  });

  it('allows no eval, no inline code and no wildcard', () => {
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('*');
    expect(csp).not.toMatch(/(^|\s)(https?|wss?):(\s|;|$)/); // no bare scheme sources
  });
});

describe('development CSP', () => {
  const location = resolveAppLocation('http://localhost:5173');
  const d = directives(cspFor(location, config));

  it('adds only what Vite needs: inline preamble/styles and the HMR socket', () => {
    expect(d.get('script-src')).toEqual([`'self'`, `'unsafe-inline'`]);
    expect(d.get('style-src')).toEqual([`'self'`, `'unsafe-inline'`]);
    expect(d.get('connect-src')).toEqual([`'self'`, 'https://fhir.mspas.example', 'wss://signal.mspas.example', 'ws://localhost:5173']);
    expect(cspFor(location, config)).not.toContain('unsafe-eval');
  });
});

describe('connect sources', () => {
  it('is only self without configured servers', () => {
    const location = resolveAppLocation(undefined);
    expect(connectSourcesFor(location, { centralServerUrl: null, signalingUrl: null })).toEqual([]);
    expect(directives(cspFor(location, { centralServerUrl: null, signalingUrl: null })).get('connect-src')).toEqual([`'self'`]);
  });

  it('uses origins, not paths, and de-duplicates', () => {
    const csp = buildContentSecurityPolicy({ mode: 'production', connectSources: ['http://127.0.0.1:8090', 'http://127.0.0.1:8090'] });
    expect(directives(csp).get('connect-src')).toEqual([`'self'`, 'http://127.0.0.1:8090']);
    const sources = connectSourcesFor(resolveAppLocation(undefined), {
      centralServerUrl: 'http://127.0.0.1:8090/fhir',
      signalingUrl: 'ws://127.0.0.1:8091/signal',
    });
    expect(sources).toEqual(['http://127.0.0.1:8090', 'ws://127.0.0.1:8091']);
  });
});

describe('headersWithCsp', () => {
  it('adds the policy to documents only', () => {
    const headers = { 'content-type': ['text/html'] };
    expect(headersWithCsp('mainFrame', headers, 'X')).toEqual({ 'content-type': ['text/html'], 'Content-Security-Policy': ['X'] });
    expect(headersWithCsp('subFrame', undefined, 'X')).toEqual({ 'Content-Security-Policy': ['X'] });
    expect(headersWithCsp('xhr', headers, 'X')).toEqual(headers);
  });

  it('keeps a policy the server sent, so both are enforced', () => {
    expect(headersWithCsp('mainFrame', { 'content-security-policy': ['A'] }, 'B')).toEqual({ 'content-security-policy': ['A', 'B'] });
  });

  it('does not mutate its input', () => {
    const headers = { 'Content-Security-Policy': ['A'] };
    headersWithCsp('mainFrame', headers, 'B');
    expect(headers).toEqual({ 'Content-Security-Policy': ['A'] });
  });
});
