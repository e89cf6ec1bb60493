/**
 * Region codes to ISO 3166-2 (US-OH, CA-ON). Vendors send "us-oh", a bare
 * "oh", "us-on" for Ontario (the country is wrong, the province is not),
 * "ca" (California or Canada?) and, in NCIC extracts, "0H" for "OH".
 * A region that cannot be pinned to one subdivision is null; the raw value
 * is always kept beside it by the caller.
 */

const US = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ ' +
    'NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP'
  ).split(' '),
);
const CA = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));
const MX = new Set(
  (
    'AGU BCN BCS CAM CHP CHH CMX COA COL DUR GUA GRO HID JAL MEX MIC MOR NAY NLE OAX PUE QUE ROO ' +
    'SLP SIN SON TAB TAM TLA VER YUC ZAC'
  ).split(' '),
);

export type RegionResult =
  | { iso: string; flag: null }
  | { iso: null; flag: 'region_unknown' | 'region_ambiguous' | 'region_country_only' };

// ICU's region names tell a real ISO 3166-1 country from a made-up code: an
// unknown code comes back unchanged, ZZ as "Unknown Region". UK and EU have
// names but are not ISO 3166-1 country codes.
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const NOT_COUNTRIES = new Set(['ZZ', 'UK', 'EU', 'UN', 'EZ', 'QO']);

export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  return regionNames.of(code) !== code;
}

/** Digit 0 written for letter O (NCIC "0H", "0N"). */
function fixZero(code: string): string {
  return code.replace(/0/g, 'O');
}

function subdivision(code: string): string | null {
  const c = fixZero(code);
  if (US.has(c)) return `US-${c}`;
  if (CA.has(c)) return `CA-${c}`;
  return null;
}

/**
 * @param raw the vendor's region: "us-oh", "oh", "US-OH", "CA-ON", "gb", "0H"
 */
export function toIsoRegion(raw: string | null | undefined): RegionResult {
  if (raw === null || raw === undefined) return { iso: null, flag: 'region_unknown' };
  const s = raw.trim().toUpperCase().replace(/[_\s]/g, '-');
  if (s === '') return { iso: null, flag: 'region_unknown' };
  const parts = s.split('-').filter(Boolean);
  if (parts.length === 1) {
    const code = parts[0]!;
    // "CA" alone is California to a US vendor and Canada to everyone else.
    if (code === 'CA') return { iso: null, flag: 'region_ambiguous' };
    const sub = subdivision(code);
    if (sub) return { iso: sub, flag: null };
    if (isCountryCode(code)) return { iso: null, flag: 'region_country_only' };
    return { iso: null, flag: 'region_unknown' };
  }
  if (parts.length === 2) {
    const country = fixZero(parts[0]!);
    const code = fixZero(parts[1]!);
    if (country === 'US' || country === 'CA') {
      // Trust the subdivision over the country: "us-on" is Ontario.
      const sub = subdivision(code);
      if (sub) return { iso: sub, flag: null };
      return { iso: null, flag: 'region_unknown' };
    }
    if (country === 'MX' && MX.has(code)) return { iso: `MX-${code}`, flag: null };
    // Subdivisions of other countries are not listed here: the country is
    // checked, the subdivision code only for its ISO 3166-2 shape.
    if (isCountryCode(country) && /^[A-Z0-9]{1,3}$/.test(code)) {
      return { iso: `${country}-${code}`, flag: null };
    }
  }
  return { iso: null, flag: 'region_unknown' };
}
