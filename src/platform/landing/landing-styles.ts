/** The landing page's one stylesheet, inlined so the page needs no other request. */
export const LANDING_CSS = `
:root { --ink: #0f172a; --text: #1e293b; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --blue: #2563eb; --amber: #d97706; --violet: #7c3aed; --slate: #64748b; --ok: #15803d; --warn: #b45309; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--blue); text-decoration: none; } a:hover { text-decoration: underline; }
code { font-family: var(--mono); font-size: .9em; }
.wrap { max-width: 1160px; margin: 0 auto; padding: 0 24px; }
.top { background: var(--ink); color: #f8fafc; }
.top .wrap { display: flex; align-items: center; justify-content: space-between; height: 56px; gap: 16px; }
.brand { font-weight: 700; font-size: 1.15rem; letter-spacing: -.01em; }
.brand small { font-weight: 500; color: #94a3b8; margin-left: 8px; font-size: .8rem; }
.top nav { display: flex; gap: 18px; flex-wrap: wrap; } .top nav a { color: #cbd5e1; font-size: .9rem; } .top nav a:hover { color: #fff; }
.hero { padding: 40px 0 8px; }
.hero h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 12px; color: var(--ink); letter-spacing: -.02em; }
.hero p { max-width: 760px; color: #334155; margin: 0 0 12px; }
.pill { display: inline-block; padding: 1px 10px; border-radius: 999px; font-size: .78rem; font-weight: 600; background: #e2e8f0; color: #334155; vertical-align: middle; }
.pill-ok { background: #dcfce7; color: var(--ok); } .pill-degraded { background: #fef3c7; color: var(--warn); } .pill-mode { background: #dbeafe; color: #1d4ed8; }
section { margin: 28px 0; }
h2 { font-size: 1.2rem; color: var(--ink); margin: 0 0 12px; }
.section-note { margin: -6px 0 14px; color: var(--muted); max-width: 760px; }
.grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; }
.card h3 { margin: 0 0 6px; font-size: 1rem; color: var(--ink); display: flex; align-items: center; gap: 8px; }
.card p { margin: 0; color: #475569; }
.card ul { margin: 8px 0 0; padding-left: 18px; color: #475569; font-size: .92rem; }
.mode.current { border-color: var(--blue); box-shadow: 0 0 0 3px #dbeafe; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 10px 0 0; font-size: .92rem; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.diagram-box { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px; overflow-x: auto; }
.diagram { display: block; width: 100%; min-width: 820px; height: auto; }
.col-title { font: 600 11px system-ui, sans-serif; fill: #94a3b8; letter-spacing: .08em; text-transform: uppercase; }
.node rect { fill: #fff; stroke: #cbd5e1; stroke-width: 1.3; }
.node-label { font: 600 13px system-ui, sans-serif; fill: var(--ink); }
.node-sub { font: 11px var(--mono); fill: #475569; }
.node-clients rect, .node-process rect { fill: var(--ink); stroke: var(--ink); }
.node-clients text, .node-process text { fill: #f1f5f9; } .node-clients .node-sub, .node-process .node-sub { fill: #94a3b8; }
.node-service rect { fill: #eff6ff; stroke: #60a5fa; }
.node-database rect { fill: #f1f5f9; stroke: var(--slate); }
.node-jobs rect, .node-workers rect { fill: #fffbeb; stroke: #f59e0b; }
.node-schedule rect { fill: #fff; stroke: #f59e0b; stroke-dasharray: 4 3; }
.node-topic rect, .node-group rect { fill: #f5f3ff; stroke: #a78bfa; }
.edge { fill: none; stroke-width: 1.6; opacity: .85; } .edge:hover { stroke-width: 2.6; opacity: 1; }
.edge-http { stroke: var(--blue); } .arrow-http path { fill: var(--blue); }
.edge-sql { stroke: var(--slate); } .arrow-sql path { fill: var(--slate); }
.edge-job { stroke: var(--amber); } .arrow-job path { fill: var(--amber); }
.edge-bus { stroke: var(--violet); stroke-dasharray: 5 3; } .arrow-bus path { fill: var(--violet); }
.legend { display: flex; flex-wrap: wrap; gap: 18px; margin: 10px 2px 0; font-size: .85rem; color: var(--muted); }
.legend span::before { content: ''; display: inline-block; width: 22px; height: 0; border-top: 2px solid; vertical-align: middle; margin-right: 6px; }
.legend .l-http::before { border-color: var(--blue); } .legend .l-sql::before { border-color: var(--slate); }
.legend .l-job::before { border-color: var(--amber); } .legend .l-bus::before { border-top-style: dashed; border-color: var(--violet); }
.service h3 code { font-size: 1.05rem; }
.service h4 { margin: 14px 0 6px; font-size: .75rem; text-transform: uppercase; letter-spacing: .07em; color: var(--muted); }
.routes { list-style: none; margin: 0; padding: 0; font-size: .88rem; }
.routes li { display: flex; gap: 8px; align-items: baseline; padding: 2px 0; }
.method { display: inline-block; min-width: 58px; text-align: center; font: 700 .7rem var(--mono); padding: 1px 6px; border-radius: 4px; background: #e2e8f0; color: #334155; }
.m-get { background: #dcfce7; color: #166534; } .m-post { background: #dbeafe; color: #1e40af; }
.m-put, .m-patch { background: #fef3c7; color: #92400e; } .m-delete { background: #fee2e2; color: #991b1b; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { font: .8rem var(--mono); padding: 1px 8px; border-radius: 6px; background: #f1f5f9; border: 1px solid var(--line); }
.chip-job { background: #fffbeb; border-color: #fde68a; } .chip-topic { background: #f5f3ff; border-color: #ddd6fe; }
.none { color: #94a3b8; font-size: .88rem; }
.table-box { background: #fff; border: 1px solid var(--line); border-radius: 10px; overflow-x: auto; }
.processes { width: 100%; border-collapse: collapse; font-size: .9rem; }
.processes th { text-align: left; font-size: .72rem; text-transform: uppercase; letter-spacing: .07em; color: var(--muted); font-weight: 600; }
.processes th, .processes td { padding: 9px 14px; border-bottom: 1px solid var(--line); white-space: nowrap; }
.processes tr:last-child td { border-bottom: 0; } .processes tr.current td { background: #f8fbff; }
.processes .num { text-align: right; font-variant-numeric: tabular-nums; }
.surfaces { grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); }
.surface { color: var(--text); transition: border-color .15s; } .surface:hover { text-decoration: none; border-color: var(--blue); }
.pill-locked { background: #fef3c7; color: var(--warn); }
footer { border-top: 1px solid var(--line); margin-top: 40px; padding: 20px 0 40px; color: var(--muted); font-size: .9rem; }
footer .wrap { display: flex; gap: 18px; flex-wrap: wrap; justify-content: space-between; }
@media (max-width: 640px) { .hero h1 { font-size: 1.5rem; } .top nav { display: none; } }
`
