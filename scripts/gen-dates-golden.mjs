#!/usr/bin/env node
// Regenerates test/core/template/sprig/golden/dates.json with the real Helm (never committed):
//   HELM=/path/to/helm node scripts/gen-dates-golden.mjs
// Every case is rendered on its own by `helm template` with TZ=UTC (the tests pin TZ=UTC too).
// Cases read only fixed times: now, ago and "anything else means now" are unit-tested instead.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');

// A reference time with nanoseconds, and a few helpers to build templates.
const T = 'toDate "2006-01-02 15:04:05.999999999" "2024-03-05 07:08:09.123456789"';
const at = (s) => `toDate "2006-01-02 15:04:05" "${s}"`;
const utc = (layout, time) => `{{ dateInZone ${JSON.stringify(layout)} (${time}) "UTC" }}`;
const zone = (z, time, layout = '2006-01-02 15:04:05 MST -07:00') => `{{ dateInZone ${JSON.stringify(layout)} (${time}) ${JSON.stringify(z)} }}`;
const ALL = '2006 06 01 1 Jan January 02 2 _2 15 03 3 04 4 05 5 PM pm Mon Monday MST 002 __2';
const OFFSETS = '-0700 -07:00 -07 Z0700 Z07:00 Z07 -070000 -07:00:00 Z070000 Z07:00:00 MST';

