// "Pueblo de pertenencia" (self-identified people), with the categories and order of the question
// asked by Guatemala's XII Censo Nacional de Población y VII de Vivienda 2018 (Instituto Nacional de
// Estadística, INE). For a Maya person the census then asks for the "comunidad lingüística"; Ceiba
// records that as the person's language (ValueSet idioma-gt), not as a separate pueblo code.
// Codes are Ceiba's own lowercase mnemonics (stable, readable in exports); `censusOrder` keeps the
// census numbering so that reports can be tabulated in the census order.

export interface CuratedPueblo {
  readonly code: string;
  readonly name: string;
  readonly censusOrder: number;
  readonly definition: string;
}

export const CURATED_PUEBLOS: readonly CuratedPueblo[] = [
  { code: 'maya', name: 'Maya', censusOrder: 1, definition: 'Se identifica como parte del pueblo maya (se registra además su comunidad lingüística).' },
  { code: 'garifuna', name: 'Garífuna', censusOrder: 2, definition: 'Se identifica como parte del pueblo garífuna.' },
  { code: 'xinka', name: 'Xinka', censusOrder: 3, definition: 'Se identifica como parte del pueblo xinka.' },
  {
    code: 'afrodescendiente',
    name: 'Afrodescendiente / Creole / Afromestizo',
    censusOrder: 4,
    definition: 'Se identifica como afrodescendiente, creole o afromestizo.',
  },
  { code: 'ladino', name: 'Ladino / Mestizo', censusOrder: 5, definition: 'Se identifica como ladino o mestizo.' },
  { code: 'extranjero', name: 'Extranjero', censusOrder: 6, definition: 'Persona extranjera.' },
];
