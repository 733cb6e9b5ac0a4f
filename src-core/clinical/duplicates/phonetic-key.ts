// A phonetic key for Spanish and Mayan-language names as they are written in Guatemala, so that
// spellings a registrar may hear alike get the same key. Input is one word; it is first folded by
// normalizeText (lower case, no accents, ñ → n, apostrophes of K'iche', Q'eqchi' etc. removed).
//
// Reductions, in this order (upper-case letters in the key stand for a sound, not a letter):
//   ph → f
//   sh, x → X        /ʃ/: Mayan x (Xiloj, Xol), older spellings with sh
//   ch → C           /tʃ/ (Choc, K'iche')
//   tz, ts → Z       the Mayan affricate /ts/ (Tzoc, Batz), kept apart from s
//   ll → y           yeísmo (Castillo / Castiyo)
//   qu + e/i → k, q → k, c + e/i → s, c → k        Quiché / K'iche' / Kiche; Coc / Cok; Cecilia / Sesilia
//   gu + e/i → g, g + e/i → j                     Guillermo; Gerardo / Jerardo
//   gu + a/o, hu + vowel → w                      Guarcas / Warcas; Huehue / Wewe
//   z → s            seseo (Vásquez / Vasques)
//   v → b            (Velásquez / Belásquez)
//   h → (nothing)    silent h (Hernández / Ernández), after ch, sh and hu were taken
//   y before a consonant or at the end → i        Yxcoy / Ixcoi
//   n before b or p → m                           (Ambrosio / Anbrosio)
//   runs of the same letter → one                 Caal / Cal, Xuc / Xucc, Pop / Popp
// Vowels are kept: names are short, and vowel differences (Tzul / Tzol) are left to edit distance.
import { normalizeText } from '../../fhir/terminology/normalize-text';

const RULES: readonly (readonly [RegExp, string])[] = [
  [/ph/g, 'f'],
  [/sh|x/g, 'X'],
  [/ch/g, 'C'],
  [/t[zs]/g, 'Z'],
  [/ll/g, 'y'],
  [/qu(?=[ei])/g, 'k'],
  [/q/g, 'k'],
  [/c(?=[ei])/g, 's'],
  [/c/g, 'k'],
  [/gu(?=[ei])/g, 'g'],
  [/g(?=[ei])/g, 'j'],
  [/gu(?=[ao])|hu(?=[aeio])/g, 'w'],
  [/z/g, 's'],
  [/v/g, 'b'],
  [/h/g, ''],
  [/y(?![aeiou])/g, 'i'],
  [/n(?=[bp])/g, 'm'],
  [/(.)\1+/g, '$1'],
];

/** The phonetic key of one name word (see the rules above); '' for a word with no letters. */
export function phoneticKey(word: string): string {
  let key = normalizeText(word).replace(/[^a-z]/g, '');
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  return key;
}
