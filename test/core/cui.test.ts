// CUI parsing and validation: structure, RENAP check digit, INE department and municipality.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cuiCheckDigit, cuiErrorToIssue, formatCui, parseCui, type CuiErrorCode, type CuiResult } from '../../src-core/clinical/cui';
import { MUNICIPALITIES } from '../../src-core/fhir/terminology/municipalities';

/** A valid CUI from a serial (whose weighted sum mod 11 is not 10) and a 4-digit municipality code. */
function makeCui(serial: string, municipality: string): string {
  const check = cuiCheckDigit(serial);
  if (check === null) throw new Error(`serial ${serial} cannot have a check digit`);
  return `${serial}${check}${municipality}`;
}

const errorCode = (result: CuiResult): CuiErrorCode | undefined => (result.ok ? undefined : result.error.code);

describe('cuiCheckDigit', () => {
  it('is the weighted sum (weights 2..9) mod 11', () => {
    // 2·2+3·3+4·4+5·5+6·6+7·7+8·8+9·9 = 284; 284 mod 11 = 9
    expect(cuiCheckDigit('23456789')).toBe(9);
    expect(cuiCheckDigit('00000000')).toBe(0);
    // 1·2 = 2
    expect(cuiCheckDigit('10000000')).toBe(2);
  });

  it('has no check digit when the remainder is 10', () => {
    // 5·2 = 10
    expect(cuiCheckDigit('50000000')).toBeNull();
  });

  it('agrees with the examples of the public validators', () => {
    // Valid examples listed by the "nationid" GT_DPI document (serial + check digit).
    for (const cui of ['1234567890101', '9876543220101', '1000000020101', '0000000190101', '5555555500101', '1122334490101']) {
      expect(cuiCheckDigit(cui.slice(0, 8))).toBe(Number(cui[8]));
    }
  });
});

describe('parseCui', () => {
  it('accepts a valid CUI and splits it into its parts', () => {
    const cui = makeCui('23456789', '0101');
    expect(cui).toBe('2345678990101');
    expect(parseCui(cui)).toEqual({
      ok: true,
      cui: { serial: '23456789', checkDigit: 9, department: '01', municipality: '0101', normalized: '2345678990101' },
    });
  });

  it('tolerates spaces and hyphens as printed or typed', () => {
    const expected = parseCui('2345678990101');
    expect(parseCui('2345 67899 0101')).toEqual(expected);
    expect(parseCui(' 2345-67899-0101 ')).toEqual(expected);
    expect(parseCui('2345\u00a067899\t0101')).toEqual(expected);
  });

  it('accepts the last municipality of each department', () => {
    const lastOf = new Map<string, string>();
    for (const m of MUNICIPALITIES) lastOf.set(m.department, m.code);
    expect(lastOf.size).toBe(22);
    for (const code of lastOf.values()) expect(parseCui(makeCui('12345678', code)).ok).toBe(true);
    expect(parseCui(makeCui('12345678', '1601'))).toMatchObject({ ok: true, cui: { department: '16', municipality: '1601' } });
  });

  it('rejects a wrong check digit', () => {
    const result = parseCui('2345678900101'); // the check digit of 23456789 is 9, not 0
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'check-digit',
        message: 'El dígito verificador (el noveno dígito) no corresponde a los ocho primeros: revise que el CUI esté bien escrito.',
      },
    });
    expect(errorCode(parseCui('1234567800101'))).toBe('check-digit');
  });

  it('rejects every check digit for a serial whose remainder is 10', () => {
    for (let d = 0; d <= 9; d++) expect(errorCode(parseCui(`50000000${d}0101`))).toBe('check-digit');
  });

  it("rejects unknown departments '23' and '00'", () => {
    for (const department of ['23', '00', '99']) {
      const result = parseCui(makeCui('23456789', `${department}01`));
      expect(errorCode(result)).toBe('department');
      expect(result.ok ? '' : result.error.message).toMatch(/entre 01 y 22/);
    }
  });

  it('rejects a municipality that is not in its department', () => {
    // Guatemala (01) has 17 municipalities, Izabal (18) has 5.
    for (const code of ['0118', '0100', '1806', '1399']) {
      expect(errorCode(parseCui(makeCui('23456789', code)))).toBe('municipality');
    }
    const result = parseCui(makeCui('23456789', '1806'));
    expect(result.ok ? '' : result.error.message).toContain('Izabal');
  });

  it('rejects wrong lengths', () => {
    for (const input of ['', '1234', '234567899010', '23456789901011', '2345 67899 01011']) {
      const result = parseCui(input);
      expect(errorCode(result)).toBe('length');
    }
    const short = parseCui('1234');
    expect(short.ok ? '' : short.error.message).toBe('El CUI debe tener 13 dígitos; tiene 4.');
  });

  it('rejects letters and other characters before counting digits', () => {
    for (const input of ['ABCDEFGHIJKLM', '2345678990I01', '2345.67899.0101', '２３４５６７８９９０１０１', '2345678990101x']) {
      const result = parseCui(input);
      expect(errorCode(result)).toBe('characters');
      expect(result.ok ? '' : result.error.message).toBe('El CUI solo puede contener números (se permiten espacios y guiones).');
    }
  });

  it('gives each failure its own Spanish message', () => {
    const messages = new Set(
      ['2345678990I01', '1234', '2345678900101', makeCui('23456789', '2301'), makeCui('23456789', '0118')].map((input) => {
        const result = parseCui(input);
        return result.ok ? '' : result.error.message;
      }),
    );
    expect(messages.size).toBe(5);
  });
});

