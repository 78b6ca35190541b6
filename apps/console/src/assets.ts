// The console's served assets: one stylesheet, one small script (the live job monitor) and the icon.
// Served from /console/assets so the content security policy can forbid every inline script.

export const CONSOLE_CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --bg: #fff; --line: #d0d7de; --accent: #0b5cad; --focus: #c2410c;
  --ok: #116329; --bad: #a40e26; --warn: #7d4e00; font-family: system-ui, sans-serif; color: var(--fg); }
body { margin: 0; background: var(--bg); line-height: 1.45; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--fg); color: #fff; padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; top: .5rem; }
.banner { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.brand { font-weight: 700; text-decoration: none; color: var(--fg); }
.banner nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
.logout { margin-left: auto; }
.crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; margin: .6rem 1.2rem 0; padding: 0; color: var(--muted); }
.crumbs li + li::before { content: "/"; margin-right: .3rem; }
main { padding: .5rem 1.2rem 2rem; max-width: 72rem; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: .6rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin-top: 1.8rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th[scope=col] { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; font-size: .8rem; padding: .05rem .45rem; border-radius: .6rem; border: 1px solid currentColor; margin-left: .3rem; }
.badge-warn { color: var(--warn); } .badge-ok { color: var(--ok); } .badge-bad { color: var(--bad); } .badge-info { color: var(--muted); }
.notice { border-left: 4px solid var(--accent); background: #f1f6fd; padding: .4rem .9rem; margin: 1rem 0; }
.notice-bad { border-color: var(--bad); background: #fff1f1; }
.notice-warn { border-color: var(--warn); background: #fff8e6; }
.empty { color: var(--muted); font-style: italic; }
form.inline { display: inline; }
fieldset { border: 1px solid var(--line); padding: .6rem 1rem; margin: 1rem 0; }
legend { font-weight: 600; padding: 0 .3rem; }
label { cursor: pointer; }
.choice { display: block; margin: .3rem 0; }
.hint { color: var(--muted); font-size: .9rem; margin: 0 0 .3rem 1.6rem; }
input[type=text], input[type=password], input[type=search] { font: inherit; padding: .35rem .5rem; border: 1px solid var(--muted); border-radius: .25rem; min-width: 18rem; }
button, .button { font: inherit; padding: .4rem .9rem; border-radius: .25rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
.actions { display: flex; gap: .8rem; align-items: center; flex-wrap: wrap; margin: 1rem 0; }
.search { display: flex; gap: .5rem; align-items: center; margin: .5rem 0 1rem; flex-wrap: wrap; }
.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .6rem; margin: 1rem 0; padding: 0; }
.counts div { border: 1px solid var(--line); border-radius: .3rem; padding: .5rem .8rem; }
.counts dt { color: var(--muted); font-size: .85rem; } .counts dd { margin: 0; font-size: 1.4rem; font-variant-numeric: tabular-nums; }
progress { width: 100%; height: 1.2rem; accent-color: var(--accent); }
progress[data-outcome=failed] { accent-color: var(--bad); }
progress[data-outcome=cancelled] { accent-color: var(--warn); }
progress[data-outcome=succeeded] { accent-color: var(--ok); }
.counts dd.count-note { font-size: .8rem; color: var(--muted); }
pre.preview { background: #f6f8fa; border: 1px solid var(--line); padding: .6rem; max-height: 24rem; overflow: auto; white-space: pre-wrap; }
img.preview { max-width: 100%; max-height: 24rem; border: 1px solid var(--line); }
.pager { display: flex; gap: 1rem; }
`;

export const CONSOLE_JOB_JS = `
// Live job monitor: follows the job's server-sent events and re-renders the monitor from the
// server after each one (throttled); falls back to polling when the event stream is unavailable.
(function () {
  var live = document.getElementById('job-live');
  var announce = document.getElementById('job-announce');
  if (!live) return;
  var fragmentUrl = live.getAttribute('data-fragment');
  var eventsUrl = live.getAttribute('data-events');
  var source = null, timer = null, busy = false, again = false, stopped = false, pollTimer = null;
  function isFinal() { return live.getAttribute('data-final') === 'true'; }
  function stop() {
    stopped = true;
    if (source) source.close();
    if (pollTimer) clearInterval(pollTimer);
  }
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(fragmentUrl, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (text) {
        if (text === null) return;
        var box = document.createElement('div');
        box.innerHTML = text;
        var next = box.querySelector('[data-job-status]');
        live.innerHTML = text;
        if (next) {
          var sentence = next.getAttribute('data-announce') || '';
          if (announce && announce.textContent !== sentence) announce.textContent = sentence;
          live.setAttribute('data-final', next.getAttribute('data-final'));
        }
      })
      .catch(function () {})
      .then(function () {
        busy = false;
        if (isFinal()) { stop(); return; }
        if (again) { again = false; schedule(); }
      });
  }
  function schedule() {
    if (timer || stopped) return;
    timer = setTimeout(function () { timer = null; refresh(); }, 250);
  }
  function poll() {
    if (pollTimer || stopped) return;
    pollTimer = setInterval(refresh, 1500);
  }
  if (isFinal()) return;
  if (window.EventSource && eventsUrl) {
    source = new EventSource(eventsUrl);
    ['status', 'progress', 'failures', 'item'].forEach(function (type) { source.addEventListener(type, schedule); });
    source.onerror = function () { source.close(); refresh(); poll(); };
  } else {
    poll();
  }
  refresh();
})();
`;

/** The tab icon: a circular arrow (restore) on the console's accent colour, as SVG. */
export const CONSOLE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#0b5cad"/>
<path d="M16 7a9 9 0 1 1-8.5 6" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/>
<path d="M4.5 9.5l3 4.5 4.5-3" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;
