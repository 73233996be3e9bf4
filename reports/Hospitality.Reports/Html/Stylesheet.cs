namespace Hospitality.Reports.Html;

/// <summary>The one stylesheet of every page, inlined so a report works offline with no other file.</summary>
public static class Stylesheet
{
    public const string Css = """
:root {
  --text: #1f2937; --muted: #6b7280; --faint: #9ca3af; --line: #e5e7eb; --line-soft: #f0f1f4;
  --page: #f5f6f8; --card: #ffffff; --accent: #4e79a7;
  --pass: #166534; --pass-bg: #dcfce7; --fail: #991b1b; --fail-bg: #fee2e2; --na: #4b5563; --na-bg: #eef0f3;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font-family: "DejaVu Sans", "Segoe UI", system-ui, -apple-system, Roboto, Helvetica, Arial, sans-serif;
  font-size: 14px; line-height: 1.55;
}
.page { max-width: 1100px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 0 0 14px; letter-spacing: -0.005em; }
h3 { font-size: 15px; margin: 22px 0 8px; color: var(--text); }
p { margin: 0 0 12px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: "DejaVu Sans Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
code { background: #f3f4f6; border-radius: 4px; padding: 1px 5px; }
.muted { color: var(--muted); }
.small { font-size: 12.5px; }
header.hero {
  background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--pass);
  border-radius: 12px; padding: 22px 26px; margin-bottom: 20px; box-shadow: 0 1px 2px rgba(0,0,0,0.04);
}
header.hero.failed { border-left-color: #dc2626; }
.hero-top { display: flex; align-items: flex-start; justify-content: space-between; gap: 16px; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.08em; font-size: 11.5px; font-weight: 700; color: var(--muted); margin-bottom: 4px; }
.lead { color: #374151; font-size: 15px; margin: 6px 0 0; max-width: 760px; }
.verdict-line { margin-top: 12px; font-size: 14.5px; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin-top: 18px; }
.fact { background: #fafbfc; border: 1px solid var(--line-soft); border-radius: 8px; padding: 9px 12px; min-width: 0; }
.fact.wide { grid-column: span 2; }
.fact .label { font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); font-weight: 600; }
.fact .value { font-size: 16px; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.fact .value.mono { font-size: 14px; }
.fact .sub { font-size: 12px; color: var(--muted); }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 8px; margin: 0 0 20px; }
nav.toc a { background: var(--card); border: 1px solid var(--line); border-radius: 999px; padding: 3px 12px; font-size: 13px; color: var(--text); }
nav.toc a:hover { border-color: var(--accent); color: var(--accent); text-decoration: none; }
section.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  padding: 22px 26px; margin-bottom: 20px; box-shadow: 0 1px 2px rgba(0,0,0,0.04);
}
section.card > h2 { display: flex; align-items: center; gap: 10px; }
.table-wrap { overflow-x: auto; margin: 4px 0 8px; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 8px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line-soft); }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); font-weight: 700; border-bottom: 2px solid var(--line); white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:hover td { background: #fafbfc; }
tr.failed td { background: #fff7f7; }
tr.failed:hover td { background: #fff0f0; }
td .desc { display: block; color: var(--muted); font-size: 12.5px; margin-top: 2px; }
td.strong, .strong { font-weight: 600; }
.badge {
  display: inline-block; border-radius: 999px; padding: 2px 10px; font-size: 11.5px; font-weight: 700;
  letter-spacing: 0.05em; text-transform: uppercase; white-space: nowrap; line-height: 1.6;
}
.badge.pass { background: var(--pass-bg); color: var(--pass); }
.badge.fail { background: var(--fail-bg); color: var(--fail); }
.badge.na { background: var(--na-bg); color: var(--na); }
.badge.expected { background: #fef3c7; color: #92400e; }
.badge.big { font-size: 15px; padding: 6px 16px; }
.tally { display: flex; gap: 8px; flex-wrap: wrap; margin: 0 0 12px; }
.tally.hero-tally { margin-top: 12px; }
figure { margin: 18px 0 4px; }
figure svg { display: block; width: 100%; height: auto; max-width: 880px; margin: 0 auto; }
figcaption { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 6px; }
figcaption a { color: var(--muted); text-decoration: underline; }
.empty { color: var(--muted); font-style: italic; }
ul.divergences { margin: 0 0 12px; padding-left: 20px; }
ul.divergences li { margin: 2px 0; }
.spread .sep { color: var(--faint); padding: 0 3px; }
.spread .med { font-weight: 600; }
footer { color: var(--faint); font-size: 12px; text-align: center; margin-top: 28px; }
@media (max-width: 720px) {
  .page { padding: 16px 10px 40px; }
  header.hero, section.card { padding: 16px 14px; }
  h1 { font-size: 22px; }
  th, td { padding: 6px 6px; }
  table.targets th:last-child, table.targets td:last-child { display: none; }
}
@media print {
  body { background: #fff; }
  section.card, header.hero { box-shadow: none; break-inside: avoid; }
  nav.toc { display: none; }
}
""";
}