describe('CUI properties', () => {
  const serial = fc.stringMatching(/^\d{8}$/).filter((s) => cuiCheckDigit(s) !== null);
  const municipality = fc.constantFrom(...MUNICIPALITIES.map((m) => m.code));

  it('accepts every CUI built from a valid serial and a real municipality, printed or not', () => {
    fc.assert(
      fc.property(serial, municipality, (s, m) => {
        const cui = makeCui(s, m);
        const result = parseCui(cui);
        expect(result).toEqual({
          ok: true,
          cui: { serial: s, checkDigit: cuiCheckDigit(s), department: m.slice(0, 2), municipality: m, normalized: cui },
        });
        expect(parseCui(formatCui(cui))).toEqual(result);
      }),
    );
  });

  it('rejects any single changed serial digit (weights 2..9 are never a multiple of 11 apart)', () => {
    fc.assert(
      fc.property(serial, municipality, fc.nat(7), fc.integer({ min: 1, max: 9 }), (s, m, position, delta) => {
        const cui = makeCui(s, m);
        const changed = (Number(cui[position]) + delta) % 10;
        const typo = `${cui.slice(0, position)}${changed}${cui.slice(position + 1)}`;
        expect(errorCode(parseCui(typo))).toBe('check-digit');
      }),
    );
  });

  it('rejects two different adjacent serial digits swapped', () => {
    fc.assert(
      fc.property(serial, municipality, fc.nat(6), (s, m, position) => {
        fc.pre(s[position] !== s[position + 1]);
        const cui = makeCui(s, m);
        const swapped = `${cui.slice(0, position)}${cui[position + 1] ?? ''}${cui[position] ?? ''}${cui.slice(position + 2)}`;
        expect(errorCode(parseCui(swapped))).toBe('check-digit');
      }),
    );
  });
});

describe('cuiErrorToIssue', () => {
  it('makes an OperationOutcome issue with the Spanish message, an expression and no CUI digits', () => {
    const result = parseCui('2345678900101');
    if (result.ok) throw new Error('expected a failure');
    const issue = cuiErrorToIssue(result.error, 'Patient.identifier[0].value');
    expect(issue).toEqual({
      severity: 'error',
      code: 'value',
      diagnostics: 'CUI check digit does not match its serial number',
      details: { text: result.error.message },
      expression: ['Patient.identifier[0].value'],
    });
    expect(JSON.stringify(issue)).not.toMatch(/2345/);
  });
});
