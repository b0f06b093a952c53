// ISO 4217 currency and ISO 3166-1 alpha-2 country codes, for validating what operators type in.

// The runtime's ICU carries the current ISO 4217 list (Node ships full ICU), so no table is kept here.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

/** A current ISO 4217 code, in any case ('usd', 'EUR'). */
export function isIsoCurrency(code: string): boolean {
  return /^[a-zA-Z]{3}$/.test(code) && CURRENCIES.has(code.toLowerCase());
}

// ICU's region list also holds macro-regions, deleted and private-use codes (EU, UN, YU, ZZ…), so the
// officially assigned codes are spelled out; XK (Kosovo) is user-assigned but used by Stripe and the EU.
const COUNTRIES = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
   CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
   GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
   KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
   MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
   SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
   UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW`.split(/\s+/),
);

/** An ISO 3166-1 alpha-2 code, in any case ('NL', 'de'). */
export function isIsoCountry(code: string): boolean {
  return /^[a-zA-Z]{2}$/.test(code) && COUNTRIES.has(code.toUpperCase());
}

export const ISO_COUNTRY_COUNT = COUNTRIES.size;