const cases = [
  // printing a time.Time
  `{{ toDate "2006-01-02" "2024-03-05" }}`,
  `{{ ${T} }}`,
  `{{ printf "%v|%s" (${T}) (${at('2024-11-25 19:05:03')}) }}`,
  `{{ list (${at('2024-11-25 19:05:03')}) (toDate "2006" "1999") }}`,
  `{{ typeOf (${T}) }}`,
  `{{ toDate "2006-01-02" "nope" }}`,
  // every layout element
  utc(ALL, T),
  utc(ALL, at('2024-11-25 19:05:03')),
  utc(ALL, at('2024-01-05 00:00:00')),
  utc(ALL, at('2024-12-31 12:59:59')),
  utc('3:04PM 03:04pm 15h', at('2024-01-05 00:07:00')),
  utc(OFFSETS, T),
  zone('Asia/Kolkata', T, OFFSETS),
  zone('America/St_Johns', at('2024-01-15 12:00:00'), OFFSETS),
  zone('America/St_Johns', at('2024-07-15 12:00:00'), OFFSETS),
  zone('America/New_York', T, OFFSETS),
  utc('.000 .999 ,000 ,999 .000000 .999999999 .0 .9 .000000000000 .999999999999', T),
  utc('05.000|05.999|05.99|05,9|05.000000000', at('2024-03-05 07:08:09')),
  utc('.999999999|.999|.000|.99', `dateModify "120ms" (${at('2024-03-05 07:08:09')})`),
  utc('.00.99 .0a 1.000x 2006.9', T),
  utc('_2006 __2006 Jan2006 Janet Mond Monday Mon. MSTx January2', T),
  utc('Year: 2006! Day 2, hour 15 — 日本 1 Jan', T),
  utc('', T),
  utc('Mon, 02 Jan 2006 15:04:05 -0700', T),
  utc('2006-01-02T15:04:05.999999999Z07:00', T),
  // years outside 1..9999
  `{{ dateModify "-8760h" (toDate "2006-01-02" "0001-01-01") }}`,
  `{{ dateModify "-87660h" (toDate "2006-01-02" "0001-01-01") }}`,
  `{{ (dateModify "2000000h" (toDate "2006" "9999")).Format "2006 06 002 Mon" }}`,
  // date with ints, int64s and times (the local zone is UTC)
  `{{ date "2006-01-02 15:04:05 MST" 1700000000 }}`,
  `{{ date "2006-01-02 15:04:05 MST" (int64 1700000000) }}`,
  `{{ date "2006-01-02 15:04:05 MST" (int64 "-1") }}`,
  `{{ date "2006-01-02 15:04:05 MST" 0 }}`,
  `{{ date "2006-01-02 15:04:05.000 MST" (${T}) }}`,
  `{{ date "Jan 2" (add 86400 0) }}`,
  `{{ htmlDate 1700000000 }}|{{ htmlDate (${T}) }}`,
  `{{ htmlDateInZone 1700000000 "Pacific/Kiritimati" }}|{{ htmlDateInZone (${T}) "Pacific/Pago_Pago" }}`,
  `{{ date_in_zone "15:04 MST" 1700000000 "Asia/Tokyo" }}`,
  // zones
  zone('Europe/Berlin', at('2024-01-15 12:00:00')),
  zone('Europe/Berlin', at('2024-07-15 12:00:00')),
  zone('Europe/Berlin', at('2024-03-31 00:59:59')),
  zone('Europe/Berlin', at('2024-03-31 01:00:00')),
  zone('Europe/Berlin', at('2024-10-27 00:59:59')),
  zone('Europe/Berlin', at('2024-10-27 01:00:00')),
  zone('America/New_York', at('2024-03-10 06:59:59')),
  zone('America/New_York', at('2024-03-10 07:00:00')),
  zone('America/New_York', at('2024-11-03 05:59:59')),
  zone('America/New_York', at('2024-11-03 06:00:00')),
  zone('America/Los_Angeles', at('2024-07-01 00:00:00')),
  zone('America/Chicago', at('2024-01-01 00:00:00')),
  zone('America/Denver', at('2024-07-01 00:00:00')),
  zone('America/Phoenix', at('2024-07-01 00:00:00')),
  zone('America/Anchorage', at('2024-07-01 00:00:00')),
  zone('Pacific/Honolulu', at('2024-07-01 00:00:00')),
  zone('Asia/Dubai', at('2024-07-01 00:00:00')),
  zone('America/Sao_Paulo', at('2024-07-01 00:00:00')),
  zone('Asia/Kolkata', at('2024-07-01 00:00:00')),
  zone('Asia/Kathmandu', at('2024-07-01 00:00:00')),
  zone('Asia/Tokyo', at('2024-07-01 00:00:00')),
  zone('Asia/Shanghai', at('2024-07-01 00:00:00')),
  zone('Asia/Singapore', at('2024-07-01 00:00:00')),
  zone('Europe/Moscow', at('2024-07-01 00:00:00')),
  zone('Europe/Istanbul', at('2024-07-01 00:00:00')),
  zone('Europe/London', at('2024-01-01 00:00:00')),
  zone('Europe/London', at('2024-07-01 00:00:00')),
  zone('Europe/Dublin', at('2024-07-01 00:00:00')),
  zone('Europe/Lisbon', at('2024-07-01 00:00:00')),
  zone('Europe/Helsinki', at('2024-01-01 00:00:00')),
  zone('Africa/Johannesburg', at('2024-01-01 00:00:00')),
  zone('Africa/Lagos', at('2024-01-01 00:00:00')),
  zone('Africa/Nairobi', at('2024-01-01 00:00:00')),
  zone('Africa/Casablanca', at('2024-01-01 00:00:00')),
  zone('Australia/Sydney', at('2024-01-01 00:00:00')),
  zone('Australia/Sydney', at('2024-07-01 00:00:00')),
  zone('Australia/Adelaide', at('2024-01-01 00:00:00')),
  zone('Australia/Perth', at('2024-01-01 00:00:00')),
  zone('Australia/Lord_Howe', at('2024-01-01 00:00:00')),
  zone('Australia/Lord_Howe', at('2024-07-01 00:00:00')),
  zone('Pacific/Auckland', at('2024-01-01 00:00:00')),
  zone('Pacific/Chatham', at('2024-01-01 00:00:00')),
  zone('America/St_Johns', at('2024-07-01 00:00:00')),
  zone('America/Halifax', at('2024-01-01 00:00:00')),
  zone('America/Mexico_City', at('2024-07-01 00:00:00')),
  zone('Asia/Jerusalem', at('2024-07-01 00:00:00')),
  zone('Asia/Manila', at('2024-07-01 00:00:00')),
  zone('Asia/Jakarta', at('2024-07-01 00:00:00')),
  zone('Asia/Seoul', at('2024-07-01 00:00:00')),
  zone('Asia/Karachi', at('2024-07-01 00:00:00')),
  zone('Asia/Hong_Kong', at('2024-07-01 00:00:00')),
  zone('Asia/Taipei', at('2024-07-01 00:00:00')),
  zone('Etc/GMT+5', at('2024-07-01 00:00:00')),
  zone('Etc/GMT-14', at('2024-07-01 00:00:00')),
  zone('GMT', at('2024-07-01 00:00:00')),
  zone('US/Eastern', at('2024-07-01 00:00:00')),
  zone('EST', at('2024-07-01 00:00:00')),
  zone('CET', at('2024-07-01 00:00:00')),
  zone('UTC', at('2024-07-01 00:00:00')),
  zone('', at('2024-07-01 00:00:00')),
  zone('Local', at('2024-07-01 00:00:00')),
  zone('Nope/Zone', at('2024-07-01 00:00:00')),
  zone('europe/berlin', at('2024-07-01 00:00:00')),
  zone('../etc/passwd', at('2024-07-01 00:00:00')),
  zone('+0100', at('2024-07-01 00:00:00')),
  zone('Factory', at('2024-07-01 00:00:00')),
  zone('posixrules', at('2024-07-01 00:00:00')),
  zone('EST5EDT', at('2024-07-01 00:00:00')),
  zone('Asia/Calcutta', at('2024-07-01 00:00:00')),
  zone('America/Buenos_Aires', at('2024-07-01 00:00:00')),
  // toDate / mustToDate (time.ParseInLocation in the local zone)
  `{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T07:08:09Z" }}`,
  `{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T07:08:09+02:00" }}`,
  `{{ toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T07:08:09+00:00" }}`,
  `{{ toDate "2006-01-02T15:04:05-0700" "2024-03-05T07:08:09-0330" }}`,
  `{{ toDate "2006-01-02T15:04:05-07" "2024-03-05T07:08:09-03" }}`,
  `{{ toDate "2006-01-02T15:04:05-07:00:00" "2024-03-05T07:08:09+01:02:03" }}`,
  `{{ toDate "2006-01-02T15:04:05.999999999Z07:00" "2024-03-05T07:08:09.5-05:00" }}`,
  `{{ toDate "2006-01-02 15:04 MST" "2024-01-01 10:00 PST" }}`,
  `{{ toDate "2006-01-02 15:04 MST" "2024-01-01 10:00 GMT+3" }}`,
  `{{ toDate "2006-01-02 15:04 MST" "2024-01-01 10:00 UTC" }}`,
  `{{ toDate "2006-01-02 15:04 MST" "2024-01-01 10:00 ChST" }}`,
  `{{ toDate "2006-01-02 15:04 MST" "2024-01-01 10:00 +03" }}`,
  `{{ toDate "2006-01-02 15:04 -0700 MST" "2024-01-01 10:00 +0100 CET" }}`,
  `{{ toDate "2006-01-02 15:04 -0700 MST" "2024-01-01 10:00 +0000 UTC" }}`,
  `{{ toDate "Mon Jan _2 15:04:05 MST 2006" "Tue Mar  5 07:08:09 UTC 2024" }}`,
  `{{ toDate "Jan 2 2006" "feb 29 2024" }}`,
  `{{ toDate "January 2, 2006" "MARCH 5, 2024" }}`,
  `{{ toDate "Monday 2006-01-02" "friday 2024-03-05" }}`,
  `{{ toDate "_2 Jan 2006" " 5 Mar 2024" }}`,
  `{{ toDate "002 2006" "065 2024" }}`,
  `{{ toDate "__2 2006" " 65 2023" }}`,
  `{{ toDate "002 2006" "366 2024" }}`,
  `{{ toDate "3:04PM" "7:08PM" }}`,
  `{{ toDate "03:04 pm" "12:30 am" }}`,
  `{{ toDate "03:04 PM" "12:30 PM" }}`,
  `{{ toDate "15:04:05" "07:08:09.5" }}`,
  `{{ toDate "15:04:05" "07:08:09,123456789123" }}`,
  `{{ toDate "15:04:05.999" "07:08:09.123456" }}`,
  `{{ toDate "15:04:05.999" "07:08:09" }}`,
  `{{ toDate "06-01-02" "69-01-02" }}|{{ toDate "06-01-02" "68-01-02" }}`,
  `{{ toDate "2006-1-2" "2024-1-5" }}`,
  `{{ toDate "2006-01-02  15:04" "2024-03-05 10:00" }}`,
  `{{ toDate "15:04" "10:30" }}`,
  `{{ toDate "" "" }}`,
  `{{ mustToDate "2006-01-02" "2024-03-05" }}`,
  `{{ mustToDate "2006-01-02" "x" }}`,
  `{{ mustToDate "2006-01-02" "" }}`,
  `{{ mustToDate "2006-01-02" "2024-1-05" }}`,
  `{{ mustToDate "2006-01-02" "2024/01/05" }}`,
  `{{ mustToDate "2006-01-02" "2024-13-01" }}`,
  `{{ mustToDate "2006-01-02" "2024-02-30" }}`,
  `{{ mustToDate "2006-01-02" "2023-02-29" }}`,
  `{{ mustToDate "2006-01-02" "2024-01-01x" }}`,
  `{{ mustToDate "2006-01-02 15:04" "2024-03-05 24:00" }}`,
  `{{ mustToDate "2006-01-02 15:04" "2024-03-05 10:61" }}`,
  `{{ mustToDate "15:04:05" "10:00:60" }}`,
  `{{ mustToDate "3PM" "13PM" }}`,
  `{{ mustToDate "3PM" "1XM" }}`,
  `{{ mustToDate "Z07:00" "+25:00" }}`,
  `{{ mustToDate "Z07:00" "+05:61" }}`,
  `{{ mustToDate "Z07:00" "*05:00" }}`,
  `{{ mustToDate "-0700" "+01" }}`,
  `{{ mustToDate "15:04:05.000" "07:08:09.12" }}`,
  `{{ mustToDate "MST" "abc" }}`,
  `{{ mustToDate "Jan" "Jna" }}`,
  `{{ mustToDate "2006 002" "2024 400" }}`,
  `{{ mustToDate "2006-01-02 002" "2024-03-05 066" }}`,
  `{{ mustToDate "2006-01 002" "2024-04 065" }}`,
  `{{ mustToDate "2006" "é\\"x" }}`,
  `{{ toDate "2006-01-02" "2024-02-30" }}`,
  // dateModify (time.ParseDuration)
  ...['1h', '-1.5h', '1h30m15.5s', '+90m', '1us', '1µs', '3ns', '1.000000001s', '.5h', '1.h', '-0', '0', '2562047h', '-2562047h'].map(
    (d) => `{{ dateModify ${JSON.stringify(d)} (${T}) }}`,
  ),
  ...['bad', '1', '', '.s', '9999999999h', '1x'].map((d) => `{{ dateModify ${JSON.stringify(d)} (${T}) }}`),
  ...['x', '1', '1x', '', '.s', '9999999999h', '-', '1.5.5h', '1hh'].map((d) => `{{ mustDateModify ${JSON.stringify(d)} (${T}) }}`),
  `{{ date_modify "-24h" (${T}) }}|{{ must_date_modify "36h" (${T}) }}`,
  `{{ dateModify "1h" (toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T07:08:09+02:00") }}`,
  `{{ dateModify "24h" (toDate "2006-01-02" "2024-02-28") | date "2006-01-02" }}`,
  `{{ dateModify "1h" (print "x") }}`,
  // unixEpoch
  `{{ unixEpoch (${T}) }}`,
  `{{ unixEpoch (toDate "x" "y") }}`,
  `{{ unixEpoch (toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T07:08:09+02:00") }}`,
  `{{ unixEpoch (print "x") }}`,
  `{{ unixEpoch .Values.nope }}`,
  // time methods
  `{{ $t := ${T} }}{{ $t.Unix }} {{ $t.Year }} {{ $t.Month }} {{ $t.Day }} {{ $t.Hour }} {{ $t.Minute }} {{ $t.Second }} {{ $t.Nanosecond }} {{ $t.Weekday }} {{ $t.YearDay }}`,
  `{{ $t := ${T} }}{{ $t.UnixMilli }} {{ $t.UnixMicro }} {{ $t.UnixNano }} {{ typeOf $t.Unix }} {{ typeOf $t.Year }} {{ typeOf $t.Month }} {{ typeOf $t.Weekday }}`,
  `{{ $t := ${T} }}{{ $t.Format "Jan 2, 2006 at 3:04pm (MST)" }}|{{ $t.String }}`,
  `{{ (toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T07:08:09+02:00").UTC }}|{{ (toDate "2006-01-02" "2024-03-05").Local }}`,
  `{{ $t := ${T} }}{{ ($t.Add 3600000000000).Format "15:04" }}|{{ $t.Add -1 }}`,
  `{{ $t := ${T} }}{{ $t.AddDate 0 1 0 }}|{{ (toDate "2006-01-02" "2024-01-31").AddDate 0 1 0 }}|{{ (toDate "2006-01-02" "2024-02-29").AddDate 1 0 -1 }}`,
  `{{ $t := ${T} }}{{ $t.IsZero }} {{ (toDate "x" "y").IsZero }} {{ $t.Before (dateModify "1h" $t) }} {{ $t.After (dateModify "1h" $t) }} {{ $t.Equal $t }}`,
  `{{ (toDate "2006-01-02" "2024-03-05").Weekday }} {{ (toDate "2006-01-02" "2024-03-10").Weekday }} {{ (toDate "2006-01-02" "1969-12-31").Weekday }}`,
  `{{ (toDate "2006-01-02" "2024-12-01").Month }} {{ (toDate "2006-01-02" "2024-12-31").YearDay }}`,
  `{{ (toDate "Z07:00" "+02:00").Location }}|{{ (toDate "2006" "2024").Location }}|{{ (toDate "2006" "2024").UTC.Location }}|{{ (toDate "Z07:00" "Z").Location }}`,
  // times as values of other functions
  `{{ $t := toDate "2006" "2024" }}{{ eq $t $t }}|{{ empty $t }}|{{ toString $t }}|{{ print $t }}|{{ cat $t "x" }}`,
  `{{ $t := toDate "2006" "2024" }}{{ if $t }}yes{{ end }}|{{ default "d" $t }}|{{ printf "%T %q %v" $t $t $t }}|{{ ternary $t 1 true }}|{{ quote $t }}|{{ $t | upper }}`,
];

