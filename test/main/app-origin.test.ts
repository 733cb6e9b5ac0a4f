import { describe, expect, it } from 'vitest';
import { isAppUrl, originOf, PACKAGED_ORIGIN, resolveAppLocation, urlForLog } from '../../src-main/app-origin';

describe('originOf', () => {
  it('gives scheme://host[:port] for web and app URLs', () => {
    expect(originOf('app://ceiba/index.html#/pacientes')).toBe('app://ceiba');
    expect(originOf('APP://Ceiba/x')).toBe('app://ceiba');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('https://fhir.example.gt:443/fhir/Patient')).toBe('https://fhir.example.gt');
    expect(originOf('wss://signal.example.gt/ws?room=1')).toBe('wss://signal.example.gt');
  });

  it('is null for URLs without a tuple origin', () => {
    for (const url of ['file:///C:/Windows/win.ini', 'data:text/html,<b>x</b>', 'javascript:alert(1)', 'about:blank', 'blob:app://ceiba/1234', 'not a url', '']) {
      expect(originOf(url), url).toBeNull();
    }
  });
});

describe('resolveAppLocation', () => {
  it('uses app://ceiba when packaged', () => {
    expect(resolveAppLocation(undefined)).toEqual({ origin: PACKAGED_ORIGIN, startUrl: 'app://ceiba/index.html', mode: 'production' });
    expect(PACKAGED_ORIGIN).toBe('app://ceiba');
  });

  it('uses the Vite dev server under electron-forge start', () => {
    expect(resolveAppLocation('http://localhost:5173')).toEqual({
      origin: 'http://localhost:5173',
      startUrl: 'http://localhost:5173',
      mode: 'development',
    });
  });

  it('refuses a dev-server URL that is not http(s)', () => {
    expect(() => resolveAppLocation('file:///tmp/index.html')).toThrow();
  });
});

describe('isAppUrl / urlForLog', () => {
  it('matches only the exact origin', () => {
    expect(isAppUrl('app://ceiba/index.html', 'app://ceiba')).toBe(true);
    expect(isAppUrl('app://ceiba.evil/index.html', 'app://ceiba')).toBe(false);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('never puts a path or query into a log', () => {
    expect(urlForLog('https://example.org/search?name=Juana%20P%C3%A9rez')).toBe('https://example.org');
    expect(urlForLog('javascript:alert(document.cookie)')).toBe('javascript:');
    expect(urlForLog('%%%')).toBe('(invalid)');
  });
});