const dir = mkdtempSync(join(tmpdir(), 'dates-golden-'));
mkdirSync(join(dir, 'templates'));
writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: dates\nversion: 0.1.0\n');
const out = [];
try {
  for (const template of cases) {
    // The case is a named template; its output travels base64-encoded so YAML cannot alter it.
    writeFileSync(join(dir, 'templates/t.yaml'), `{{- define "case" }}${template}{{ end -}}\nv: {{ include "case" . | b64enc }}\n`);
    let stdout = '';
    let error = '';
    try {
      stdout = execFileSync(helm, ['template', 'r', dir], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      error = String(e.stderr);
    }
    if (error) {
      // Keep the innermost message: "error calling f: ..." or Go's type-check message.
      const lines = error.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Use --debug'));
      const last = lines[lines.length - 1];
      const m = /(error calling (?!include)\w+: .*)$/.exec(last);
      out.push({ template, error: m ? m[1] : last });
      continue;
    }
    const m = /^v: ?(.*)$/m.exec(stdout);
    if (!m) throw new Error(`no output for ${template}:\n${stdout}`);
    out.push({ template, output: Buffer.from(m[1], 'base64').toString('utf8') });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const file = new URL('../test/core/template/sprig/golden/dates.json', import.meta.url);
mkdirSync(new URL('.', file), { recursive: true });
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.length} cases (${out.filter((c) => c.error).length} errors)`);
